/**
 * Booking end to end through the pure flow: service → day → time → confirmation (with the name),
 * with the slot engine's answers fed back as events; names offered and kept; practitioners named;
 * lost races and expired holds; my appointments; questions.
 */
import assert from "node:assert/strict";
import { transition, type Transition } from "./transition.ts";
import type { FlowEvent } from "./events.ts";
import type { Effect } from "./effects.ts";
import { initialState } from "./state.ts";
import { NO_WISH } from "./facts.ts";
import { APPOINTMENT, CLEANING, DR_COSTA, DR_SILVA, DRAFT, HOLD, makeContext, replyOf, slotsOn, stateAt } from "./testing.ts";

function only<T extends Effect["type"]>(effects: Effect[], type: T): Extract<Effect, { type: T }> {
  const found = effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  assert.equal(found.length, 1, `expected one ${type} effect in ${JSON.stringify(effects)}`);
  return found[0]!;
}

const TUESDAY = "2026-11-24";

/** Walks from the menu to the time step for Cleaning on Tuesday. */
function toTimeStep(ctx = makeContext()): Transition {
  let t = transition(initialState(), { type: "text", text: "1" }, ctx);
  assert.equal(t.state.step.kind, "pick_service");
  assert.match(replyOf(t.effects), /1\. Cleaning/);
  t = transition(t.state, { type: "text", text: "cleaning" }, ctx);
  const loadDays = only(t.effects, "load_slots");
  assert.deepEqual(loadDays.purpose, { kind: "days", draft: DRAFT, wish: NO_WISH });
  const days = [...slotsOn("2026-11-23", ["09:00"]), ...slotsOn(TUESDAY, ["09:00", "10:30", "11:00"])];
  t = transition(t.state, { type: "slots_loaded", purpose: loadDays.purpose, slots: days }, ctx);
  assert.equal(t.state.step.kind, "pick_day");
  assert.match(replyOf(t.effects), /1\. Mon 23 Nov\n2\. Tue 24 Nov/);
  t = transition(t.state, { type: "text", text: "2" }, ctx);
  const loadTimes = only(t.effects, "load_slots");
  assert.deepEqual(loadTimes.purpose, { kind: "times", draft: DRAFT, day: TUESDAY, wish: { ...NO_WISH, day: TUESDAY } });
  assert.equal(loadTimes.from, "2026-11-24T00:00:00.000Z");
  assert.equal(loadTimes.to, "2026-11-25T00:00:00.000Z");
  t = transition(t.state, { type: "slots_loaded", purpose: loadTimes.purpose, slots: slotsOn(TUESDAY, ["09:00", "10:30", "11:00"]) }, ctx);
  assert.equal(t.state.step.kind, "pick_time");
  assert.match(replyOf(t.effects), /Free times on \*Tue 24 Nov\*:\n\n1\. 09:00\n2\. 10:30\n3\. 11:00/);
  return t;
}

function held(t: Transition, ctx = makeContext()): Transition {
  const claim = only(t.effects, "claim_slot");
  const event: FlowEvent = { type: "claim_result", draft: claim.draft, slot: claim.slot, outcome: { kind: "held", hold: HOLD } };
  return transition(t.state, event, ctx);
}

/** The slot engine books the hold that `t` asks to confirm. */
function confirmed(t: Transition, ctx = makeContext()): Transition {
  const confirm = only(t.effects, "confirm_hold");
  const outcome = { kind: "confirmed", appointmentId: "appt-9", startsAt: HOLD.startsAt } as const;
  return transition(t.state, { type: "confirm_result", draft: confirm.draft, hold: confirm.hold, outcome }, ctx);
}

Deno.test("a new patient books under the WhatsApp name: the summary names service, practitioner, day, time and name", () => {
  const ctx = makeContext({ name: null, pushName: "Ana" });
  let t = transition(toTimeStep(ctx).state, { type: "text", text: "10:30" }, ctx);
  assert.equal(only(t.effects, "claim_slot").slot.slotId, `slot-${DR_SILVA.id}-${TUESDAY}-10:30`);
  t = held(t, ctx);
  assert.equal(t.state.step.kind, "confirm_booking");
  assert.match(replyOf(t.effects), /Cleaning with Dr\. Ana Silva\nTue 24 Nov, 10:30\nName: Ana[\s\S]*5 minutes[\s\S]*1\. Confirm\n2\. Choose another time\n3\. Use another name/);
  t = transition(t.state, { type: "text", text: "yes" }, ctx);
  t = confirmed(t, ctx);
  assert.match(replyOf(t.effects), /confirmed.*Cleaning with Dr\. Ana Silva on \*Tue 24 Nov, 10:30\*/);
  assert.deepEqual(only(t.effects, "set_patient_name"), { type: "set_patient_name", name: "Ana" });
  assert.equal(t.state.step.kind, "menu");
});

Deno.test("a patient may book under another name than their WhatsApp one", () => {
  const ctx = makeContext({ name: null, pushName: "Ana 🌸" });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  t = transition(t.state, { type: "text", text: "use another name" }, ctx);
  assert.match(replyOf(t.effects), /What name should the booking be under\?/);
  t = transition(t.state, { type: "text", text: "Ana Sousa" }, ctx);
  assert.equal(t.state.step.kind === "confirm_booking" && t.state.step.name, "Ana Sousa");
  assert.match(replyOf(t.effects), /Name: Ana Sousa[\s\S]*1\. Confirm/);
});

Deno.test("a name that reads like a practitioner's or a service's is still a name when one is asked for", () => {
  const ctx = makeContext({ name: null, pushName: null });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  t = transition(t.state, { type: "text", text: "Joana Lima" }, ctx);
  assert.equal(t.state.step.kind === "confirm_booking" && t.state.step.name, "Joana Lima");
});

Deno.test("a yes or no word is not taken as a name when none is known", () => {
  const ctx = makeContext({ name: null, pushName: null });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  for (const word of ["yes", "no"]) {
    t = transition(t.state, { type: "text", text: word }, ctx);
    assert.equal(t.state.step.kind === "confirm_booking" && t.state.step.name, null);
    assert.ok(!t.effects.some((e) => e.type === "confirm_hold"));
  }
});

Deno.test("without any name the patient is asked to type one, and digits are refused", () => {
  const ctx = makeContext({ name: null, pushName: null });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  assert.match(replyOf(t.effects), /Almost done[\s\S]*What name should the booking be under\?/);
  assert.doesNotMatch(replyOf(t.effects), /1\./);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  assert.equal(t.state.step.kind, "confirm_booking");
  assert.equal(t.state.invalid, 1);
});

Deno.test("a known name is never asked again and never overwritten", () => {
  const ctx = makeContext({ name: "Ana Sousa", pushName: "Nana" });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  assert.equal(t.state.step.kind, "confirm_booking");
  assert.match(replyOf(t.effects), /Name: Ana Sousa/);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  t = confirmed(t, ctx);
  assert.ok(!t.effects.some((e) => e.type === "set_patient_name"));
});

Deno.test("a time taken meanwhile says so clearly and offers that day's fresh times", () => {
  const ctx = makeContext();
  const t = transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx);
  const claim = only(t.effects, "claim_slot");
  const lost = transition(t.state, { type: "claim_result", draft: claim.draft, slot: claim.slot, outcome: { kind: "taken" } }, ctx);
  assert.match(replyOf(lost.effects), /someone else just took that time/);
  const reload = only(lost.effects, "load_slots");
  assert.deepEqual(reload.purpose, { kind: "times", draft: DRAFT, day: TUESDAY, wish: NO_WISH, taken: claim.slot.slotId });
  const fresh = transition(lost.state, { type: "slots_loaded", purpose: reload.purpose, slots: slotsOn(TUESDAY, ["09:00", "11:00"]) }, ctx);
  assert.match(replyOf(fresh.effects), /1\. 09:00\n2\. 11:00/);
  assert.equal(fresh.state.step.kind, "pick_time");
});

Deno.test("the fresh times after a taken time never offer it again, though a read racing the winner's commit still saw it free", () => {
  const ctx = makeContext();
  const t = transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx);
  const claim = only(t.effects, "claim_slot");
  const lost = transition(t.state, { type: "claim_result", draft: claim.draft, slot: claim.slot, outcome: { kind: "taken" } }, ctx);
  const reload = only(lost.effects, "load_slots");
  const stillSeen = [...slotsOn(TUESDAY, ["09:00"]), claim.slot, ...slotsOn(TUESDAY, ["16:00"])];
  const fresh = transition(lost.state, { type: "slots_loaded", purpose: reload.purpose, slots: stillSeen }, ctx);
  assert.match(replyOf(fresh.effects), /1\. 09:00\n2\. 16:00/);
  if (fresh.state.step.kind !== "pick_time") throw new Error(`at ${fresh.state.step.kind}`);
  assert.ok(!fresh.state.step.slots.some((slot) => slot.slotId === claim.slot.slotId));
});

Deno.test("a hold that expired before confirming releases, explains and offers fresh times", () => {
  const ctx = makeContext({ name: "Ana" });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  t = transition(t.state, { type: "text", text: "confirm" }, ctx);
  const confirm = only(t.effects, "confirm_hold");
  t = transition(t.state, { type: "confirm_result", draft: confirm.draft, hold: confirm.hold, outcome: { kind: "hold_expired" } }, ctx);
  assert.equal(t.effects[0]?.type, "release_hold");
  assert.match(replyOf(t.effects), /only hold that time for 5 minutes/);
  assert.equal(only(t.effects, "load_slots").purpose.kind, "times");
  assert.equal(t.state.step.kind, "pick_time");
});

Deno.test("choosing another time at the confirmation releases the hold before reloading the day", () => {
  const ctx = makeContext({ name: "Ana" });
  let t = held(transition(toTimeStep(ctx).state, { type: "text", text: "2" }, ctx), ctx);
  t = transition(t.state, { type: "text", text: "2" }, ctx);
  assert.deepEqual(t.effects.map((e) => e.type), ["release_hold", "load_slots"]);
  assert.equal(t.state.step.kind, "pick_time");
});

Deno.test("more free times than fit on a screen are spread over the day, first and last included", () => {
  const ctx = makeContext();
  const times = Array.from({ length: 16 }, (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`);
  const purpose = { kind: "times" as const, draft: DRAFT, day: TUESDAY, wish: NO_WISH };
  const t = transition(stateAt({ kind: "pick_day", draft: DRAFT, days: [TUESDAY], wish: NO_WISH }), { type: "slots_loaded", purpose, slots: slotsOn(TUESDAY, times) }, ctx);
  const text = replyOf(t.effects);
  assert.match(text, /1\. 09:00/);
  assert.match(text, /8\. 16:30/);
  assert.doesNotMatch(text, /9\./);
});

Deno.test("no free times in the whole horizon says so and offers staff", () => {
  const ctx = makeContext();
  const t = transition(stateAt({ kind: "pick_service", providerId: null, wish: NO_WISH }, [{ kind: "menu" }]), {
    type: "slots_loaded",
    purpose: { kind: "days", draft: DRAFT, wish: NO_WISH },
    slots: [],
  }, ctx);
  assert.match(replyOf(t.effects), /no free times for \*Cleaning\* in the next 14 days[\s\S]*staff/);
  assert.equal(t.state.step.kind, "pick_service");
});

Deno.test("my appointments: choose one, cancel it after confirming", () => {
  const ctx = makeContext();
  let t = transition(initialState(), { type: "text", text: "2" }, ctx);
  assert.equal(only(t.effects, "load_appointments").purpose, "view");
  t = transition(t.state, { type: "appointments_loaded", purpose: "view", appointments: [APPOINTMENT] }, ctx);
  assert.match(replyOf(t.effects), /1\. Cleaning with Dr\. Ana Silva, Tue 24 Nov, 10:30/);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  assert.match(replyOf(t.effects), /1\. Reschedule\n2\. Cancel this appointment/);
  t = transition(t.state, { type: "text", text: "2" }, ctx);
  assert.match(replyOf(t.effects), /Cancel your Cleaning with Dr\. Ana Silva on \*Tue 24 Nov, 10:30\*\?/);
  t = transition(t.state, { type: "text", text: "yes" }, ctx);
  const cancel = only(t.effects, "cancel_appointment");
  t = transition(t.state, { type: "cancel_result", appointment: cancel.appointment, outcome: { kind: "cancelled" } }, ctx);
  assert.match(replyOf(t.effects), /\*cancelled\*/);
  assert.equal(t.state.step.kind, "menu");
});

Deno.test("my appointments: keeping it at the confirmation cancels nothing", () => {
  const ctx = makeContext();
  const t = transition(stateAt({ kind: "confirm_cancel", appointment: APPOINTMENT }), { type: "text", text: "no" }, ctx);
  assert.ok(!t.effects.some((e) => e.type === "cancel_appointment"));
  assert.match(replyOf(t.effects), /stays as it is/);
});

Deno.test("my appointments: none upcoming says so and shows the menu", () => {
  const t = transition(initialState(), { type: "appointments_loaded", purpose: "view", appointments: [] }, makeContext());
  assert.match(replyOf(t.effects), /no upcoming appointments[\s\S]*1\. Book an appointment/);
});

Deno.test("rescheduling holds the new time and confirms the move with both times shown", () => {
  const ctx = makeContext({ name: "Ana" });
  let t = transition(stateAt({ kind: "appointment_actions", appointment: APPOINTMENT }), { type: "text", text: "reschedule" }, ctx);
  const load = only(t.effects, "load_slots");
  const draft = { serviceId: CLEANING.id, providerId: null, rescheduleOf: APPOINTMENT };
  assert.deepEqual(load.purpose, { kind: "days", draft, wish: NO_WISH });
  t = transition(t.state, { type: "slots_loaded", purpose: load.purpose, slots: slotsOn("2026-11-25", ["09:00"]) }, ctx);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  const loadTimes = only(t.effects, "load_slots");
  t = transition(t.state, { type: "slots_loaded", purpose: loadTimes.purpose, slots: slotsOn("2026-11-25", ["09:00"]) }, ctx);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  const claim = only(t.effects, "claim_slot");
  const hold = { slotId: claim.slot.slotId, startsAt: claim.slot.startsAt, holdUntil: "2026-11-22T10:05:00Z", providerId: claim.slot.providerId };
  t = transition(t.state, { type: "claim_result", draft: claim.draft, slot: claim.slot, outcome: { kind: "held", hold } }, ctx);
  assert.match(replyOf(t.effects), /Move your Cleaning with Dr\. Ana Silva\nfrom Tue 24 Nov, 10:30\nto \*Wed 25 Nov, 09:00\*/);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  const confirm = only(t.effects, "confirm_hold");
  assert.deepEqual(confirm.draft, draft);
  t = transition(t.state, { type: "confirm_result", draft, hold, outcome: { kind: "confirmed", appointmentId: "appt-2", startsAt: hold.startsAt } }, ctx);
  assert.match(replyOf(t.effects), /Cleaning with Dr\. Ana Silva is now \*confirmed\* for \*Wed 25 Nov, 09:00\*/);
});

Deno.test("a move never offers the appointment's own time, and names the new practitioner when it is another", () => {
  // Regression: in a clinic that picks the practitioner, "reschedule" listed the appointment's own
  // time (free with another doctor) and the summary read "Move your Cleaning with Dr. Rui Costa
  // from Tue 24 Nov, 10:30 to Tue 24 Nov, 10:30" for an appointment with Dr. Ana Silva.
  const ctx = makeContext({ name: "Ana" });
  let t = transition(stateAt({ kind: "appointment_actions", appointment: APPOINTMENT }), { type: "text", text: "reschedule" }, ctx);
  const load = only(t.effects, "load_slots");
  const days = [...slotsOn(TUESDAY, ["10:30"], undefined, DR_COSTA.id), ...slotsOn("2026-11-25", ["09:00"], undefined, DR_COSTA.id)];
  t = transition(t.state, { type: "slots_loaded", purpose: load.purpose, slots: days }, ctx);
  assert.equal(t.state.step.kind, "pick_day");
  assert.doesNotMatch(replyOf(t.effects), /Tue 24 Nov/, "a day whose only free time is the appointment's own is not offered");
  assert.match(replyOf(t.effects), /1\. Wed 25 Nov/);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  const loadTimes = only(t.effects, "load_slots");
  t = transition(t.state, { type: "slots_loaded", purpose: loadTimes.purpose, slots: slotsOn("2026-11-25", ["09:00"], undefined, DR_COSTA.id) }, ctx);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  const claim = only(t.effects, "claim_slot");
  assert.equal(claim.slot.providerId, DR_COSTA.id);
  const hold = { slotId: claim.slot.slotId, startsAt: claim.slot.startsAt, holdUntil: "2026-11-22T10:05:00Z", providerId: claim.slot.providerId };
  t = transition(t.state, { type: "claim_result", draft: claim.draft, slot: claim.slot, outcome: { kind: "held", hold } }, ctx);
  assert.match(replyOf(t.effects), /Move your Cleaning with Dr\. Ana Silva\nfrom Tue 24 Nov, 10:30\nto \*Wed 25 Nov, 09:00\* with Dr\. Rui Costa\n/);
});

Deno.test("the times of a move's day leave out the appointment's own start, typed or listed", () => {
  const ctx = makeContext({ name: "Ana" });
  const draft = { serviceId: CLEANING.id, providerId: null, rescheduleOf: APPOINTMENT };
  const purpose = { kind: "times", draft, day: TUESDAY, wish: { ...NO_WISH, day: TUESDAY } } as const;
  const free = [...slotsOn(TUESDAY, ["10:30"], undefined, DR_COSTA.id), ...slotsOn(TUESDAY, ["11:00"])];
  let t = transition(stateAt({ kind: "appointment_actions", appointment: APPOINTMENT }), { type: "text", text: "reschedule" }, ctx);
  t = transition(t.state, { type: "slots_loaded", purpose: only(t.effects, "load_slots").purpose, slots: free }, ctx);
  t = transition(t.state, { type: "text", text: "1" }, ctx);
  assert.deepEqual(only(t.effects, "load_slots").purpose, purpose);
  t = transition(t.state, { type: "slots_loaded", purpose, slots: free }, ctx);
  assert.equal(t.state.step.kind, "pick_time");
  assert.match(replyOf(t.effects), /1\. 11:00/);
  assert.doesNotMatch(replyOf(t.effects), /10:30/);
  t = transition(t.state, { type: "text", text: "10:30" }, ctx);
  assert.equal(t.effects.some((e) => e.type === "claim_slot"), false, "the appointment's own time is not claimed when typed");
});

Deno.test("a question is answered and the patient may ask another", () => {
  const ctx = makeContext();
  let t = transition(initialState(), { type: "text", text: "3" }, ctx);
  assert.equal(t.state.step.kind, "ask_question");
  t = transition(t.state, { type: "text", text: "where do I park?" }, ctx);
  assert.deepEqual(only(t.effects, "answer_question"), { type: "answer_question", question: "where do I park?", language: "en" });
  t = transition(t.state, { type: "question_answered", answer: { kind: "answered", text: "Free parking behind the building." } }, ctx);
  assert.match(replyOf(t.effects), /^Free parking behind the building\.\n\nAsk another question/);
});

Deno.test("a question without an answer is told so honestly and offered staff", () => {
  const t = transition(initialState(), { type: "question_answered", answer: { kind: "no_match" } }, makeContext());
  assert.match(replyOf(t.effects), /don't have an answer[\s\S]*\*staff\*/);
});

Deno.test("restarting after an idle session releases a held slot and welcomes the patient back", () => {
  const state = stateAt({ kind: "confirm_booking", draft: DRAFT, hold: HOLD, name: "Ana" });
  const t = transition(state, { type: "restart", reason: "idle" }, makeContext());
  assert.equal(t.effects[0]?.type, "release_hold");
  assert.match(replyOf(t.effects), /Welcome back[\s\S]*1\. Book an appointment/);
});

Deno.test("a question while looking at the appointments is answered from the FAQ; picking one to cancel is not", () => {
  const ctx = makeContext();
  const viewing = transition(stateAt({ kind: "appointments", purpose: "view", list: [APPOINTMENT] }), { type: "text", text: "is there parking?" }, ctx);
  assert.deepEqual(viewing.effects, [{ type: "answer_question", question: "is there parking?", language: "en" }]);
  const cancelling = transition(stateAt({ kind: "appointments", purpose: "cancel", list: [APPOINTMENT, APPOINTMENT] }), { type: "text", text: "is there parking?" }, ctx);
  assert.match(replyOf(cancelling.effects), /^Sorry, I didn't get that/);
});
