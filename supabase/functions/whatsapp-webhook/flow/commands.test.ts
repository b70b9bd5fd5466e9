/**
 * The global commands and invalid answers in every step, as one table: each step × menu / back /
 * stop / staff / an answer no step can use.
 */
import assert from "node:assert/strict";
import { transition } from "./transition.ts";
import { heldSlot } from "./state.ts";
import { everyStep, makeContext } from "./testing.ts";
import type { Effect } from "./effects.ts";

const ctx = makeContext();
const replyOf = (effects: Effect[]) => effects.filter((e) => e.type === "reply").map((e) => e.text).join("\n");
const released = (effects: Effect[]) => effects.some((e) => e.type === "release_hold");

for (const { name, state } of everyStep()) {
  const holds = heldSlot(state) !== null;

  for (const word of ["menu", "Hi", "hello!", "START", "0"]) {
    Deno.test(`${name}: "${word}" shows the main menu${holds ? " and releases the held slot" : ""}`, () => {
      const result = transition(state, { type: "text", text: word }, ctx);
      assert.equal(result.state.step.kind, "menu");
      assert.deepEqual(result.state.stack, []);
      assert.match(replyOf(result.effects), /1\. Book an appointment\n2\. My appointments\n3\. Ask a question\n4\. Talk to staff/);
      assert.equal(released(result.effects), holds);
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

  for (const word of ["stop", "Cancel"]) {
    Deno.test(`${name}: "${word}" abandons the flow${holds ? " and releases the held slot" : ""}`, () => {
      const result = transition(state, { type: "text", text: word }, ctx);
      assert.equal(result.state.step.kind, "menu");
      assert.match(replyOf(result.effects), /stopped/);
      assert.equal(released(result.effects), holds);
      assert.ok(!result.effects.some((e) => e.type === "cancel_appointment"));
    });
  }

  for (const word of ["staff", "Human", "agent", "Talk to staff", "talk to a human", "I'd like to speak to a person, please"]) {
    Deno.test(`${name}: "${word}" hands the conversation to staff`, () => {
      const result = transition(state, { type: "text", text: word }, ctx);
      assert.ok(result.effects.some((e) => e.type === "handoff"));
      assert.equal(result.state.step.kind, "menu");
      assert.match(replyOf(result.effects), /staff/);
      assert.equal(released(result.effects), holds);
    });
  }

  Deno.test(`${name}: "Talk to staff" hands over with the reply that says how to come back`, () => {
    const result = transition(state, { type: "text", text: "Talk to staff" }, ctx);
    assert.deepEqual(result.effects.filter((e) => e.type !== "release_hold"), [
      { type: "handoff" },
      { type: "reply", text: ctx.replies.handoff },
    ]);
    assert.match(ctx.replies.handoff, /Reply \*menu\* to go back to the assistant\./);
  });

  Deno.test(`${name}: a sentence that mentions staff is not a request for staff`, () => {
    const result = transition(state, { type: "text", text: "is the staff friendly?" }, ctx);
    assert.ok(!result.effects.some((e) => e.type === "handoff"), "no handoff");
  });

  const takesFreeText = name === "menu" || name === "ask_question";
  Deno.test(
    takesFreeText
      ? `${name}: an answer that is no choice is taken as a question`
      : `${name}: an invalid answer repeats the choices with a hint and counts`,
    () => {
      const result = transition(state, { type: "text", text: "???" }, ctx);
      if (takesFreeText) {
        assert.deepEqual(result.effects, [{ type: "answer_question", question: "???" }]);
        return;
      }
      assert.deepEqual(result.state.step, state.step);
      assert.equal(result.state.invalid, state.invalid + 1);
      const text = replyOf(result.effects);
      assert.match(text, /^Sorry|^Please/);
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

Deno.test("choices can be answered by label text, forgivingly", () => {
  const menu = everyStep()[0]!.state;
  const byLabel = transition(menu, { type: "text", text: "  book an APPOINTMENT. " }, ctx);
  assert.equal(byLabel.state.step.kind, "pick_service");
  const byFragment = transition(menu, { type: "text", text: "my appointments" }, ctx);
  assert.deepEqual(byFragment.effects, [{ type: "load_appointments" }]);
  const byNumberWord = transition(menu, { type: "text", text: "option 3" }, ctx);
  assert.equal(byNumberWord.state.step.kind, "ask_question");
});

Deno.test("free text at the main menu is a question for the FAQ", () => {
  const menu = everyStep()[0]!.state;
  const result = transition(menu, { type: "text", text: "Do you take insurance?" }, ctx);
  assert.deepEqual(result.effects, [{ type: "answer_question", question: "Do you take insurance?" }]);
});

Deno.test("a question about staff at the question step stays a question", () => {
  const asking = everyStep().find((s) => s.name === "ask_question")!.state;
  const result = transition(asking, { type: "text", text: "is the staff friendly?" }, ctx);
  assert.deepEqual(result.effects, [{ type: "answer_question", question: "is the staff friendly?" }]);
});
