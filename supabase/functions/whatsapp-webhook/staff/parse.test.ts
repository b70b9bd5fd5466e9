/** Reading a message from an alert phone: a leading reference, the answer after it, hand-back words. */
import assert from "node:assert/strict";
import { isHandBack, parseStaffText } from "./parse.ts";

Deno.test("a leading reference is read with or without #, in any case, with what separates it from the answer", () => {
  for (const text of ["#K7Q2 Hello Ana", "k7q2: Hello Ana", "K7Q2 - Hello Ana", "  #k7q2,Hello Ana"]) {
    assert.deepEqual(parseStaffText(text), { reference: "K7Q2", rest: "Hello Ana", handBack: false, handBackAfterReference: false }, text);
  }
});

Deno.test("no word can be a reference: references have no vowels", () => {
  for (const text of ["Hola Ana", "Okay see you", "Sure", "Ciao", "Tomorrow at 3"]) {
    assert.equal(parseStaffText(text).reference, null, text);
  }
});

Deno.test("a reference needs exactly four characters and a word boundary after them", () => {
  assert.equal(parseStaffText("K7Q2X hello").reference, null);
  assert.equal(parseStaffText("K7Q hello").reference, null);
  assert.equal(parseStaffText("#K7Q2").reference, "K7Q2");
});

Deno.test("bot and menu hand back, in any language and case, alone or after the reference", () => {
  for (const word of ["bot", "BOT", "Menu", "menú", "asistente", "assistente"]) assert.equal(isHandBack(word), true, word);
  assert.deepEqual(parseStaffText("#K7Q2 bot"), { reference: "K7Q2", rest: "bot", handBack: false, handBackAfterReference: true });
  assert.equal(parseStaffText("the bot is fine").handBack, false);
});
