/**
 * Pacing of proactive messages (reminders, notices, staff alerts: every outbox kind except
 * `staff_reply`, and any kind this bot does not know), so the clinic's number never sends like a
 * bulk sender: a gap between any two, a longer one between two to the same patient, each jittered
 * upwards by up to PACE_JITTER so the rhythm is not mechanical, and a cap per 24 hours beyond
 * which they stay in the outbox. Replies never pass through here: the function's answer to a
 * patient's message is sent at once (relay-worker.ts), and so is a staff member's reply.
 *
 * The outbox claim is a lease (claim_outbox: 120 s, then the row may be handed out again, one
 * attempt used), so the bot claims only as many proactive messages as it can send within
 * CLAIM_SEND_WINDOW_MS of the claim, and none while the daily cap is reached (the claim's
 * `pacedLimit`; staff replies are claimed regardless). Pure functions.
 */
import type { PacingConfig } from "../config.ts";

/** supabase/migrations …_create_outbox_rpcs.sql, claim_outbox: c_claim_seconds. */
export const CLAIM_LEASE_MS = 120_000;
/** What is claimed goes out within this much of the claim: the lease minus time for typing, the send and the ack. */
export const CLAIM_SEND_WINDOW_MS = 90_000;
/** Each gap is lengthened by a random fraction up to this (0.5: a 15 s gap becomes 15–22.5 s). */
export const PACE_JITTER = 0.5;
/** The daily cap counts the sends of the last 24 hours (a rolling window, no time zone needed). */
export const CAP_WINDOW_MS = 24 * 60 * 60_000;
/** "Typing…" before a proactive message: about as long as a person would type it, within bounds. */
export const TYPING_MS_PER_CHAR = 30;
export const MIN_TYPING_MS = 1_000;
export const MAX_TYPING_MS = 4_000;

/** A staff member answering a patient: a reply, never held back. Every other kind is paced. */
const UNPACED_KINDS: ReadonlySet<string> = new Set(["staff_reply"]);

export function isPaced(kind: string): boolean {
  return !UNPACED_KINDS.has(kind);
}

export function typingMs(text: string): number {
  return Math.min(MAX_TYPING_MS, Math.max(MIN_TYPING_MS, Array.from(text).length * TYPING_MS_PER_CHAR));
}

/** What pacing remembers: the last proactive send, per chat, and every one within CAP_WINDOW_MS. */
export interface PaceHistory {
  lastSentAtMs: number | null;
  lastSentByChat: ReadonlyMap<string, number>;
  /** Ascending. */
  sentAtMs: readonly number[];
}

/** How many proactive sends count against the cap at `nowMs`. */
export function sentInWindow(history: PaceHistory, nowMs: number): number {
  return history.sentAtMs.filter((at) => at > nowMs - CAP_WINDOW_MS).length;
}

/** The longest a gap can be once jittered. */
function worstGap(gapMs: number): number {
  return gapMs * (1 + PACE_JITTER);
}

/**
 * When a message for `chatJid` may go out: `jitter` in [0, 1) is drawn once per message, so its
 * slot does not move between looks.
 */
export function slotFor(chatJid: string, jitter: number, history: PaceHistory, pacing: PacingConfig, nowMs: number): number {
  const stretch = 1 + PACE_JITTER * jitter;
  const afterAny = history.lastSentAtMs === null ? nowMs : history.lastSentAtMs + pacing.gapMs * stretch;
  const lastToChat = history.lastSentByChat.get(chatJid);
  const afterChat = lastToChat === undefined ? nowMs : lastToChat + pacing.chatGapMs * stretch;
  return Math.ceil(Math.max(nowMs, afterAny, afterChat));
}

/**
 * When each waiting message would go out if nothing else changes: the earliest slot first (ties:
 * the one waiting longest), each send moving the gaps on for the rest. Returned in `waiting`'s order.
 */
export function projectSlots(
  waiting: readonly { chatJid: string; jitter: number }[],
  history: PaceHistory,
  pacing: PacingConfig,
  nowMs: number,
): number[] {
  const slots = new Array<number>(waiting.length);
  const lastByChat = new Map(history.lastSentByChat);
  let lastSentAtMs = history.lastSentAtMs;
  const left = new Set(waiting.keys());
  while (left.size > 0) {
    const view: PaceHistory = { lastSentAtMs, lastSentByChat: lastByChat, sentAtMs: history.sentAtMs };
    let best: { index: number; slot: number } | undefined;
    for (const index of left) {
      const entry = waiting[index] as { chatJid: string; jitter: number };
      const slot = slotFor(entry.chatJid, entry.jitter, view, pacing, nowMs);
      if (best === undefined || slot < best.slot) best = { index, slot };
    }
    if (best === undefined) break;
    slots[best.index] = best.slot;
    left.delete(best.index);
    lastSentAtMs = best.slot;
    lastByChat.set((waiting[best.index] as { chatJid: string }).chatJid, best.slot);
  }
  return slots;
}

/**
 * How many proactive messages a claim may take now, with `queued` already claimed and waiting:
 * as many as fit in the send window at the worst-case gap, and no more than the cap leaves.
 */
export function claimCapacity(history: PaceHistory, queued: number, pacing: PacingConfig, nowMs: number): number {
  const budget = pacing.dailyCap - sentInWindow(history, nowMs) - queued;
  if (budget <= 0) return 0;
  const gap = worstGap(pacing.gapMs);
  if (gap === 0) return budget;
  const first = history.lastSentAtMs === null ? nowMs : Math.max(nowMs, history.lastSentAtMs + gap);
  const afterQueued = first + queued * gap;
  const end = nowMs + CLAIM_SEND_WINDOW_MS;
  const fit = afterQueued > end ? 0 : Math.floor((end - afterQueued) / gap) + 1;
  return Math.min(fit, budget);
}

/** While the cap holds messages back (nothing may be claimed), when the next one may go; else null. */
export function capResumesAt(history: PaceHistory, queued: number, pacing: PacingConfig, nowMs: number): number | null {
  const recent = history.sentAtMs.filter((at) => at > nowMs - CAP_WINDOW_MS);
  const over = recent.length + queued - pacing.dailyCap;
  if (over < 0) return null;
  // The oldest sends leave the window one by one; `over + 1` of them must go for one more to fit.
  const freeing = recent[over];
  return freeing === undefined ? null : freeing + CAP_WINDOW_MS;
}

/**
 * When a claim may take a message again, if the capacity is 0 now and nothing but time changes it:
 * the cap's end, or the time the gap after the last send enters the window. Null when only a send
 * of what is queued can make room (the caller looks again after that send).
 */
export function nextClaimAt(history: PaceHistory, queued: number, pacing: PacingConfig, nowMs: number): number | null {
  const resumes = capResumesAt(history, queued, pacing, nowMs);
  if (resumes !== null) return queued > 0 ? null : resumes;
  const gap = worstGap(pacing.gapMs);
  if (queued * gap > CLAIM_SEND_WINDOW_MS || history.lastSentAtMs === null) return null;
  return Math.ceil(history.lastSentAtMs + gap + queued * gap - CLAIM_SEND_WINDOW_MS);
}
