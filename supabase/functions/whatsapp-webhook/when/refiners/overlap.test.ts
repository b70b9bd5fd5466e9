import assert from "node:assert/strict";
import { whenChrono } from "../chrono-config.ts";
import { day, find, settings, time } from "../testing.ts";
import { overlapRefiner } from "./overlap.ts";

const parsers = (language: "en" | "es" | "pt") => whenChrono(settings(language)).parsers;

Deno.test("the longer reading wins: 'pasado mañana' over 'mañana', 'por la mañana' over 'mañana'", () => {
  assert.deepEqual(find("pasado mañana", parsers("es"), [overlapRefiner]).map((found) => found.pieces), [[day("2026-11-27")]]);
  assert.deepEqual(
    find("mañana por la mañana", parsers("es"), [overlapRefiner]).map((found) => found.pieces),
    [[day("2026-11-26")], [{ kind: "part", part: "morning" }]],
  );
  assert.deepEqual(find("10:30", parsers("en"), [overlapRefiner]).map((found) => found.pieces), [[time(10, 30, true)]]);
});

Deno.test("two readings of exactly the same words: the unsure one wins ('10.12' is a time or a date)", () => {
  const found = find("10.12", parsers("es"), [overlapRefiner]);
  assert.deepEqual(found.map((result) => result.pieces), [[{ kind: "unsure", reason: "time_or_date" }]]);
});
