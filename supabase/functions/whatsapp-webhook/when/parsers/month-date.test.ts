import assert from "node:assert/strict";
import { day, find, only, settings } from "../testing.ts";
import { monthDateParsers } from "./month-date.ts";

const en = monthDateParsers(settings("en"));
const es = monthDateParsers(settings("es"));
const pt = monthDateParsers(settings("pt"));

Deno.test("day and month in words, either order, in the three languages", () => {
  for (const [text, parsers] of [
    ["december 3", en], ["dec 3rd", en], ["3rd of december", en], ["the 3rd of december", en], ["december the 3rd", en],
    ["3 de diciembre", es], ["el 3 de diciembre", es], ["diciembre 3", es], ["3 de dezembro", pt], ["dia 3 de dezembro", pt],
  ] as const) {
    assert.deepEqual(only(text, parsers), [day("2026-12-03")], text);
  }
});

Deno.test("'diciembre 3' is 3 December, not the year 2003 (chrono's es parser)", () => {
  assert.deepEqual(only("diciembre 3", es), [day("2026-12-03")]);
});

Deno.test("years, ordinal words, and the next year when the date has passed", () => {
  assert.deepEqual(only("3 de diciembre de 2027", es), [day("2027-12-03")]);
  assert.deepEqual(only("december 3rd, 2027", en), [day("2027-12-03")]);
  assert.deepEqual(only("el primero de enero", es), [day("2027-01-01")]);
  assert.deepEqual(only("primeiro de janeiro", pt), [day("2027-01-01")]);
  assert.deepEqual(only("1º de maio", pt), [day("2027-05-01")]);
  assert.deepEqual(only("december first", en), [day("2026-12-01")]);
});

Deno.test("a day the month lacks is unsure", () => {
  assert.deepEqual(only("30 de febrero", es), [{ kind: "unsure", reason: "no_such_day" }]);
});

Deno.test("a month with no day, or a modal 'may', is no date", () => {
  assert.deepEqual(find("in december", en), []);
  assert.deepEqual(find("may I come", en), []);
});
