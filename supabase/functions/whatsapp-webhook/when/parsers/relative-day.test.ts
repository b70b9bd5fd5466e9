import assert from "node:assert/strict";
import { day, find, only, settings, WEDNESDAY } from "../testing.ts";
import { relativeDayParsers } from "./relative-day.ts";
import { overlapRefiner } from "../refiners/overlap.ts";

const en = relativeDayParsers(settings("en"));
const es = relativeDayParsers(settings("es"));
const pt = relativeDayParsers(settings("pt"));

Deno.test("'day after tomorrow' is two days ahead, not tomorrow (issue 8), in all three languages", () => {
  assert.deepEqual(only("day after tomorrow", en), [day("2026-11-27")]);
  assert.deepEqual(only("the day after tomorrow", en), [day("2026-11-27")]);
  assert.deepEqual(only("pasado mañana", es), [day("2026-11-27")]);
  assert.deepEqual(only("depois de amanhã", pt), [day("2026-11-27")]);
});

Deno.test("prepositions before a relative day belong to it", () => {
  assert.equal(find("para mañana", es)[0]?.text, "para manana");
  assert.equal(find("pra amanhã", pt)[0]?.text, "pra amanha");
});

Deno.test("'tonight' and 'esta tarde' are today and a part of it", () => {
  assert.deepEqual(only("tonight", en), [day(WEDNESDAY), { kind: "part", part: "evening" }]);
  assert.deepEqual(only("esta tarde", es), [day(WEDNESDAY), { kind: "part", part: "afternoon" }]);
  assert.deepEqual(only("hoje à noite", pt, [overlapRefiner]), [day(WEDNESDAY), { kind: "part", part: "evening" }]);
});

Deno.test("counts of days and weeks are days ahead: 'in 3 days', 'dentro de una semana', 'daqui a 2 semanas'", () => {
  assert.deepEqual(only("in 3 days", en), [day("2026-11-28")]);
  assert.deepEqual(only("5 days from now", en), [day("2026-11-30")]);
  assert.deepEqual(only("dentro de una semana", es), [day("2026-12-02")]);
  assert.deepEqual(only("daqui a 2 semanas", pt), [day("2026-12-09")]);
});

Deno.test("counts of hours are durations, never times of day: 'in 15h' is unsure", () => {
  assert.deepEqual(only("in 15h", en), [{ kind: "unsure", reason: "duration" }]);
  assert.deepEqual(only("en 2 horas", es), [{ kind: "unsure", reason: "duration" }]);
  assert.deepEqual(only("daqui a 30 minutos", pt), [{ kind: "unsure", reason: "duration" }]);
});

Deno.test("a word inside another word is not a day: 'amanhã' has no Spanish 'mañana' in it", () => {
  assert.deepEqual(find("amanhã", es), []);
  assert.deepEqual(find("todays", en), []);
});
