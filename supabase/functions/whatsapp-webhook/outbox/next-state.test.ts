/** When a message the clinic sends may move the chat, and the "choose a new time" state it builds. */
import assert from "node:assert/strict";
import { initialState, loadState, STATE_VERSION } from "../flow/state.ts";
import { transition } from "../flow/transition.ts";
import { makeContext, NURSE_LIMA, slotsOn, SUNDAY_MORNING, WHITENING } from "../flow/testing.ts";
import { NO_WISH } from "../flow/facts.ts";
import { type ConversationFacts, isIdle, rebookState } from "./next-state.ts";

const NOW = SUNDAY_MORNING;
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const midBooking = { v: STATE_VERSION, step: { kind: "pick_service", providerId: null, wish: NO_WISH }, stack: [{ kind: "menu" }], invalid: 0 };

function chat(overrides: Partial<ConversationFacts> = {}): ConversationFacts {
  return {
    mode: "bot",
    state: initialState(),
    version: 7,
    pausedUntil: null,
    lastInboundAt: minutesAgo(5),
    updatedAt: minutesAgo(5),
    sessionIdleMinutes: 30,
    ...overrides,
  };
}

Deno.test("a chat at the main menu is idle, even right after the patient wrote", () => {
  assert.equal(isIdle(chat(), NOW), true);
});

Deno.test("a chat without state yet, or with a state an older deploy wrote, is idle", () => {
  assert.equal(isIdle(chat({ state: {} }), NOW), true);
  assert.equal(isIdle(chat({ state: { v: 0, screen: "old" } }), NOW), true);
});

Deno.test("a chat in the middle of a booking is not idle while the patient is active", () => {
  assert.equal(isIdle(chat({ state: midBooking, lastInboundAt: minutesAgo(29), updatedAt: minutesAgo(29) }), NOW), false);
});

Deno.test("a chat in the middle of a booking is idle once quiet for the clinic's session minutes", () => {
  assert.equal(isIdle(chat({ state: midBooking, lastInboundAt: minutesAgo(30), updatedAt: minutesAgo(31) }), NOW), true);
});

Deno.test("a recent change of the chat (not only a message) keeps it busy", () => {
  assert.equal(isIdle(chat({ state: midBooking, lastInboundAt: minutesAgo(90), updatedAt: minutesAgo(2) }), NOW), false);
});

Deno.test("a chat with staff, or in a cool-off, is never idle", () => {
  assert.equal(isIdle(chat({ mode: "human" }), NOW), false);
  assert.equal(isIdle(chat({ pausedUntil: new Date(NOW.getTime() + 60_000).toISOString() }), NOW), false);
  assert.equal(isIdle(chat({ pausedUntil: minutesAgo(1) }), NOW), true);
});

const APPOINTMENT = {
  appointmentId: "appt-1",
  serviceId: WHITENING.id,
  serviceName: WHITENING.name,
  providerId: NURSE_LIMA.id,
  providerName: NURSE_LIMA.name,
  startsAt: "2026-11-24T10:00:00.000Z",
};
const SLOTS = slotsOn("2026-11-25", ["09:00", "10:00", "11:00", "14:00"]);

Deno.test("the rebook state is a valid flow state at the time step, rescheduling the appointment", () => {
  const state = rebookState(APPOINTMENT, null, "2026-11-25", SLOTS, SLOTS.slice(0, 3));
  assert.deepEqual(loadState(state), { kind: "current", state });
  assert.equal(state.step.kind, "pick_time");
  if (state.step.kind !== "pick_time") return;
  assert.deepEqual(state.step.draft, { serviceId: WHITENING.id, providerId: null, rescheduleOf: APPOINTMENT });
  assert.equal(state.step.shown.length, 3);
  assert.equal(state.step.slots.length, 4);
});

Deno.test("a number in the rebook state claims that time to move the appointment, through the normal flow", () => {
  const state = rebookState(APPOINTMENT, null, "2026-11-25", SLOTS, SLOTS.slice(0, 3));
  const next = transition(state, { type: "text", text: "2" }, makeContext({ name: "Ana Silva" }));
  assert.deepEqual(next.effects, [
    { type: "claim_slot", draft: { serviceId: WHITENING.id, providerId: null, rescheduleOf: APPOINTMENT }, slot: SLOTS[1] },
  ]);
});

Deno.test("a typed time of that day that was not numbered is claimed too", () => {
  const state = rebookState(APPOINTMENT, null, "2026-11-25", SLOTS, SLOTS.slice(0, 3));
  const next = transition(state, { type: "text", text: "14:00" }, makeContext({ name: "Ana Silva" }));
  assert.equal(next.effects[0]?.type, "claim_slot");
});

Deno.test("menu leaves the rebook state for the main menu", () => {
  const state = rebookState(APPOINTMENT, null, "2026-11-25", SLOTS, SLOTS.slice(0, 3));
  assert.equal(transition(state, { type: "text", text: "menu" }, makeContext()).state.step.kind, "menu");
});

Deno.test("a confirmed rebook moves the appointment: the summary says from and to", () => {
  const ctx = makeContext({ name: "Ana Silva" });
  const state = rebookState(APPOINTMENT, null, "2026-11-25", SLOTS, SLOTS.slice(0, 3));
  const claimed = transition(state, { type: "text", text: "1" }, ctx);
  const slot = SLOTS[0]!;
  const hold = { slotId: slot.slotId, startsAt: slot.startsAt, holdUntil: "2026-11-22T10:05:00.000Z", providerId: slot.providerId };
  const effect = claimed.effects[0];
  const draft = effect?.type === "claim_slot" ? effect.draft : null;
  if (draft === null) throw new Error("no claim");
  const summary = transition(claimed.state, { type: "claim_result", draft, slot, outcome: { kind: "held", hold } }, ctx);
  assert.equal(summary.state.step.kind, "confirm_booking");
  const text = summary.effects.flatMap((e) => (e.type === "reply" ? [e.text] : [])).join("");
  // The appointment is with Nurse Lima and the new time with Dr. Silva: the summary names both.
  assert.match(text, /Move your Whitening with Nurse Joana Lima\nfrom Tue 24 Nov, 10:00\nto \*Wed 25 Nov, 09:00\* with Dr\. Ana Silva/);
});
