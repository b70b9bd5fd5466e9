import assert from "node:assert/strict";
import { readWhen } from "./read-when.ts";
import type { Language, When } from "./types.ts";

/** Wednesday 25 November 2026, 15:00 in Lisbon. */
const NOW = new Date("2026-11-25T15:00:00Z");
const reading = (text: string, language: Language = "en"): When =>
  readWhen(text, { now: NOW, timeZone: "Europe/Lisbon", language, dateOrder: "day_first" });
/** The answer without its spans (readWhen's spans have their own tests). */
function read(text: string, language: Language = "en") {
  const when = reading(text, language);
  if (when.kind !== "unsure") return when;
  const { spans: _spans, ...rest } = when;
  return rest;
}
function fields(when: When | ReturnType<typeof read>) {
  if (when.kind !== "when") throw new Error(`expected a reading, got ${JSON.stringify(when)}`);
  return { day: when.day, range: when.range, time: when.time, part: when.part };
}

Deno.test("a part of the day settles an ambiguous hour: 'a las 3 de la tarde' is 15:00", () => {
  assert.deepEqual(fields(read("a las 3 de la tarde", "es")), {
    day: null, range: null, time: { hour: 15, minute: 0, ambiguousMeridiem: false }, part: "afternoon",
  });
  assert.deepEqual(fields(read("tomorrow morning at 10")), {
    day: { day: "2026-11-26", past: false }, range: null, time: { hour: 10, minute: 0, ambiguousMeridiem: false }, part: "morning",
  });
});

Deno.test("a time and a part that disagree are unsure: '3pm in the morning', '11 de la tarde', '12 in the morning'", () => {
  assert.deepEqual(read("3pm in the morning"), { kind: "unsure", reason: "time_part_mismatch" });
  assert.deepEqual(read("a las 11 de la tarde", "es"), { kind: "unsure", reason: "time_part_mismatch" });
  assert.deepEqual(read("12 in the morning"), { kind: "unsure", reason: "time_part_mismatch" });
});

Deno.test("a weekday must match the date it comes with", () => {
  assert.deepEqual(fields(read("friday the 27th")).day, { day: "2026-11-27", past: false });
  assert.deepEqual(read("friday the 28th"), { kind: "unsure", reason: "weekday_mismatch" });
});

Deno.test("a weekday with a span is that weekday inside it: 'monday next week', 'el lunes de esta semana' (past)", () => {
  assert.deepEqual(fields(read("monday next week")).day, { day: "2026-11-30", past: false });
  assert.deepEqual(fields(read("el lunes de esta semana", "es")).day, { day: "2026-11-23", past: true });
  assert.deepEqual(fields(read("el lunes de esta semana", "es")).range, null);
});

Deno.test("a weekday in a month is one of several: unsure, with the days", () => {
  assert.deepEqual(read("a monday next month"), {
    kind: "unsure", reason: "several_days", days: ["2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"],
  });
});

Deno.test("two different days, times or parts are unsure; the same one said twice is fine", () => {
  assert.deepEqual(read("monday or tuesday"), { kind: "unsure", reason: "several_days" });
  assert.deepEqual(read("tomorrow, the 27th"), { kind: "unsure", reason: "several_days", days: ["2026-11-26", "2026-11-27"] });
  assert.deepEqual(read("tomorrow, friday"), { kind: "unsure", reason: "weekday_mismatch" });
  assert.equal(fields(read("tomorrow, thursday")).day?.day, "2026-11-26");
  assert.deepEqual(read("at 10, maybe 10:30"), { kind: "unsure", reason: "several_times" });
  assert.deepEqual(read("morning or afternoon"), { kind: "unsure", reason: "several_parts" });
  assert.equal(read("a las 12 del mediodía", "es").kind, "when");
  assert.equal(read("today, this afternoon").kind, "when");
});

Deno.test("a day inside a span is the day; outside it, unsure", () => {
  assert.deepEqual(fields(read("next week, on tuesday")).day, { day: "2026-12-01", past: false });
  assert.deepEqual(read("tomorrow next week").kind, "unsure");
});

Deno.test("a day before today is marked past", () => {
  assert.deepEqual(fields(read("yesterday")).day, { day: "2026-11-24", past: true });
  assert.deepEqual(fields(read("24/11")).day, { day: "2026-11-24", past: true });
});
