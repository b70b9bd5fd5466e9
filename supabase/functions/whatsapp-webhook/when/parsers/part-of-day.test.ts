import assert from "node:assert/strict";
import { find, only, settings } from "../testing.ts";
import { partOfDayParsers } from "./part-of-day.ts";
import { overlapRefiner } from "../refiners/overlap.ts";

const en = partOfDayParsers(settings("en"));
const es = partOfDayParsers(settings("es"));
const pt = partOfDayParsers(settings("pt"));

Deno.test("parts of the day in the three languages", () => {
  for (const [text, parsers, part] of [
    ["in the morning", en, "morning"], ["afternoon", en, "afternoon"], ["at night", en, "evening"],
    ["por la mañana", es, "morning"], ["de la tarde", es, "afternoon"], ["por la noche", es, "evening"],
    ["de manhã", pt, "morning"], ["à tarde", pt, "afternoon"], ["à noite", pt, "evening"],
  ] as const) {
    assert.deepEqual(only(text, parsers), [{ kind: "part", part }], text);
  }
});

Deno.test("greetings hide the part of the day inside them", () => {
  for (const [text, parsers] of [["good morning", en], ["buenas tardes", es], ["boa noite", pt]] as const) {
    assert.deepEqual(only(text, parsers, [overlapRefiner]), [{ kind: "greeting" }], text);
  }
});

Deno.test("'tarde' alone is 'late', not the afternoon", () => {
  assert.deepEqual(find("llego tarde", es), []);
  assert.deepEqual(find("cheguei tarde", pt), []);
});
