/**
 * The turn's retry after a lost version race, against a scripted database: a staff takeover that
 * lands after the booking's confirmation committed must not swallow the confirmation.
 */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { silentLogger } from "../../_shared/logger.ts";
import { runTurn } from "./run-turn.ts";
import { DRAFT, HOLD, stateAt } from "../flow/testing.ts";
import type { TurnContext } from "./context.ts";

const NOW = new Date("2026-11-22T10:00:00Z");
const CONFIRMING = stateAt({ kind: "confirm_booking", draft: DRAFT, hold: HOLD, name: "Ana" });

function began(mode: "bot" | "human", version: number, state: unknown = CONFIRMING): TurnContext {
  return {
    duplicate: false,
    completed: false,
    conversationId: "c1",
    inboundMessageId: "m1",
    conversation: {
      id: "c1", mode, state, version, pausedUntil: null, previousInboundAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(), staffActivityAt: mode === "human" ? NOW.toISOString() : null,
    },
    patient: { id: "p1", name: "Ana", pushName: "Ana", phone: "+15550000001", language: null },
    clinic: {
      id: "k1", name: "Smile", timezone: "Europe/Lisbon", holdMinutes: 5, horizonDays: 14, minNoticeMinutes: 60,
      sessionIdleMinutes: 30, humanIdleMinutes: 720, cooloffMinutes: 30, rateLimitPerMinute: 20,
      language: "en", locale: "en-GB", askProvider: false, hours: [], openWeekdays: [1, 2, 3, 4, 5, 6], closedDays: [],
    },
    services: [{ id: DRAFT.serviceId, name: "Cleaning", names: {}, keywords: [], durationMinutes: 30, providerIds: [HOLD.providerId] }],
    providers: [{ id: HOLD.providerId, name: "Dr. Ana Silva", names: {} }],
    history: [],
    inboundLastMinute: 1,
    prefetched: {},
  };
}

/** A database answering each RPC from a queue per function, recording every call. */
function scripted(answers: Record<string, unknown[]>) {
  const calls: Array<{ fn: string; args: Record<string, unknown> }> = [];
  const db = {
    rpc: (fn: string, args: Record<string, unknown>) => {
      calls.push({ fn, args });
      const queue = answers[fn];
      if (!queue || queue.length === 0) throw new Error(`unexpected call of ${fn}`);
      return Promise.resolve({ data: queue.shift(), error: null, status: 200 });
    },
  } as unknown as SupabaseClient;
  return { db, calls };
}

const input = {
  channel: { id: "ch1", clinicId: "k1", clinicName: "Smile" },
  message: { messageId: "W1", chatJid: "15550000001@s.whatsapp.net", phone: "+15550000001", pushName: "Ana", message: "1", timestamp: NOW.toISOString() },
};
const deps = (db: SupabaseClient) => ({ db, answerQuestion: () => Promise.resolve({ kind: "no_match" as const }), now: () => NOW, log: silentLogger });
const confirmed = { id: "appt-1", starts_at: HOLD.startsAt };

Deno.test("a takeover after the booking committed: the retried turn still confirms it, and staff keep the chat", async () => {
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5), began("human", 6)],
    confirm_hold: [confirmed],
    release_hold: [0],
    complete_turn: [{ ok: false, reason: "conflict" }, { ok: true, version: 7 }],
  });
  const result = await runTurn(deps(db), input);
  assert.match(result.response ?? "", /Your appointment is \*confirmed\*: Cleaning with Dr\. Ana Silva/);
  assert.equal(calls.filter((c) => c.fn === "confirm_hold").length, 1, "the booking is not made twice");
  const commits = calls.filter((c) => c.fn === "complete_turn");
  assert.equal(commits[1]?.args.p_mode, "human");
  assert.equal(commits[1]?.args.p_expected_version, 6);
  assert.equal(commits[1]?.args.p_reply, result.response);
});

Deno.test("a retry in bot mode after the booking committed commits the same confirmation, not the text read again", async () => {
  // Meanwhile the chat's state changed (say, a message the clinic sent moved it to the menu): "1"
  // read again there would start a booking.
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5), began("bot", 6, stateAt({ kind: "menu" }))],
    confirm_hold: [confirmed],
    release_hold: [0],
    complete_turn: [{ ok: false, reason: "conflict" }, { ok: true, version: 7 }],
  });
  const result = await runTurn(deps(db), input);
  assert.match(result.response ?? "", /\*confirmed\*/);
  assert.equal(calls.filter((c) => c.fn === "load_slots" || c.fn === "available_slots").length, 0);
  assert.equal(calls.filter((c) => c.fn === "complete_turn")[1]?.args.p_mode, "bot");
});

Deno.test("a retry after a lost race that changed nothing reads the message again against the new state", async () => {
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5, stateAt({ kind: "menu" })), began("human", 6, stateAt({ kind: "menu" }))],
    complete_turn: [{ ok: false, reason: "conflict" }, { ok: true, version: 7 }],
    patient_upcoming_appointments: [[]],
  });
  const result = await runTurn(deps(db), { ...input, message: { ...input.message, message: "my appointments" } });
  // Staff took over before the commit: the second attempt is silent.
  assert.equal(result.response, null);
  assert.equal(calls.filter((c) => c.fn === "complete_turn")[1]?.args.p_reply, null);
});
