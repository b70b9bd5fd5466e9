import assert from "node:assert/strict";
import { whenChrono } from "../chrono-config.ts";
import { day, find, settings, time } from "../testing.ts";
import type { Language } from "../types.ts";
import { leftoversRefiner } from "./leftovers.ts";
import { numberContextRefiner } from "./number-context.ts";
import { overlapRefiner } from "./overlap.ts";

function read(text: string, language: Language) {
  const chrono = whenChrono(settings(language));
  const refiners = [overlapRefiner, numberContextRefiner(settings(language)), leftoversRefiner];
  return find(text, chrono.parsers, refiners).map((found) => found.pieces);
}

Deno.test("a number before a part of the day is its hour: '10 de la mañana' keeps its time (chrono loses it)", () => {
  assert.deepEqual(read("10 de la mañana", "es"), [[time(10, 0, true), { kind: "part", part: "morning" }]]);
  assert.deepEqual(read("3 da tarde", "pt"), [[time(3, 0, true), { kind: "part", part: "afternoon" }]]);
  assert.deepEqual(read("three in the afternoon", "en"), [[time(3, 0, true), { kind: "part", part: "afternoon" }]]);
});

Deno.test("a number after a weekday is its day of the month in Spanish and Portuguese", () => {
  const friday = { kind: "weekday", weekday: 5, reading: { kind: "day", day: "2026-11-27" } };
  assert.deepEqual(read("el viernes 4", "es"), [[friday, day("2026-12-04")]]);
  assert.deepEqual(read("sexta, 4", "pt"), [[friday, day("2026-12-04")]]);
});

Deno.test("English 'friday 4' may be the 4th or 4 o'clock: unsure", () => {
  assert.deepEqual(read("friday 4", "en"), [[{ kind: "unsure", reason: "weekday_and_number" }]]);
});

Deno.test("a number joined to a time or a day is a span or a choice: unsure", () => {
  assert.deepEqual(read("10 or 11am", "en"), [[{ kind: "unsure", reason: "several_times" }]]);
  assert.deepEqual(read("3-4pm", "en"), [[{ kind: "unsure", reason: "several_times" }]]);
  assert.deepEqual(read("de 3 a 5 de la tarde", "es"), [[{ kind: "unsure", reason: "several_times" }]]);
  assert.deepEqual(read("das 3 às 5", "pt"), [[{ kind: "unsure", reason: "several_times" }]]);
  assert.deepEqual(read("del 3 al 5 de diciembre", "es"), [[{ kind: "unsure", reason: "several_days" }]]);
});

Deno.test("numbers with no day or time beside them are left out", () => {
  assert.deepEqual(read("2", "en"), []);
  assert.deepEqual(read("tengo 2 hijos", "es"), []);
  assert.deepEqual(read("2 people at 3pm", "en"), [[time(15, 0, false)]]);
});
