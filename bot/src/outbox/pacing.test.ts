import { describe, expect, it } from "vitest";
import type { PacingConfig } from "../config.ts";
import { CAP_WINDOW_MS, CLAIM_SEND_WINDOW_MS, PACE_JITTER, capResumesAt, claimCapacity, isPaced, nextClaimAt, projectSlots, slotFor, typingMs, type PaceHistory } from "./pacing.ts";

const NOW = Date.UTC(2026, 10, 21, 9, 0, 0);
const PACING: PacingConfig = { gapMs: 15_000, chatGapMs: 30_000, dailyCap: 5 };
const ANA = "ana@s.whatsapp.net";
const BEN = "ben@s.whatsapp.net";

function history(sentAtMs: number[], byChat: [string, number][] = []): PaceHistory {
  return { lastSentAtMs: sentAtMs.at(-1) ?? null, lastSentByChat: new Map(byChat), sentAtMs };
}

describe("pacing", () => {
  it("paces every kind but a staff member's reply, unknown kinds included", () => {
    expect(["reminder", "notice", "staff_alert", "something_new"].every(isPaced)).toBe(true);
    expect(isPaced("staff_reply")).toBe(false);
  });

  it("puts a message after the gap since the last send and the longer gap since the last one to its chat, jittered upwards", () => {
    const h = history([NOW - 5_000], [[ANA, NOW - 5_000]]);
    expect(slotFor(BEN, 0, h, PACING, NOW)).toBe(NOW + 10_000);
    expect(slotFor(ANA, 0, h, PACING, NOW)).toBe(NOW + 25_000);
    expect(slotFor(ANA, 0.999, h, PACING, NOW)).toBeLessThanOrEqual(NOW - 5_000 + 30_000 * (1 + PACE_JITTER));
    expect(slotFor(BEN, 0, history([]), PACING, NOW)).toBe(NOW);
  });

  it("projects each waiting message's slot after the ones before it", () => {
    const slots = projectSlots([{ chatJid: ANA, jitter: 0 }, { chatJid: ANA, jitter: 0 }, { chatJid: BEN, jitter: 0 }], history([]), PACING, NOW);
    expect(slots).toEqual([NOW, NOW + 30_000, NOW + 15_000]);
  });

  it("claims what fits in the lease's send window at the worst-case gap, within the cap", () => {
    expect(claimCapacity(history([]), 0, { ...PACING, dailyCap: 300 }, NOW)).toBe(Math.floor(CLAIM_SEND_WINDOW_MS / 22_500) + 1);
    expect(claimCapacity(history([]), 4, { ...PACING, dailyCap: 300 }, NOW)).toBe(1);
    expect(claimCapacity(history([NOW - 1_000, NOW]), 0, PACING, NOW)).toBe(3);
    expect(claimCapacity(history([]), 0, { gapMs: 0, chatGapMs: 0, dailyCap: 7 }, NOW)).toBe(7);
  });

  it("holds everything once the cap is reached, until the oldest send leaves the 24 hours", () => {
    const sent = [NOW - 20 * 3_600_000, NOW - 3, NOW - 2, NOW - 1, NOW];
    expect(claimCapacity(history(sent), 0, PACING, NOW)).toBe(0);
    expect(capResumesAt(history(sent), 0, PACING, NOW)).toBe(sent[0]! + CAP_WINDOW_MS);
    expect(nextClaimAt(history(sent), 0, PACING, NOW)).toBe(sent[0]! + CAP_WINDOW_MS);
    expect(capResumesAt(history(sent.slice(1)), 0, PACING, NOW)).toBeNull();
  });

  it("looks again when the next gap enters the window, when only time holds a claim back", () => {
    const slow: PacingConfig = { gapMs: 10 * 60_000, chatGapMs: 10 * 60_000, dailyCap: 300 };
    expect(claimCapacity(history([NOW]), 0, slow, NOW)).toBe(0);
    expect(nextClaimAt(history([NOW]), 0, slow, NOW)).toBe(NOW + 15 * 60_000 - CLAIM_SEND_WINDOW_MS);
  });

  it("types for about as long as a person would, within bounds", () => {
    expect(typingMs("ok")).toBe(1_000);
    expect(typingMs("x".repeat(100))).toBe(3_000);
    expect(typingMs("x".repeat(1_000))).toBe(4_000);
  });
});
