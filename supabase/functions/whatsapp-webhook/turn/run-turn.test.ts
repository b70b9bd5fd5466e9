/**
 * The turn against a scripted database: its write committed by complete_turn (two RPCs), settled
 * again from a refusal or another result, and the retry after a lost version race: a staff
 * takeover that lands after a booking's confirmation was done on its own must not swallow it.
 */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { silentLogger } from "../../_shared/logger.ts";
import { runTurn } from "./run-turn.ts";
import { RpcError } from "../../_shared/rpc.ts";
import { DRAFT, HOLD, slotsOn, stateAt } from "../flow/testing.ts";
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
/**
 * complete_turn twice reporting that the booking would start elsewhere (the hold was moved, say):
 * the turn then confirms through confirm_hold on its own, the path where a lost race comes after
 * the booking was made.
 */
const movedTwice = [
  { ok: false, reason: "mispredicted", result: { id: "appt-0", starts_at: "2026-11-24T11:00:00+00:00" } },
  { ok: false, reason: "mispredicted", result: { id: "appt-0", starts_at: "2026-11-24T11:30:00+00:00" } },
];

Deno.test("a takeover after the booking committed: the retried turn still confirms it, and staff keep the chat", async () => {
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5), began("human", 6)],
    confirm_hold: [confirmed],
    release_hold: [0],
    complete_turn: [...movedTwice, { ok: false, reason: "conflict" }, { ok: true, version: 7 }],
  });
  const result = await runTurn(deps(db), input);
  assert.match(result.response ?? "", /Your appointment is \*confirmed\*: Cleaning with Dr\. Ana Silva/);
  assert.equal(calls.filter((c) => c.fn === "confirm_hold").length, 1, "the booking is not made twice");
  const commits = calls.filter((c) => c.fn === "complete_turn");
  assert.equal(commits[3]?.args.p_mode, "human");
  assert.equal(commits[3]?.args.p_expected_version, 6);
  assert.equal(commits[3]?.args.p_reply, result.response);
});

Deno.test("a retry in bot mode after the booking committed commits the same confirmation, not the text read again", async () => {
  // Meanwhile the chat's state changed (say, a message the clinic sent moved it to the menu): "1"
  // read again there would start a booking.
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5), began("bot", 6, stateAt({ kind: "menu" }))],
    confirm_hold: [confirmed],
    release_hold: [0],
    complete_turn: [...movedTwice, { ok: false, reason: "conflict" }, { ok: true, version: 7 }],
  });
  const result = await runTurn(deps(db), input);
  assert.match(result.response ?? "", /\*confirmed\*/);
  assert.equal(calls.filter((c) => c.fn === "load_slots" || c.fn === "available_slots").length, 0);
  assert.equal(calls.filter((c) => c.fn === "complete_turn")[3]?.args.p_mode, "bot");
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

// The turn's write committed by complete_turn (issue 10 §2: these steps in two RPCs).

const SLOTS = slotsOn("2026-11-24", ["09:00", "10:30", "11:00"]);
const PICKING = stateAt({ kind: "pick_time", draft: DRAFT, day: "2026-11-24", slots: SLOTS, shown: SLOTS });
const say = (text: string) => ({ ...input, message: { ...input.message, message: text } });
const names = (calls: Array<{ fn: string }>) => calls.map((c) => c.fn);
type Commit = { args: Record<string, unknown> };
const effectsOf = (commit: Commit | undefined) => (commit?.args.p_turn as { effects: Array<{ type: string; result: unknown }> }).effects;
const writeOf = (commit: Commit | undefined) => (commit?.args.p_turn as { write?: { expect: unknown } }).write;

Deno.test("a picked time is held by complete_turn itself: two RPCs, the hold predicted to the digit", async () => {
  const { db, calls } = scripted({ begin_turn: [began("bot", 5, PICKING)], complete_turn: [{ ok: true, version: 6 }] });
  const result = await runTurn(deps(db), say("1"));
  assert.deepEqual(names(calls), ["begin_turn", "complete_turn"]);
  assert.match(result.response ?? "", /holding this time/);
  const commit = calls[1]!;
  const slot = SLOTS[0]!;
  // claim_slot holds until p_now + the clinic's 5 minutes, written as PostgreSQL writes it.
  assert.deepEqual(writeOf(commit), {
    rpc: "claim_slot",
    args: { p_service_id: DRAFT.serviceId, p_slot_id: slot.slotId, p_replacing_appointment_id: null },
    expect: { starts_at: slot.startsAt, held_until: "2026-11-22T10:05:00+00:00", provider_id: slot.providerId },
    fill: {},
    log: effectsOf(commit).findIndex((e) => e.type === "claim_slot"),
  });
  const state = commit.args.p_state as { step: { kind: string; hold: unknown } };
  assert.equal(state.step.kind, "confirm_booking");
  assert.deepEqual(state.step.hold, { slotId: slot.slotId, startsAt: slot.startsAt, holdUntil: "2026-11-22T10:05:00+00:00", providerId: slot.providerId });
});

Deno.test("a confirmation is booked by complete_turn itself, which fills the new appointment's id into the log", async () => {
  const { db, calls } = scripted({ begin_turn: [began("bot", 5)], complete_turn: [{ ok: true, version: 6 }] });
  const result = await runTurn(deps(db), input);
  assert.deepEqual(names(calls), ["begin_turn", "complete_turn"]);
  assert.match(result.response ?? "", /Your appointment is \*confirmed\*: Cleaning with Dr\. Ana Silva/);
  const commit = calls[1]!;
  const log = effectsOf(commit).findIndex((e) => e.type === "confirm_hold");
  assert.deepEqual(writeOf(commit), {
    rpc: "confirm_hold",
    args: { p_service_id: DRAFT.serviceId },
    expect: { starts_at: HOLD.startsAt },
    fill: { appointmentId: "id" },
    log,
  });
  assert.deepEqual((effectsOf(commit)[log]?.result as { outcome: string }).outcome, "confirmed");
});

Deno.test("a time taken between begin_turn and complete_turn: 'someone else just took that time', with fresh times", async () => {
  const others = SLOTS.slice(1).map((s) => ({ slot_id: s.slotId, starts_at: s.startsAt, provider_id: s.providerId }));
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5, PICKING)],
    complete_turn: [{ ok: false, reason: "refused", code: "BK001", message: "slot is no longer available", ms: 4 }, { ok: true, version: 6 }],
    available_slots: [others],
  });
  const result = await runTurn(deps(db), say("1"));
  assert.deepEqual(names(calls), ["begin_turn", "complete_turn", "available_slots", "complete_turn"]);
  assert.match(result.response ?? "", /someone else just took that time/);
  assert.doesNotMatch(result.response ?? "", /09:00/);
  const commit = calls[3]!;
  assert.equal(writeOf(commit), undefined, "the refused write is not tried again");
  const claim = effectsOf(commit).find((e) => e.type === "claim_slot") as { result: unknown; ms: number } | undefined;
  assert.deepEqual(claim?.result, { outcome: "taken", code: "BK001" });
  assert.equal(claim?.ms, 4, "the log keeps how long the refused write took in the database");
});

Deno.test("a refusal the flow has no answer for is not dressed up as an outcome", async () => {
  const { db } = scripted({
    begin_turn: [began("bot", 5, PICKING)],
    complete_turn: [{ ok: false, reason: "refused", code: "BK009", message: "conversation not found" }],
  });
  await assert.rejects(runTurn(deps(db), say("1")), (error: unknown) => error instanceof RpcError && error.code === "BK009");
});

Deno.test("reminders stopped twice: complete_turn reports the real result, and the turn commits it saying so", async () => {
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5, stateAt({ kind: "confirm_opt_out" }, [{ kind: "menu" }]))],
    complete_turn: [{ ok: false, reason: "mispredicted", result: { optedOut: true, changed: false } }, { ok: true, version: 6 }],
  });
  const result = await runTurn(deps(db), say("yes"));
  assert.deepEqual(names(calls), ["begin_turn", "complete_turn", "complete_turn"]);
  assert.match(result.response ?? "", /You had already stopped reminders/);
  assert.deepEqual(writeOf(calls[1])?.expect, { optedOut: true, changed: true });
  assert.deepEqual(writeOf(calls[2])?.expect, { optedOut: true, changed: false });
});

Deno.test("a takeover that lands before the confirmation commits: nothing was booked, so the retry reads the message afresh", async () => {
  const { db, calls } = scripted({
    begin_turn: [began("bot", 5), began("human", 6)],
    release_hold: [1],
    complete_turn: [{ ok: false, reason: "conflict" }, { ok: true, version: 7 }],
  });
  const result = await runTurn(deps(db), input);
  // Staff have the chat: silent, and the hold goes back (nothing was confirmed).
  assert.equal(result.response, null);
  assert.deepEqual(names(calls), ["begin_turn", "complete_turn", "begin_turn", "release_hold", "complete_turn"]);
  const retry = calls[4]!;
  assert.equal(writeOf(retry), undefined);
  assert.notEqual((retry.args.p_turn as { gateReason: unknown }).gateReason, "effects_committed");
});
