/** Whether the bot answers at all: staff mode, cool-off, floods, idle sessions, outdated states. */
import assert from "node:assert/strict";
import { gate } from "./gate.ts";
import type { TurnContext } from "./context.ts";
import { initialState, loadState, STATE_VERSION } from "../flow/state.ts";

const NOW = new Date("2026-11-22T10:00:00Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

function context(conversation: Partial<TurnContext["conversation"]> = {}, inboundLastMinute = 1): TurnContext {
  return {
    duplicate: false,
    completed: false,
    conversationId: "c1",
    inboundMessageId: "m1",
    conversation: {
      id: "c1",
      mode: "bot",
      state: initialState(),
      version: 3,
      pausedUntil: null,
      previousInboundAt: minutesAgo(1),
      updatedAt: minutesAgo(1),
      staffActivityAt: null,
      ...conversation,
    },
    patient: { id: "p1", name: null, pushName: null, phone: "+15550000000", language: null },
    clinic: {
      id: "k1", name: "Smile", timezone: "Europe/Lisbon", holdMinutes: 5, horizonDays: 14, minNoticeMinutes: 60,
      sessionIdleMinutes: 30, humanIdleMinutes: 720, cooloffMinutes: 30, rateLimitPerMinute: 20,
      language: "en", locale: "en-GB", askProvider: false, hours: [],
      openWeekdays: [1, 2, 3, 4, 5, 6],
      closedDays: [],
    },
    services: [],
    providers: [],
    history: [],
    inboundLastMinute,
    prefetched: {},
  };
}
const midBooking = loadState({
  v: STATE_VERSION,
  step: { kind: "pick_service", providerId: null, wish: { day: null, range: null, time: null, part: null } },
  stack: [{ kind: "menu" }],
  invalid: 0,
});

Deno.test("a conversation with staff stays silent", () => {
  assert.deepEqual(gate(context({ mode: "human", staffActivityAt: minutesAgo(5) }), midBooking, "hello?", NOW), { kind: "silent", reason: "human" });
});

Deno.test("a conversation with staff returns to the bot after the clinic's idle period", () => {
  assert.deepEqual(gate(context({ mode: "human", staffActivityAt: minutesAgo(721) }), midBooking, "hi", NOW), { kind: "resume", by: "staff_idle" });
});

Deno.test("staff's idle period counts from their last activity, however recently the patient wrote", () => {
  // The patient wrote a minute ago (previousInboundAt); staff last acted 721 minutes ago.
  const human = context({ mode: "human", staffActivityAt: minutesAgo(721), previousInboundAt: minutesAgo(1) });
  assert.deepEqual(gate(human, midBooking, "anyone?", NOW), { kind: "resume", by: "staff_idle" });
  const recentStaff = context({ mode: "human", staffActivityAt: minutesAgo(719), previousInboundAt: minutesAgo(1) });
  assert.deepEqual(gate(recentStaff, midBooking, "anyone?", NOW), { kind: "silent", reason: "human" });
});

Deno.test("in staff mode the word menu (in any language) gives the conversation back to the bot at once", () => {
  const human = context({ mode: "human", staffActivityAt: minutesAgo(1) });
  for (const text of ["menu", "Menu", "*MENU*", "menú"]) assert.deepEqual(gate(human, midBooking, text, NOW), { kind: "resume", by: "patient" }, text);
});

Deno.test("in staff mode greetings and other commands are left for staff", () => {
  const human = context({ mode: "human", staffActivityAt: minutesAgo(1) });
  for (const text of ["hi", "hello", "hola", "olá", "start", "0", "back", "stop", "staff", "1"]) {
    assert.deepEqual(gate(human, midBooking, text, NOW), { kind: "silent", reason: "human" }, text);
  }
});

Deno.test("during a cool-off the bot is silent, except to a request for staff in any language", () => {
  const paused = context({ pausedUntil: new Date(NOW.getTime() + 60_000).toISOString() });
  assert.deepEqual(gate(paused, midBooking, "1", NOW), { kind: "silent", reason: "paused" });
  for (const text of ["staff", "I want to talk to a person", "quiero hablar con una persona", "atendente"]) {
    assert.deepEqual(gate(paused, midBooking, text, NOW), { kind: "step" }, text);
  }
});

Deno.test("a cool-off that has ended no longer silences", () => {
  assert.deepEqual(gate(context({ pausedUntil: minutesAgo(1) }), midBooking, "1", NOW), { kind: "step" });
});

Deno.test("the first message over the clinic's per-minute limit gets a notice, later ones no answer", () => {
  assert.deepEqual(gate(context({}, 20), midBooking, "1", NOW), { kind: "step" });
  assert.deepEqual(gate(context({}, 21), midBooking, "1", NOW), { kind: "notice", reason: "rate_limited" });
  assert.deepEqual(gate(context({}, 22), midBooking, "1", NOW), { kind: "silent", reason: "rate_limited" });
});

Deno.test("a state from an older deploy restarts politely", () => {
  assert.deepEqual(gate(context(), loadState({ v: 0, screen: "old" }), "1", NOW), { kind: "restart", reason: "outdated" });
});

Deno.test("a session idle longer than the clinic's setting starts over, unless already at the menu", () => {
  const quiet = { previousInboundAt: minutesAgo(31), updatedAt: minutesAgo(31) };
  assert.deepEqual(gate(context(quiet), midBooking, "1", NOW), { kind: "restart", reason: "idle" });
  assert.deepEqual(gate(context(quiet), loadState(initialState()), "1", NOW), { kind: "step" });
});

Deno.test("a quiet patient placed at a step by the clinic's message since (a rebook offer) answers it", () => {
  // Last wrote two days ago; the offer moved the chat to "choose a new time" five minutes ago.
  const offered = context({ previousInboundAt: minutesAgo(2 * 24 * 60), updatedAt: minutesAgo(5) });
  assert.deepEqual(gate(offered, midBooking, "1", NOW), { kind: "step" });
  const stale = context({ previousInboundAt: minutesAgo(2 * 24 * 60), updatedAt: minutesAgo(31) });
  assert.deepEqual(gate(stale, midBooking, "1", NOW), { kind: "restart", reason: "idle" });
});

Deno.test("a first message (no stored state) goes straight to the flow", () => {
  assert.deepEqual(gate(context({ previousInboundAt: null, updatedAt: minutesAgo(0), staffActivityAt: null }), loadState({}), "hi", NOW), { kind: "step" });
});

Deno.test("a reminder's question quiet for longer than the session is answered, not restarted: its answer may come hours later", () => {
  const reminded = loadState({
    v: STATE_VERSION,
    step: {
      kind: "confirm_visit",
      appointment: { appointmentId: "a1", serviceId: "s1", serviceName: "Cleaning", providerId: "p1", providerName: "Dr. Silva", startsAt: "2026-11-23T10:00:00Z" },
    },
    stack: [{ kind: "menu" }],
    invalid: 0,
  });
  const hoursLater = context({ previousInboundAt: minutesAgo(600), updatedAt: minutesAgo(300) });
  assert.deepEqual(gate(hoursLater, reminded, "1", NOW), { kind: "step" });
  assert.deepEqual(gate(hoursLater, midBooking, "1", NOW), { kind: "restart", reason: "idle" });
});
