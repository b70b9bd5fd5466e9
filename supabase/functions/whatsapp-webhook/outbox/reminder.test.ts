/**
 * The reminder that asks to confirm: numbered answers and the question as the chat's next state
 * when the chat is idle; a pointer to "my appointments", and no next state, when it is busy or with
 * staff; no question for an appointment already confirmed.
 */
import assert from "node:assert/strict";
import { loadState } from "../flow/state.ts";
import { context, written } from "./testing.ts";

const REMINDER = { appointmentId: "a1", startsAt: "2030-01-11T10:00:00Z" };
const BUSY = { v: 2, step: { kind: "pick_service", providerId: null, wish: { day: null, range: null, time: null, part: null } }, stack: [{ kind: "menu" }], invalid: 0 };

Deno.test("a reminder to an idle chat offers confirm, cancel and another time, and leaves the chat at that question", () => {
  const result = written("reminder", REMINDER);
  assert.match(result.text, /\n\n1\. Yes, I'll be there\n2\. Cancel it\n3\. Choose another time\n\nReply with a number\.$/);
  assert.equal(result.stateVersion, 4);
  assert.deepEqual(result.nextState, {
    v: 2,
    step: {
      kind: "confirm_visit",
      appointment: {
        appointmentId: "a1",
        serviceId: "s1",
        serviceName: "Physiotherapy",
        providerId: "p1",
        providerName: "Dr. Silva",
        startsAt: "2030-01-11T10:00:00Z",
      },
    },
    stack: [{ kind: "menu" }],
    invalid: 0,
  });
  assert.equal(loadState(result.nextState).kind, "current");
});

Deno.test("a reminder arriving mid-flow tells the patient to reply my appointments, in their language, and moves nothing", () => {
  const busy = context({ conversation: { ...context().conversation!, state: BUSY } });
  const result = written("reminder", REMINDER, busy);
  assert.match(result.text, /To change or cancel it, reply \*my appointments\*\.$/);
  assert.doesNotMatch(result.text, /^1\. /m);
  assert.equal(result.nextState, null);
  for (const [language, words] of [["es", /responda \*mis citas\*\.$/], ["pt", /responda \*minhas consultas\*\.$/]] as const) {
    const spoken = { ...busy, patient: { name: "Ana", pushName: null, language } };
    assert.match(written("reminder", REMINDER, spoken).text, words);
  }
});

Deno.test("a reminder to a chat with staff, or in a cool-off, asks nothing either", () => {
  const base = context().conversation!;
  for (const conversation of [{ ...base, mode: "human" as const }, { ...base, pausedUntil: "2030-01-10T12:30:00Z" }]) {
    const result = written("reminder", REMINDER, context({ conversation }));
    assert.match(result.text, /reply \*my appointments\*/);
    assert.equal(result.nextState, null);
  }
});

Deno.test("a reminder to a patient without a chat (consent only) asks nothing", () => {
  const result = written("reminder", REMINDER, context({ conversation: null }));
  assert.match(result.text, /reply \*my appointments\*/);
  assert.equal(result.nextState, null);
});

Deno.test("a reminder to a chat quiet for longer than the session asks, even mid-flow", () => {
  const quiet = context({ conversation: { ...context().conversation!, state: BUSY, lastInboundAt: "2030-01-10T09:00:00Z", updatedAt: "2030-01-10T09:00:00Z" } });
  assert.equal(written("reminder", REMINDER, quiet).nextState?.step.kind, "confirm_visit");
});

Deno.test("a reminder of an appointment already confirmed only reminds, and a bare stop may answer it", () => {
  const confirmed = context({ appointment: { ...context().appointment!, confirmedAt: "2030-01-09T10:00:00Z" } });
  const result = written("reminder", REMINDER, confirmed);
  assert.match(result.text, /You've confirmed it: see you then!/);
  assert.doesNotMatch(result.text, /^1\. /m);
  assert.deepEqual(result.nextState?.step, { kind: "menu", afterNotice: true });
});
