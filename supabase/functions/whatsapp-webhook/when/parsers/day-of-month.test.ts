import assert from "node:assert/strict";
import { day, find, only, settings } from "../testing.ts";
import { dayOfMonthParser } from "./day-of-month.ts";

const en = [dayOfMonthParser(settings("en"))];
const es = [dayOfMonthParser(settings("es"))];
const pt = [dayOfMonthParser(settings("pt"))];

Deno.test("'the 7th', 'el 7', 'el día 7', 'dia 7' are the next 7th (issue 8: chrono read none of them)", () => {
  for (const [text, parsers] of [["the 7th", en], ["on the 7th", en], ["7th", en], ["el 7", es], ["el día 7", es], ["dia 7", pt], ["no dia 07", pt]] as const) {
    assert.deepEqual(only(text, parsers), [day("2026-12-07")], text);
  }
});

Deno.test("a weak marker needs a fitting word after it: 'the 2nd one' and 'el 2 de la lista' are no days", () => {
  assert.deepEqual(find("the 2nd one please", en), []);
  assert.deepEqual(find("on the 2nd floor", en), []);
  assert.deepEqual(find("el 2 de la lista", es), []);
  assert.deepEqual(only("the 2nd at 3pm", en), [day("2026-12-02")]);
  assert.deepEqual(only("el 2 por la tarde", es), [day("2026-12-02")]);
});

Deno.test("English needs the ordinal suffix: 'the 7' is not a day", () => {
  assert.deepEqual(find("the 7", en), []);
});

Deno.test("a strong marker is enough: 'dia 2 de manhã'", () => {
  assert.deepEqual(find("dia 2 de manhã", pt)[0]?.pieces, [day("2026-12-02")]);
});

Deno.test("a number that is a time or a date is not a day of the month", () => {
  assert.deepEqual(find("dia 7:30", pt), []);
  assert.deepEqual(find("el 7/12", es), []);
});

Deno.test("the 31st in a month of 30 days is unsure", () => {
  assert.deepEqual(only("the 31st", en), [{ kind: "unsure", reason: "no_such_day" }]);
});
