/**
 * The global commands and invalid answers in every step, as one table: each step × menu / back /
 * stop / staff / an answer no step can use. Words that leave a flow say exactly what was left.
 */
import assert from "node:assert/strict";
import { transition } from "./transition.ts";
import { heldSlot } from "./state.ts";
import { everyStep, makeContext, replyOf } from "./testing.ts";
import { STEPS } from "./steps/index.ts";
import { leavingNote } from "./steps/index.ts";
import type { Effect } from "./effects.ts";

const ctx = makeContext();
const released = (effects: Effect[]) => effects.some((e) => e.type === "release_hold");
const MENU_OPTIONS = /1\. Book an appointment\n2\. My appointments\n3\. Ask a question\n4\. Talk to staff\n5\. Language/;

Deno.test("the table covers every registered step", () => {
  assert.deepEqual(everyStep().map((s) => s.name).sort(), Object.keys(STEPS).sort());
});

for (const { name, state } of everyStep()) {
  const holds = heldSlot(state) !== null;
  const note = leavingNote(state.step, ctx);

  for (const word of ["menu", "Hi", "hello!", "START", "0"]) {
    Deno.test(`${name}: "${word}" shows the main menu${holds ? " and releases the held slot" : ""}`, () => {
      const result = transition(state, { type: "text", text: word }, ctx);
      assert.equal(result.state.step.kind, "menu");
      assert.deepEqual(result.state.stack, []);
      assert.match(replyOf(result.effects), MENU_OPTIONS);
      assert.equal(released(result.effects), holds);
      if (note !== null) assert.ok(replyOf(result.effects).startsWith(note), "says what was left first");
    });
  }

  Deno.test(`${name}: "back" returns to the previous step`, () => {
    const result = transition(state, { type: "text", text: "back" }, ctx);
    const expected = state.stack.at(-1) ?? { kind: "menu" };
    assert.deepEqual(result.state.step, expected);
    assert.deepEqual(result.state.stack, state.stack.slice(0, -1));
    assert.ok(replyOf(result.effects).length > 0);
    assert.equal(released(result.effects), holds && heldSlot(result.state) === null);
  });

  // A reminder's question is the answer to a message the clinic sent first: "stop" there asks
  // whether to stop reminders and notices (confirm-visit.test.ts); everywhere else it is the command.
  if (name !== "confirm_visit") Deno.test(`${name}: "stop" ${note === null ? "says there is nothing to stop" : "abandons the flow, saying what was left"}`, () => {
    const result = transition(state, { type: "text", text: "stop" }, ctx);
    assert.equal(result.state.step.kind, "menu");
    assert.match(replyOf(result.effects), note === null ? /nothing in progress to stop/ : new RegExp(`^${note.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    assert.equal(released(result.effects), holds);
    assert.ok(!result.effects.some((e) => e.type === "cancel_appointment"));
  });

  for (const word of ["staff", "Human", "agent", "Talk to staff", "talk to a human", "I'd like to speak to a person, please"]) {
    Deno.test(`${name}: "${word}" hands the conversation to staff`, () => {
      const result = transition(state, { type: "text", text: word }, ctx);
      assert.ok(result.effects.some((e) => e.type === "handoff"));
      assert.equal(result.state.step.kind, "menu");
      assert.match(replyOf(result.effects), /passed this conversation to our staff/);
      assert.equal(released(result.effects), holds);
    });
  }

  Deno.test(`${name}: "Talk to staff" hands over with the reply that says what was left, when staff answer, and how to come back`, () => {
    const result = transition(state, { type: "text", text: "Talk to staff" }, ctx);
    const effects = result.effects.filter((e) => e.type !== "release_hold");
    assert.deepEqual(effects.map((e) => e.type), ["handoff", "reply"]);
    const text = replyOf(effects);
    if (note !== null) assert.ok(text.startsWith(note));
    // Sunday 10:00 in the fixture: closed, so staff answer from Monday's opening.
    assert.match(text, /We're closed right now; they'll reply here from Mon 23 Nov at 09:00\./);
    assert.match(text, /Reply \*menu\* to go back to the assistant\.$/);
  });

  Deno.test(`${name}: a sentence that mentions staff is not a request for staff`, () => {
    const result = transition(state, { type: "text", text: "is the staff friendly?" }, ctx);
    assert.ok(!result.effects.some((e) => e.type === "handoff"), "no handoff");
  });

  const takesQuestions = name === "menu" || name === "ask_question" || name === "confirm_visit";
  Deno.test(
    takesQuestions
      ? `${name}: an answer that is no choice is taken as a question`
      : `${name}: an invalid answer repeats the choices with a hint and counts`,
    () => {
      const result = transition(state, { type: "text", text: "???" }, ctx);
      if (takesQuestions) {
        assert.deepEqual(result.effects, [{ type: "answer_question", question: "???", language: "en" }]);
        return;
      }
      assert.deepEqual(result.state.step, state.step);
      assert.equal(result.state.invalid, state.invalid + 1);
      assert.match(replyOf(result.effects), /^Sorry|^Please/);
      assert.ok(!released(result.effects), "an invalid answer keeps the hold");
    },
  );
}

Deno.test("the fifth invalid answer in a row offers staff and pauses the bot for the cool-off", () => {
  let state = everyStep().find((s) => s.name === "pick_service")!.state;
  for (let i = 1; i <= 4; i += 1) {
    const result = transition(state, { type: "text", text: "???" }, ctx);
    assert.ok(!result.effects.some((e) => e.type === "pause"), `answer ${i} must not pause`);
    state = result.state;
  }
  const fifth = transition(state, { type: "text", text: "???" }, ctx);
  assert.deepEqual(fifth.effects.find((e) => e.type === "pause"), { type: "pause", minutes: 30 });
  assert.match(replyOf(fifth.effects), /staff/);
  assert.equal(fifth.state.step.kind, "menu");
  assert.equal(fifth.state.invalid, 0);
});

Deno.test("a valid answer ends the invalid streak", () => {
  let state = everyStep().find((s) => s.name === "pick_service")!.state;
  for (let i = 1; i <= 4; i += 1) state = transition(state, { type: "text", text: "???" }, ctx).state;
  const valid = transition(state, { type: "text", text: "1" }, ctx);
  assert.equal(valid.state.invalid, 0);
});

Deno.test("menu options are chosen by number or by label text, forgivingly", () => {
  const menu = everyStep()[0]!.state;
  const byLabel = transition(menu, { type: "text", text: "  book an APPOINTMENT. " }, ctx);
  assert.equal(byLabel.state.step.kind, "pick_service");
  const byFragment = transition(menu, { type: "text", text: "my appointments" }, ctx);
  assert.deepEqual(byFragment.effects, [{ type: "load_appointments", purpose: "view" }]);
  const byNumberWord = transition(menu, { type: "text", text: "option 3" }, ctx);
  assert.equal(byNumberWord.state.step.kind, "ask_question");
  const language = transition(menu, { type: "text", text: "5" }, ctx);
  assert.equal(language.state.step.kind, "pick_language");
});

Deno.test("free text at the main menu is a question for the FAQ, in the patient's language", () => {
  const menu = everyStep()[0]!.state;
  const result = transition(menu, { type: "text", text: "Do you take insurance?" }, ctx);
  assert.deepEqual(result.effects, [{ type: "answer_question", question: "Do you take insurance?", language: "en" }]);
});

Deno.test("a question about staff at the question step stays a question", () => {
  const asking = everyStep().find((s) => s.name === "ask_question")!.state;
  const result = transition(asking, { type: "text", text: "is the staff friendly?" }, ctx);
  assert.deepEqual(result.effects, [{ type: "answer_question", question: "is the staff friendly?", language: "en" }]);
});

Deno.test("'cancel' in the middle of booking says booking stopped and nothing was booked (regression)", () => {
  const time = everyStep().find((s) => s.name === "pick_time")!.state;
  const result = transition(time, { type: "text", text: "cancel" }, ctx);
  assert.match(replyOf(result.effects), /^Okay, I stopped booking\. Nothing was booked\./);
  assert.equal(result.state.step.kind, "menu");
});

Deno.test("'cancel' while rescheduling says the appointment being moved is unchanged", () => {
  const time = everyStep().find((s) => s.name === "pick_time")!.state;
  const moving = { ...time, step: { ...time.step, draft: { serviceId: "svc-cleaning", providerId: null, rescheduleOf: { appointmentId: "a", serviceId: "svc-cleaning", serviceName: "Cleaning", providerId: "prov-silva", providerName: "Dr. Ana Silva", startsAt: "2026-11-24T10:30:00.000Z" } } } } as typeof time;
  const result = transition(moving, { type: "text", text: "cancel" }, ctx);
  assert.match(replyOf(result.effects), /^Okay, I stopped rescheduling\. Your appointment on \*Tue 24 Nov, 10:30\* is unchanged\./);
});

Deno.test("'cancel' at the main menu, with nothing to stop, means cancelling an appointment", () => {
  const menu = everyStep()[0]!.state;
  const result = transition(menu, { type: "text", text: "cancel" }, ctx);
  assert.deepEqual(result.effects, [{ type: "load_appointments", purpose: "cancel" }]);
});
