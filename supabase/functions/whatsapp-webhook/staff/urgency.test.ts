/** Which needs for staff are urgent: words, in any language, as whole words of the patient's messages. */
import assert from "node:assert/strict";
import { isUrgent } from "./urgency.ts";

Deno.test("pain, bleeding or an emergency make it urgent, in English, Spanish and Portuguese", () => {
  for (const text of ["my tooth HURTS", "I'm bleeding", "it's an emergency!", "me duele mucho", "tengo fiebre", "estou com muita dor", "é urgente"]) {
    assert.equal(isUrgent([text]), true, text);
  }
});

Deno.test("ordinary requests are not urgent, and words are matched whole", () => {
  for (const text of ["talk to staff", "I want to change my appointment", "painting the waiting room", "dormir"]) {
    assert.equal(isUrgent([text]), false, text);
  }
});

Deno.test("an earlier message of the patient counts", () => {
  assert.equal(isUrgent(["staff please", "my gum is swollen"]), true);
});
