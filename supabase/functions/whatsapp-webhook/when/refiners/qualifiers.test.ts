import assert from "node:assert/strict";
import { readWhen } from "../read-when.ts";
import type { Language } from "../types.ts";

const NOW = new Date("2026-11-25T15:00:00Z");
const reasonOf = (text: string, language: Language) => {
  const when = readWhen(text, { now: NOW, timeZone: "Europe/Lisbon", language, dateOrder: "day_first" });
  return when.kind === "unsure" ? when.reason : when.kind;
};

Deno.test("a limit is not a day or a time: 'after 3pm', 'hasta el lunes', 'a partir das 14h', 'antes das 10'", () => {
  for (const [text, language] of [
    ["after 3pm", "en"], ["before friday", "en"], ["see you tomorrow", "en"], ["hasta el lunes", "es"],
    ["después de las 3", "es"], ["a partir das 14h", "pt"], ["até amanhã", "pt"], ["antes das 10", "pt"],
  ] as const) {
    assert.equal(reasonOf(text, language), "bound", text);
  }
});

Deno.test("a negated day or time is unsure, before it or just after it", () => {
  for (const [text, language] of [
    ["not tomorrow", "en"], ["I can't come on friday", "en"], ["tomorrow is not good", "en"],
    ["no puedo el lunes", "es"], ["mañana no", "es"], ["não posso amanhã", "pt"], ["amanhã não dá", "pt"],
  ] as const) {
    assert.equal(reasonOf(text, language), "negated", text);
  }
});

Deno.test("punctuation ends a negation: 'no, mañana' is tomorrow", () => {
  assert.equal(reasonOf("no, mañana", "es"), "when");
  assert.equal(reasonOf("não, amanhã", "pt"), "when");
  assert.equal(reasonOf("No. Tomorrow at 10am", "en"), "when");
});

Deno.test("an alternative we cannot read whole is unsure: 'tomorrow or the day after', 'mañana o pasado'", () => {
  assert.equal(reasonOf("tomorrow or the day after", "en"), "several_days");
  assert.equal(reasonOf("mañana o pasado", "es"), "several_days");
  assert.equal(reasonOf("amanhã ou depois", "pt"), "several_days");
  assert.equal(reasonOf("at 10 or later", "en"), "several_times");
});

Deno.test("a date in a street name is no date: 'rua 7 de setembro', 'calle 5 de mayo'", () => {
  assert.equal(reasonOf("moro na rua 7 de setembro", "pt"), "none");
  assert.equal(reasonOf("Av. 25 de Março, 300", "pt"), "none");
  assert.equal(reasonOf("calle 5 de mayo 123", "es"), "none");
  assert.equal(reasonOf("moro na rua 7 de setembro, pode ser amanhã?", "pt"), "when");
});
