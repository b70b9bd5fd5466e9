/** What Claude is shown: the clinic, the matched rows only, and a bounded slice of history. */
import assert from "node:assert/strict";
import { buildPrompt, HISTORY_ENTRY_MAX_CHARS, HISTORY_MAX_MESSAGES } from "./prompt.ts";
import type { FaqQuestion } from "./types.ts";

const MATCH = { id: "a", question: "Is there parking?", answer: "Behind the building.", language: "en" as const, score: 1 };

function question(history: FaqQuestion["history"], language: FaqQuestion["language"] = "en"): FaqQuestion {
  return { clinicId: "c", clinicName: "Harbor Family Clinic", question: "parking?", language, history };
}

Deno.test("only the most recent messages of the history are included", () => {
  const history = Array.from({ length: HISTORY_MAX_MESSAGES + 4 }, (_, i) => ({ direction: "in" as const, body: `message ${i}` }));
  const { user } = buildPrompt(question(history), [MATCH]);
  assert.ok(!user.includes("message 3\n"));
  assert.ok(user.includes(`message ${HISTORY_MAX_MESSAGES + 3}`));
  assert.equal(user.match(/Patient: /g)?.length, HISTORY_MAX_MESSAGES);
});

Deno.test("a long earlier message is clipped", () => {
  const { user } = buildPrompt(question([{ direction: "out", body: "x".repeat(HISTORY_ENTRY_MAX_CHARS * 2) }]), [MATCH]);
  assert.ok(user.includes(`Clinic: ${"x".repeat(HISTORY_ENTRY_MAX_CHARS)}…`));
  assert.ok(!user.includes("x".repeat(HISTORY_ENTRY_MAX_CHARS + 1)));
});

Deno.test("without history the user turn is just the question", () => {
  assert.equal(buildPrompt(question([]), [MATCH]).user, "Patient's question:\nparking?");
});

Deno.test("the system prompt numbers each matched entry with its question and answer", () => {
  const { system } = buildPrompt(question([]), [MATCH, { ...MATCH, id: "b", question: "Hours?", answer: "9 to 5." }]);
  assert.match(system, /FAQ 1\nQ: Is there parking\?\nA: Behind the building\./);
  assert.match(system, /FAQ 2\nQ: Hours\?\nA: 9 to 5\./);
  assert.match(system, /Harbor Family Clinic/);
});

Deno.test("Claude is told the patient's language, and the word for staff in it", () => {
  const { system: spanish } = buildPrompt(question([], "es"), [MATCH]);
  assert.match(spanish, /Reply in the patient's language, Spanish/);
  assert.match(spanish, /they can reply "personal"/);
  const { system: portuguese } = buildPrompt(question([], "pt"), [MATCH]);
  assert.match(portuguese, /Brazilian Portuguese/);
  assert.match(portuguese, /they can reply "atendente"/);
});
