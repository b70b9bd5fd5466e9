import assert from "node:assert/strict";
import { find, only, settings, time } from "../testing.ts";
import { spokenTimeParsers } from "./spoken-time.ts";
import { overlapRefiner } from "../refiners/overlap.ts";

// The shapes overlap ("meio-dia e meia" holds "meio-dia"); the longer reading wins, as in readWhen.
const REFINERS = [overlapRefiner];

const en = spokenTimeParsers(settings("en"));
const es = spokenTimeParsers(settings("es"));
const pt = spokenTimeParsers(settings("pt"));

Deno.test("'half past ten' and 'quarter to 3' (issue 8), 'ten thirty', British 'half ten'", () => {
  assert.deepEqual(only("half past ten", en, REFINERS), [time(10, 30, true)]);
  assert.deepEqual(only("quarter to 3", en, REFINERS), [time(2, 45, true)]);
  assert.deepEqual(only("quarter past 4", en, REFINERS), [time(4, 15, true)]);
  assert.deepEqual(only("ten thirty", en, REFINERS), [time(10, 30, true)]);
  assert.deepEqual(only("half ten", en, REFINERS), [time(10, 30, true)]);
  assert.deepEqual(only("quarter to 1", en, REFINERS), [time(12, 45, true)]);
});

Deno.test("noon, midday, midnight and their Spanish and Portuguese names are fixed times", () => {
  for (const [text, parsers] of [["noon", en], ["midday", en], ["mediodía", es], ["al mediodía", es], ["meio-dia", pt], ["ao meio dia", pt]] as const) {
    assert.deepEqual(only(text, parsers, REFINERS), [time(12, 0, false)], text);
  }
  assert.deepEqual(only("midnight", en, REFINERS), [time(0, 0, false)]);
  assert.deepEqual(only("meia-noite", pt, REFINERS), [time(0, 0, false)]);
  assert.deepEqual(only("quarter to noon", en, REFINERS), [time(11, 45, false)]);
});

Deno.test("Spanish 'y media', 'y cuarto', 'menos cuarto', 'cuarto para las'", () => {
  assert.deepEqual(only("a las tres y media", es, REFINERS), [time(3, 30, true)]);
  assert.deepEqual(only("a las 3 y cuarto", es, REFINERS), [time(3, 15, true)]);
  assert.deepEqual(only("a las 3 menos cuarto", es, REFINERS), [time(2, 45, true)]);
  assert.deepEqual(only("cuarto para las 3", es, REFINERS), [time(2, 45, true)]);
  assert.deepEqual(only("a las 3 y 10", es, REFINERS), [time(3, 10, true)]);
});

Deno.test("Portuguese 'e meia', 'meio-dia e meia', 'quinze para as'", () => {
  assert.deepEqual(only("três e meia", pt, REFINERS), [time(3, 30, true)]);
  assert.deepEqual(only("meio-dia e meia", pt, REFINERS), [time(12, 30, false)]);
  assert.deepEqual(only("quinze para as três", pt, REFINERS), [time(2, 45, true)]);
  assert.deepEqual(only("às 14 e 30", pt, REFINERS), [time(14, 30, false)]);
});

Deno.test("digit minutes need a prefix: '3 y 10' and '14 e 30' alone are two numbers", () => {
  assert.deepEqual(find("3 y 10", es), []);
  assert.deepEqual(find("14 e 30", pt), []);
  assert.deepEqual(find("5 to 10", en), []);
});
