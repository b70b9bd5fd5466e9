/** The slot engine's answers mapped to flow events: BKnnn refusals become outcomes, outages TurnError. */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { createPerformer, Journal, SpeculationAbandoned, type WriteMode } from "./perform.ts";
import { postgresInstant } from "./writes.ts";
import { resultOf } from "./settle.ts";
import { TurnError } from "./errors.ts";
import type { TurnContext } from "./context.ts";
import { silentLogger } from "../../_shared/logger.ts";
import { APPOINTMENT, DRAFT, HOLD } from "../flow/testing.ts";
import type { FaqQuestion } from "../faq/types.ts";

type RpcAnswer = { data: unknown; error: { code: string; message: string } | null; status: number };

function performerAnswering(answer: RpcAnswer, calls: string[] = [], prefetched: TurnContext["prefetched"] = {}) {
  const db = { rpc: (fn: string) => {
    calls.push(fn);
    return Promise.resolve(answer);
  } } as unknown as SupabaseClient;
  const context = {
    conversation: { id: "c1" },
    patient: { id: "p1" },
    clinic: { id: "k1", name: "Smile" },
    history: [],
    prefetched,
  } as unknown as TurnContext;
  const deps = { db, answerQuestion: () => Promise.resolve({ kind: "no_match" as const }), now: () => new Date(), log: silentLogger };
  return createPerformer(deps, context, new Date("2026-11-22T10:00:00Z"));
}

const refused = (code: string): RpcAnswer => ({ data: null, error: { code, message: code }, status: 400 });
const slot = { slotId: HOLD.slotId, startsAt: HOLD.startsAt, providerId: HOLD.providerId };

Deno.test("a claim refused with BK001 means someone else took the time", async () => {
  const { event } = await performerAnswering(refused("BK001")).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(event.type === "claim_result" && event.outcome, { kind: "taken" });
});

Deno.test("a claim refused with BK004 means the patient's limit of upcoming appointments", async () => {
  const { event } = await performerAnswering(refused("BK004")).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(event.type === "claim_result" && event.outcome, { kind: "refused", reason: "limit_reached" });
});

Deno.test("a confirmation refused with BK007 or BK006 means the hold is gone", async () => {
  for (const code of ["BK006", "BK007"]) {
    const { event } = await performerAnswering(refused(code)).request({ type: "confirm_hold", draft: DRAFT, hold: HOLD });
    assert.deepEqual(event.type === "confirm_result" && event.outcome, { kind: "hold_expired" }, code);
  }
});

Deno.test("a reschedule confirms through reschedule_appointment, not confirm_hold", async () => {
  const calls: string[] = [];
  const draft = { ...DRAFT, rescheduleOf: { ...APPOINTMENT, appointmentId: "a0", startsAt: HOLD.startsAt } };
  const performer = performerAnswering({ data: { id: "a1", starts_at: HOLD.startsAt }, error: null, status: 200 }, calls);
  const { event } = await performer.request({ type: "confirm_hold", draft, hold: HOLD });
  assert.deepEqual(calls, ["reschedule_appointment"]);
  assert.deepEqual(event.type === "confirm_result" && event.outcome, { kind: "confirmed", appointmentId: "a1", startsAt: HOLD.startsAt });
});

Deno.test("a database outage becomes a transient TurnError, so the bot retries the message", async () => {
  await assert.rejects(
    performerAnswering({ data: null, error: { code: "PGRST000", message: "down" }, status: 503 })
      .request({ type: "claim_slot", draft: DRAFT, slot }),
    (error: unknown) => error instanceof TurnError && error.code === "transient",
  );
});

Deno.test("an unexpected refusal (a bug, not a patient's situation) is not dressed up as an outcome", async () => {
  await assert.rejects(
    performerAnswering(refused("BK009")).request({ type: "claim_slot", draft: DRAFT, slot }),
    (error: unknown) => !(error instanceof TurnError),
  );
});

Deno.test("a held claim names the practitioner whose slot it is", async () => {
  const answer = { starts_at: HOLD.startsAt, held_until: HOLD.holdUntil, provider_id: "prov-costa" };
  const { event } = await performerAnswering({ data: answer, error: null, status: 200 }).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(event.type === "claim_result" && event.outcome, {
    kind: "held",
    hold: { slotId: slot.slotId, startsAt: HOLD.startsAt, holdUntil: HOLD.holdUntil, providerId: "prov-costa" },
  });
});

const FROM = "2026-11-24T00:00:00Z";
const TO = "2026-11-25T00:00:00Z";
const readRows = [
  { slot_id: "s1", starts_at: "2026-11-23T15:00:00+00:00", provider_id: "pr1" },
  { slot_id: "s2", starts_at: "2026-11-24T09:00:00+00:00", provider_id: "pr1" },
  { slot_id: "s3", starts_at: "2026-11-24T23:30:00+00:00", provider_id: "pr2" },
  { slot_id: "s4", starts_at: "2026-11-25T00:00:00+00:00", provider_id: "pr1" },
];
const purpose = { kind: "times" as const, draft: DRAFT, day: "2026-11-24", wish: { day: null, range: null, time: null, part: null } };
const loadDay = { type: "load_slots" as const, serviceId: DRAFT.serviceId, from: FROM, to: TO, purpose };
const nothing: RpcAnswer = { data: [], error: null, status: 200 };

Deno.test("free times read ahead by begin_turn answer a day's load without a round trip, cut to its window", async () => {
  const calls: string[] = [];
  const performer = performerAnswering(nothing, calls, { slots: { serviceId: DRAFT.serviceId, limit: 1000, rows: readRows } });
  const { event } = await performer.request(loadDay);
  assert.deepEqual(calls, []);
  assert.deepEqual(event.type === "slots_loaded" && event.slots.map((s) => s.slotId), ["s2", "s3"]);
});

Deno.test("free times of another service, or a read-ahead cut short by its limit, are asked for", async () => {
  for (const slots of [
    { serviceId: "another-service", limit: 1000, rows: readRows },
    { serviceId: DRAFT.serviceId, limit: readRows.length, rows: readRows },
  ]) {
    const calls: string[] = [];
    await performerAnswering(nothing, calls, { slots }).request(loadDay);
    assert.deepEqual(calls, ["available_slots"], slots.serviceId);
  }
});

Deno.test("after the turn changed the world, loads go to the database again: a lost time is never offered from the snapshot", async () => {
  const calls: string[] = [];
  const prefetched = { slots: { serviceId: DRAFT.serviceId, limit: 1000, rows: readRows }, appointments: [] };
  const performer = performerAnswering(refused("BK001"), calls, prefetched);
  await performer.request({ type: "claim_slot", draft: DRAFT, slot });
  await assert.rejects(performer.request(loadDay)); // the scripted database refuses everything; it was asked
  await assert.rejects(performer.request({ type: "load_appointments", purpose: "view" }));
  assert.deepEqual(calls, ["claim_slot", "available_slots", "patient_upcoming_appointments"]);
});

Deno.test("upcoming appointments read ahead answer 'my appointments' without a round trip", async () => {
  const calls: string[] = [];
  const row = { id: "a1", starts_at: HOLD.startsAt, service_id: "sv1", service_name: "Cleaning", provider_id: "pr1", provider_name: "Dr. Silva" };
  const { event } = await performerAnswering(nothing, calls, { appointments: [row] }).request({ type: "load_appointments", purpose: "view" });
  assert.deepEqual(calls, []);
  assert.deepEqual(event.type === "appointments_loaded" && event.appointments.map((a) => a.appointmentId), ["a1"]);
});

// The free days read ahead (freeDays): each practitioner's first free time of each day.

const NOW = "2026-11-22T10:00:00.000Z";
const freeDays = {
  serviceId: DRAFT.serviceId,
  from: "2026-11-22T10:00:00+00:00",
  to: "2026-12-06T10:00:00+00:00",
  limit: 1000,
  found: 37,
  rows: [readRows[0]!, readRows[1]!, readRows[2]!],
};
const noWish = { day: null, range: null, time: null, part: null };
const loadDays = {
  type: "load_slots" as const,
  serviceId: DRAFT.serviceId,
  from: NOW,
  to: "2026-12-07T00:00:00Z",
  purpose: { kind: "days" as const, draft: DRAFT, wish: noWish },
};

Deno.test("the free days read ahead answer a list of days with no wish, logged with every free time found", async () => {
  const calls: string[] = [];
  const performed = await performerAnswering(nothing, calls, { freeDays }).request(loadDays);
  assert.deepEqual(calls, []);
  assert.deepEqual(performed.event.type === "slots_loaded" && performed.event.slots.map((s) => s.slotId), ["s1", "s2", "s3"]);
  assert.deepEqual(resultOf(performed), { slots: 37 });
});

Deno.test("the free days do not answer what needs the times: a narrowing wish, a day's times, a window cutting the read, another service, a read cut short", async () => {
  const loads = [
    { ...loadDays, purpose: { ...loadDays.purpose, wish: { ...noWish, part: "morning" as const } } },
    { ...loadDays, purpose: { ...loadDays.purpose, wish: { ...noWish, time: { hour: 15, minute: 0, ambiguous: false } } } },
    { ...loadDays, purpose: { ...loadDays.purpose, wish: { ...noWish, range: { from: "2026-11-23", to: "2026-11-27" } } } },
    { ...loadDay, from: NOW, to: "2026-12-07T00:00:00Z" },
    { ...loadDays, from: "2026-11-23T00:00:00Z" },
    { ...loadDays, to: "2026-12-05T00:00:00Z" },
    { ...loadDays, serviceId: "another-service" },
  ];
  for (const load of loads) {
    const calls: string[] = [];
    await performerAnswering(nothing, calls, { freeDays }).request(load);
    assert.deepEqual(calls, ["available_slots"], JSON.stringify(load));
  }
  const calls: string[] = [];
  await performerAnswering(nothing, calls, { freeDays: { ...freeDays, found: 1000 } }).request(loadDays);
  assert.deepEqual(calls, ["available_slots"], "found = limit");
});

Deno.test("after the turn changed the world, the free days are asked for again", async () => {
  const calls: string[] = [];
  const performer = performerAnswering(refused("BK001"), calls, { freeDays });
  await performer.request({ type: "claim_slot", draft: DRAFT, slot });
  await assert.rejects(performer.request(loadDays));
  assert.deepEqual(calls, ["claim_slot", "available_slots"]);
});

// Writes deferred to complete_turn (issue 10 §2), and what a turn settled again replays.

function deferring(writes: WriteMode, calls: string[], journal = new Journal()) {
  const db = { rpc: (fn: string) => {
    calls.push(fn);
    return Promise.resolve(fn === "release_hold" ? { data: 1, error: null, status: 200 } : nothing);
  } } as unknown as SupabaseClient;
  const context = {
    conversation: { id: "c1" },
    patient: { id: "p1" },
    clinic: { id: "k1", name: "Smile", holdMinutes: 5 },
    history: [],
    prefetched: {},
  } as unknown as TurnContext;
  const deps = { db, answerQuestion: () => Promise.resolve({ kind: "no_match" as const }), now: () => new Date(), log: silentLogger };
  return createPerformer(deps, context, new Date("2026-11-22T10:00:00.120Z"), { writes, journal });
}

Deno.test("a deferring performer answers the first write from its prediction, without a round trip", async () => {
  const calls: string[] = [];
  const performed = await deferring({ kind: "defer" }, calls).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(calls, []);
  assert.deepEqual(performed.event.type === "claim_result" && performed.event.outcome, {
    kind: "held",
    hold: { ...slot, holdUntil: "2026-11-22T10:05:00.12+00:00" },
  });
  assert.deepEqual(performed.deferred, {
    rpc: "claim_slot",
    args: { p_service_id: DRAFT.serviceId, p_slot_id: slot.slotId, p_replacing_appointment_id: null },
    expect: { starts_at: slot.startsAt, held_until: "2026-11-22T10:05:00.12+00:00", provider_id: slot.providerId },
    fill: {},
  });
});

Deno.test("asked for anything after its deferred write, a deferring performer abandons the settle", async () => {
  const performer = deferring({ kind: "defer" }, []);
  await performer.request({ type: "confirm_hold", draft: DRAFT, hold: HOLD });
  await assert.rejects(performer.request(loadDay), SpeculationAbandoned);
  await assert.rejects(performer.releaseHold(), SpeculationAbandoned);
});

Deno.test("a write complete_turn refused is answered with that refusal, as its own RPC's would have been", async () => {
  const calls: string[] = [];
  const first = await deferring({ kind: "defer" }, calls).request({ type: "claim_slot", draft: DRAFT, slot });
  const write = first.deferred!;
  const again = await deferring({ kind: "refused", write, code: "BK001", message: "taken" }, calls).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(calls, []);
  assert.deepEqual(again.event.type === "claim_result" && again.event.outcome, { kind: "taken" });
  assert.equal(again.code, "BK001");
  assert.equal(again.deferred, undefined);
});

Deno.test("settled again, what the turn already did is replayed from its journal, not done twice", async () => {
  const calls: string[] = [];
  const journal = new Journal();
  const first = deferring({ kind: "defer" }, calls, journal);
  assert.equal(await first.releaseHold(), 1);
  await first.request(loadDay);
  assert.deepEqual(calls, ["release_hold", "available_slots"]);
  const again = deferring({ kind: "eager" }, calls, journal);
  assert.equal(await again.releaseHold(), 1, "the count released then, not 0 from releasing again");
  const { ms } = await again.request(loadDay);
  assert.deepEqual(calls, ["release_hold", "available_slots"], "nothing asked twice");
  assert.equal(typeof ms, "number", "the replayed call keeps the time it took");
});

Deno.test("instants are predicted as PostgreSQL writes them into JSON in a UTC session", () => {
  assert.equal(postgresInstant(new Date("2026-11-22T10:05:00.000Z")), "2026-11-22T10:05:00+00:00");
  assert.equal(postgresInstant(new Date("2026-11-22T10:05:00.120Z")), "2026-11-22T10:05:00.12+00:00");
  assert.equal(postgresInstant(new Date("2026-11-22T10:05:00.123Z")), "2026-11-22T10:05:00.123+00:00");
});

/** The read of one day (2026-11-24 in UTC): what begin_turn reads when a day is picked by its number. */
const oneDay = { serviceId: DRAFT.serviceId, from: FROM, to: TO, limit: 1000, rows: readRows.slice(1, 3) };

Deno.test("a day's free times read ahead answer that day's load without a round trip", async () => {
  const calls: string[] = [];
  const { event } = await performerAnswering(nothing, calls, { daySlots: oneDay }).request(loadDay);
  assert.deepEqual(calls, []);
  assert.deepEqual(event.type === "slots_loaded" && event.slots.map((s) => s.slotId), ["s2", "s3"]);
});

Deno.test("a load outside the day read ahead (the days, after that day turned out full) is asked for", async () => {
  const calls: string[] = [];
  const days = { ...loadDay, from: "2026-11-22T10:00:00.000Z", to: "2026-12-07T00:00:00Z" };
  const nextDay = { ...loadDay, from: TO, to: "2026-11-26T00:00:00Z" };
  const performer = performerAnswering(nothing, calls, { daySlots: oneDay });
  await performer.request(days);
  await performer.request(nextDay);
  await performer.request({ ...loadDay, serviceId: "another-service" });
  assert.deepEqual(calls, ["available_slots", "available_slots", "available_slots"]);
});

/** A performer whose FAQ answerer records what it was handed. */
function performerAsking(prefetched: TurnContext["prefetched"], calls: string[], asked: FaqQuestion[]) {
  const db = { rpc: (fn: string) => (calls.push(fn), Promise.resolve(nothing)) } as unknown as SupabaseClient;
  const context = { conversation: { id: "c1" }, patient: { id: "p1" }, clinic: { id: "k1", name: "Smile" }, history: [], prefetched } as unknown as TurnContext;
  const answerQuestion = (input: FaqQuestion) => (asked.push(input), Promise.resolve({ kind: "no_match" as const }));
  return createPerformer({ db, answerQuestion, now: () => new Date(), log: silentLogger }, context, new Date("2026-11-22T10:00:00Z"));
}

const PARKING_ROW = { id: "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11", question: "Is there parking?", answer: "Yes.", language: "en" as const, score: 2.5 };
const readFaq = { question: "Is there parking?", language: "en", limit: 3, matches: [PARKING_ROW] };

Deno.test("FAQ matches read ahead for the question the flow asks, in its language, are handed to the answerer", async () => {
  const calls: string[] = [];
  const asked: FaqQuestion[] = [];
  await performerAsking({ faq: readFaq }, calls, asked).request({ type: "answer_question", question: "Is there parking?", language: "en" });
  assert.deepEqual(asked.map((q) => q.readAhead), [{ limit: 3, matches: [PARKING_ROW] }]);
  assert.deepEqual(calls, []);
});

Deno.test("FAQ matches read ahead for another text or another language are not handed on", async () => {
  const asked: FaqQuestion[] = [];
  const performer = performerAsking({ faq: readFaq }, [], asked);
  await performer.request({ type: "answer_question", question: "Is there parking", language: "en" });
  await performer.request({ type: "answer_question", question: "Is there parking?", language: "es" });
  assert.deepEqual(asked.map((q) => q.readAhead), [null, null]);
});
