import assert from "node:assert/strict";
import { fold } from "./fold.ts";

Deno.test("folding lower-cases and drops accents, keeping every character in its place", () => {
  for (const text of ["Mañana por la MAÑANA", "Depois de AMANHÃ às 15h30", "próxima terça", "Miércoles", "ÇÃO"]) {
    assert.equal(fold(text).length, text.length);
  }
  assert.equal(fold("Mañana por la MAÑANA"), "manana por la manana");
  assert.equal(fold("próxima terça"), "proxima terca");
});

Deno.test("Portuguese 'à' keeps its accent: 'às duas' (at two) is not 'as duas' (both)", () => {
  assert.equal(fold("Às duas"), "às duas");
  assert.equal(fold("as duas"), "as duas");
});

Deno.test("typographic apostrophes become plain ones", () => {
  assert.equal(fold("can’t come ten o’clock"), "can't come ten o'clock");
});
