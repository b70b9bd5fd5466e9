/** The texts and next states written for claimed outbox rows, one behaviour per test. */
import assert from "node:assert/strict";
import { STATE_VERSION } from "../flow/state.ts";
import { en as replies } from "../replies/en.ts";
import { type RenderContext, renderRow } from "./render.ts";

const NOW = new Date("2030-01-10T12:00:00Z");

function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    clinic: { name: "Lakeside Physio", timezone: "Europe/London", language: null, locale: null },
    patient: { name: "Maya", pushName: null, language: null },
    conversation: {
      mode: "bot",
      state: {},
      version: 4,
      pausedUntil: null,
      lastInboundAt: "2030-01-10T11:55:00Z",
      updatedAt: "2030-01-10T11:55:00Z",
      sessionIdleMinutes: 30,
    },
    appointment: {
      id: "a1",
      status: "booked",
      serviceId: "s1",
      serviceName: "Physiotherapy",
      providerName: "Dr. Silva",
      startsAt: "2030-01-11T10:00:00Z",
      endsAt: "2030-01-11T10:30:00Z",
    },
    freeTimes: null,
    ...overrides,
  };
}

const APPOINTMENT_PARAMS = {
  appointmentId: "a1",
  serviceId: "s1",
  serviceName: "Physiotherapy",
  providerName: "Dr. Silva",
  startsAt: "2030-01-11T10:00:00Z",
  endsAt: "2030-01-11T10:30:00Z",
};

function written(kind: string, params: unknown, ctx: RenderContext = context()) {
  const result = renderRow({ id: "o1", kind, params, context: ctx }, NOW);
  if (result.kind !== "written") throw new Error(`not written: ${result.error}`);
  return result;
}

Deno.test("a reminder reads as the SQL-built one did, from the appointment as it is now", () => {
  assert.equal(
    written("reminder", { appointmentId: "a1", startsAt: "2030-01-11T10:00:00Z" }).text,
    "Reminder: your *Physiotherapy* at Lakeside Physio is on *Fri 11 Jan, 10:00*. Reply *menu* to see or change your appointments.",
  );
});

Deno.test("dates follow the clinic's locale and time zone", () => {
  const ctx = context({ clinic: { name: "Harbor", timezone: "America/New_York", language: "en", locale: "en-US" } });
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, /\*Fri, Jan 11, 05:00 AM\*/);
});

Deno.test("a malformed locale falls back to the default format instead of failing the message", () => {
  const ctx = context({ clinic: { name: "Harbor", timezone: "Europe/London", language: "en", locale: "not a locale!" } });
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS, ctx).text, /\*Fri 11 Jan, 10:00\*/);
});

Deno.test("a language without texts yet is written in English", () => {
  const ctx = context({ patient: { name: "Ana", pushName: null, language: "pt" } });
  assert.match(written("appointment_cancelled", APPOINTMENT_PARAMS, ctx).text, /has been cancelled by Lakeside Physio/);
});

Deno.test("a cancellation by the clinic names what, with whom and when", () => {
  assert.equal(
    written("appointment_cancelled", APPOINTMENT_PARAMS).text,
    "Your *Physiotherapy* with Dr. Silva on *Fri 11 Jan, 10:00* has been cancelled by Lakeside Physio. " +
      "Reply *menu* to book another time, or *staff* to talk to us.",
  );
});

Deno.test("a move names the new and the old time, and the practitioners only when they changed", () => {
  const sameProvider = { ...APPOINTMENT_PARAMS, previousStartsAt: "2030-01-11T09:00:00Z", previousProviderName: "Dr. Silva" };
  assert.match(written("appointment_moved", sameProvider).text, /moved your \*Physiotherapy\* to \*Fri 11 Jan, 10:00\* \(it was Fri 11 Jan, 09:00\)/);
  const otherProvider = { ...sameProvider, previousProviderName: "Dr. Reis" };
  assert.match(written("appointment_moved", otherProvider).text, /to \*Fri 11 Jan, 10:00\* with Dr\. Silva \(it was Fri 11 Jan, 09:00 with Dr\. Reis\)/);
});

Deno.test("a booking by phone names the service, practitioner and time", () => {
  assert.match(written("appointment_booked", APPOINTMENT_PARAMS).text, /^Lakeside Physio has booked your \*Physiotherapy\* with Dr\. Silva on \*Fri 11 Jan, 10:00\*/);
});

Deno.test("a hand-back tells the patient and shows the main menu", () => {
  const text = written("hand_back", {}).text;
  assert.match(text, /the assistant is back/);
  assert.ok(text.endsWith(replies.menu("Lakeside Physio", "plain")));
});

Deno.test("messages other than the rebook offer leave the chat where it is", () => {
  for (const [kind, params] of [["hand_back", {}], ["appointment_cancelled", APPOINTMENT_PARAMS]] as const) {
    const result = written(kind, params);
    assert.equal(result.nextState, null);
    assert.equal(result.stateVersion, null);
  }
});

const FREE = {
  day: "2030-01-14",
  slots: ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"].map((t, i) => ({ slotId: `s${i}`, startsAt: `2030-01-14T${t}:00Z` })),
};
const REBOOK = { ...APPOINTMENT_PARAMS, reason: "closed" };

Deno.test("a rebook offer to an idle chat numbers the first free times and leaves the chat choosing among them", () => {
  const result = written("rebook_offer", REBOOK, context({ freeTimes: FREE }));
  assert.match(result.text, /can't go ahead: the clinic is closed then/);
  assert.match(result.text, /on \*Mon 14 Jan\*:\n\n1\. 09:00\n2\. 09:30\n3\. 10:00\n4\. 10:30\n5\. 11:00\n\nReply with a number/);
  assert.equal(result.stateVersion, 4);
  assert.deepEqual(result.nextState, {
    v: STATE_VERSION,
    step: {
      kind: "pick_time",
      draft: {
        serviceId: "s1",
        rescheduleOf: { appointmentId: "a1", serviceId: "s1", serviceName: "Physiotherapy", startsAt: "2030-01-11T10:00:00Z" },
      },
      day: "2030-01-14",
      slots: FREE.slots,
      shown: FREE.slots.slice(0, 5),
    },
    stack: [],
    invalid: 0,
  });
});

Deno.test("a rebook offer to a chat in the middle of something points to the menu, without numbers or a next state", () => {
  const busy = context({
    freeTimes: FREE,
    conversation: { ...context().conversation!, state: { v: STATE_VERSION, step: { kind: "pick_service" }, stack: [], invalid: 0 } },
  });
  const result = written("rebook_offer", REBOOK, busy);
  assert.match(result.text, /reply \*menu\*, then \*My appointments\* \(the first free times are on Mon 14 Jan\)/);
  assert.doesNotMatch(result.text, /^1\./m);
  assert.equal(result.nextState, null);
});

Deno.test("a rebook offer to a patient without a chat (consent only) points to the menu", () => {
  const result = written("rebook_offer", REBOOK, context({ freeTimes: FREE, conversation: null }));
  assert.match(result.text, /reply \*menu\*/);
  assert.equal(result.nextState, null);
});

Deno.test("a rebook offer with no free time asks the patient to talk to staff", () => {
  const result = written("rebook_offer", { ...REBOOK, reason: "provider_away" }, context());
  assert.match(result.text, /Dr\. Silva is away then\.\n\nThere are no free times in the coming days/);
  assert.equal(result.nextState, null);
});

Deno.test("a kind without texts, or params of the wrong shape, cannot be written and say why", () => {
  assert.deepEqual(renderRow({ id: "o1", kind: "birthday_wishes", params: {}, context: context() }, NOW), {
    id: "o1",
    kind: "unwritable",
    error: 'no text is known for kind "birthday_wishes"',
  });
  const bad = renderRow({ id: "o2", kind: "appointment_moved", params: APPOINTMENT_PARAMS, context: context() }, NOW);
  assert.equal(bad.kind, "unwritable");
  assert.match(bad.kind === "unwritable" ? bad.error : "", /^params\.previousStartsAt/);
});

Deno.test("a reminder whose appointment is gone cannot be written", () => {
  const result = renderRow({ id: "o1", kind: "reminder", params: { startsAt: "x" }, context: context({ appointment: null }) }, NOW);
  assert.equal(result.kind, "unwritable");
});

Deno.test("a staff alert names the patient, the reason, their last message and the reference", () => {
  assert.equal(
    written("staff_alert", { patient: "Maya (+447700900001)", reason: "asked for staff", lastMessage: "can I talk to someone?", reference: "#A1B2" }).text,
    'Maya (+447700900001) needs you: asked for staff.\nLast message: "can I talk to someone?"\nReference: #A1B2',
  );
});
