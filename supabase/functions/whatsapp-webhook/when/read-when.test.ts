/**
 * readWhen as the flow calls it, and the regressions of issue 8: days read on the clinic's calendar
 * near midnight, and the words chrono's own parsers missed or misread.
 */
import assert from "node:assert/strict";
import { dateOrderFor, readWhen } from "./index.ts";
import type { Language, When, WhenContext } from "./types.ts";

/** Sunday 22 November 2026, 23:00 in New York: already Monday in UTC. */
const NEW_YORK_23H = new Date("2026-11-23T04:00:00Z");

function context(language: Language, overrides: Partial<WhenContext> = {}): WhenContext {
  return { now: NEW_YORK_23H, timeZone: "America/New_York", language, dateOrder: dateOrderFor("en-US"), ...overrides };
}

function dayOf(when: When): string | null {
  if (when.kind !== "when") throw new Error(`expected a reading, got ${JSON.stringify(when)}`);
  return when.day?.day ?? null;
}

function timeOf(when: When) {
  if (when.kind !== "when") throw new Error(`expected a reading, got ${JSON.stringify(when)}`);
  return when.time;
}

Deno.test("at 23:00 in New York 'day after tomorrow' is Tuesday, not Monday (issue 8)", () => {
  assert.equal(dayOf(readWhen("day after tomorrow", context("en"))), "2026-11-24");
  assert.equal(dayOf(readWhen("the day after tomorrow", context("en"))), "2026-11-24");
  assert.equal(dayOf(readWhen("tomorrow", context("en"))), "2026-11-23");
  assert.equal(dayOf(readWhen("today", context("en"))), "2026-11-22");
});

Deno.test("'the 7th', '10.00' and 'half past ten' are read; '15h' is 15:00, not fifteen hours from now (issue 8)", () => {
  assert.equal(dayOf(readWhen("the 7th", context("en"))), "2026-12-07");
  assert.deepEqual(timeOf(readWhen("10.00", context("en"))), { hour: 10, minute: 0, ambiguousMeridiem: true });
  assert.deepEqual(timeOf(readWhen("half past ten", context("en"))), { hour: 10, minute: 30, ambiguousMeridiem: true });
  assert.deepEqual(timeOf(readWhen("15h", context("en"))), { hour: 15, minute: 0, ambiguousMeridiem: false });
});

Deno.test("what chrono's es and pt locales misread is read (issue 8)", () => {
  const es = context("es", { timeZone: "America/Mexico_City", dateOrder: dateOrderFor("es-MX") });
  const pt = context("pt", { timeZone: "America/Sao_Paulo", dateOrder: dateOrderFor("pt-BR") });
  // 22 November, 22:00 in Mexico City and 01:00 on the 23rd in São Paulo.
  assert.equal(dayOf(readWhen("pasado mañana", es)), "2026-11-24");
  assert.equal(dayOf(readWhen("depois de amanhã", pt)), "2026-11-25");
  assert.deepEqual(timeOf(readWhen("10 de la mañana", es)), { hour: 10, minute: 0, ambiguousMeridiem: false });
  assert.equal(dayOf(readWhen("dia 7", pt)), "2026-12-07");
  assert.deepEqual(timeOf(readWhen("15h30", pt)), { hour: 15, minute: 30, ambiguousMeridiem: false });
  const week = readWhen("semana que vem", pt);
  assert.deepEqual(week.kind === "when" && week.range, { from: "2026-11-30", to: "2026-12-06" });
});

Deno.test("spans point at the words read, in the text as typed, accents included", () => {
  const text = "Mañana a las 10, consulta general";
  const when = readWhen(text, context("es"));
  assert.equal(when.kind, "when");
  if (when.kind !== "when") return;
  assert.deepEqual(when.spans.map((span) => text.slice(span.index, span.index + span.length)), ["Mañana", "a las 10"]);
});

Deno.test("a bare number is nothing: the flow reads menu numbers first", () => {
  for (const text of ["2", "10", "0", "31"]) assert.deepEqual(readWhen(text, context("en")), { kind: "none" }, text);
});

Deno.test("only the given language's words are read", () => {
  assert.deepEqual(readWhen("mañana", context("en")), { kind: "none" });
  assert.deepEqual(readWhen("tomorrow", context("pt")), { kind: "none" });
});

Deno.test("an ambiguous numeric date past in the clinic's order and bookable in the other takes the bookable one", () => {
  // A day-first clinic on 22 November: 12/11 is 12 November (past) or 11 December (bookable).
  const lisbon = context("pt", { timeZone: "Europe/Lisbon", dateOrder: "day_first" });
  const bookable = (day: string) => day >= "2026-11-22" && day <= "2026-12-20";
  assert.equal(dayOf(readWhen("12/11", { ...lisbon, bookable })), "2026-12-11");
  const withoutBookable = readWhen("12/11", lisbon);
  assert.deepEqual(withoutBookable.kind === "when" && withoutBookable.day, { day: "2026-11-12", past: true });
});

Deno.test("unsure answers carry the candidate days where there are some, and the spans they come from", () => {
  // On a Sunday, English "next monday" is tomorrow or a week later.
  assert.deepEqual(readWhen("cleaning next monday", context("en")), {
    kind: "unsure",
    reason: "next_weekday",
    days: ["2026-11-23", "2026-11-30"],
    spans: [{ index: 9, length: 11 }],
  });
});
