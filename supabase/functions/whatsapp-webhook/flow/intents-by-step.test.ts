/**
 * Each intent from each step (issue 8 "Tests"): what the patient says in their own words is heard at
 * every step of the conversation, after the step's own answers and the commands, and leaving a flow
 * for it says what was left (and releases a held time).
 */
import assert from "node:assert/strict";
import { transition, type Transition } from "./transition.ts";
import { heldSlot } from "./state.ts";
import { everyStep, makeContext, replyOf } from "./testing.ts";
import { leavingNote } from "./steps/index.ts";
import { bookingOf } from "./booking.ts";
import type { IntentKind } from "../locales/types.ts";
import type { FlowState } from "./state.ts";

const ctx = makeContext();
const TOMORROW = "2026-11-23";

type Check = (result: Transition, before: FlowState) => void;

const released = (result: Transition) => result.effects.some((e) => e.type === "release_hold");

function leftSaying(result: Transition, before: FlowState): void {
  const note = leavingNote(before.step, ctx);
  if (note !== null) assert.ok(replyOf(result.effects).startsWith(note), `says what was left: ${replyOf(result.effects)}`);
  assert.equal(released(result), heldSlot(before) !== null, "a held time is released");
}

function loadsAppointments(purpose: "view" | "cancel" | "reschedule"): Check {
  return (result, before) => {
    assert.deepEqual(result.effects.find((e) => e.type === "load_appointments"), { type: "load_appointments", purpose });
    assert.equal(result.state.step.kind, "menu");
    leftSaying(result, before);
  };
}

const CASES: Array<[IntentKind, string, Check]> = [
  ["greeting", "good morning", (result, before) => {
    assert.equal(result.state.step.kind, "menu");
    assert.match(replyOf(result.effects), /1\. Book an appointment/);
    leftSaying(result, before);
  }],
  ["staff", "I would like to talk to a person", (result, before) => {
    assert.ok(result.effects.some((e) => e.type === "handoff"));
    leftSaying(result, before);
  }],
  ["appointments", "when is my appointment?", loadsAppointments("view")],
  ["cancel", "I need to cancel my appointment", loadsAppointments("cancel")],
  ["reschedule", "can I reschedule my appointment?", (result, before) => {
    if (before.step.kind === "appointment_actions") {
      // Its own option, named in the sentence: this very appointment is moved.
      const load = result.effects.find((e) => e.type === "load_slots");
      assert.equal(load?.type === "load_slots" && load.purpose.draft.rescheduleOf?.appointmentId, before.step.appointment.appointmentId);
      return;
    }
    loadsAppointments("reschedule")(result, before);
  }],
  ["thanks", "thank you!", (result, before) => {
    const text = replyOf(result.effects);
    assert.match(text, /^You're welcome!/);
    if (leavingNote(before.step, ctx) === null) assert.equal(result.state.step.kind, "menu");
    else assert.deepEqual(result.state.step, before.step, "a flow in progress goes on");
    assert.ok(!released(result));
  }],
  ["goodbye", "bye", (result, before) => {
    assert.equal(result.state.step.kind, "menu");
    assert.match(replyOf(result.effects), /Goodbye/);
    leftSaying(result, before);
  }],
  ["book", "I want an appointment tomorrow morning", (result, before) => {
    const booking = bookingOf(before.step);
    if (booking === null || booking.serviceId === null) {
      // No service known yet: asked for, with tomorrow morning kept for after.
      assert.equal(result.state.step.kind, "pick_service");
      assert.deepEqual(result.state.step.kind === "pick_service" && result.state.step.wish, { day: TOMORROW, range: null, time: null, part: "morning" });
      assert.match(replyOf(result.effects), /Which service would you like\?/);
      return;
    }
    // A booking in progress continues with its service: tomorrow's times, mornings.
    const load = result.effects.find((e) => e.type === "load_slots");
    assert.equal(load?.type === "load_slots" && load.purpose.kind === "times" && load.purpose.day, TOMORROW);
    assert.equal(load?.type === "load_slots" && load.purpose.wish.part, "morning");
    assert.equal(load?.type === "load_slots" && load.serviceId, booking.serviceId);
    assert.equal(released(result), heldSlot(before) !== null);
  }],
];

for (const { name, state } of everyStep()) {
  for (const [intent, text, check] of CASES) {
    Deno.test(`${name}: "${text}" is heard as ${intent}`, () => check(transition(state, { type: "text", text }, ctx), state));
  }
}
