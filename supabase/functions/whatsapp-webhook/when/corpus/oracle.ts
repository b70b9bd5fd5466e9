/**
 * The reading a corpus row expects at one clock: the deliberate rules of when/index.ts written out
 * again, plainly and independently of the module (UTC dates, day by day), so that the corpus checks
 * the module against the rules rather than against itself.
 */
import type { DateOrder, Day, When } from "../types.ts";
import type { DayRule, Expect, Reading, SpanRule } from "./expect.ts";

export interface OracleClock {
  /** The clinic's local date, `YYYY-MM-DD`, taken from the wall-clock string of the fixture. */
  today: Day;
  language: "en" | "es" | "pt";
  dateOrder: DateOrder;
  /** Days ahead the corpus's `bookable` accepts (today included). */
  horizonDays: number;
}

export type Expected = { kind: "none" } | { kind: "unsure" } | {
  kind: "when";
  day: { day: Day; past: boolean } | null;
  range: { from: Day; to: Day } | null;
  time: { hour: number; minute: number; ambiguousMeridiem: boolean } | null;
  part: string | null;
  rest?: string;
};

const UNSURE = { kind: "unsure" } as const;
type DayOrUnsure = Day | "unsure";

function utc(day: Day): Date {
  return new Date(`${day}T00:00:00Z`);
}
function iso(date: Date): Day {
  return date.toISOString().slice(0, 10);
}
function add(day: Day, days: number): Day {
  const date = utc(day);
  date.setUTCDate(date.getUTCDate() + days);
  return iso(date);
}
/** 1 = Monday … 7 = Sunday */
function weekdayOf(day: Day): number {
  return utc(day).getUTCDay() || 7;
}
function make(year: number, month: number, dayOfMonth: number): Day | null {
  const date = new Date(Date.UTC(year, month - 1, dayOfMonth));
  const ok = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === dayOfMonth;
  return ok ? iso(date) : null;
}
function sundayOf(day: Day): Day {
  return add(day, 7 - weekdayOf(day));
}

/** A date without a year: the last month's if it is that recent, else the next one. */
function yearless(today: Day, month: number, dayOfMonth: number, year?: number): Day | null {
  if (year !== undefined) return make(year, month, dayOfMonth);
  for (let back = 1; back <= 31; back += 1) {
    const day = add(today, -back);
    if (Number(day.slice(5, 7)) === month && Number(day.slice(8, 10)) === dayOfMonth) return day;
  }
  for (let ahead = 0; ahead <= 4 * 366; ahead += 1) {
    const day = add(today, ahead);
    if (Number(day.slice(5, 7)) === month && Number(day.slice(8, 10)) === dayOfMonth) return day;
  }
  return null;
}

function dayFor(rule: DayRule, clock: OracleClock): DayOrUnsure | null {
  const today = clock.today;
  switch (rule.rule) {
    case "offset":
      return add(today, rule.days);
    case "weekday": {
      let first = add(today, 1);
      while (weekdayOf(first) !== rule.weekday) first = add(first, 1);
      const isToday = weekdayOf(today) === rule.weekday;
      const stillThisWeek = !isToday && first <= sundayOf(today);
      if (rule.how === "last") {
        let previous = add(today, -1);
        while (weekdayOf(previous) !== rule.weekday) previous = add(previous, -1);
        return previous;
      }
      if (rule.how === "coming") return first;
      if (rule.how === "bare") return isToday ? "unsure" : first;
      if (rule.how === "this") return isToday || !stillThisWeek ? "unsure" : first;
      if (isToday) return first;
      const tomorrow = first === add(today, 1);
      const englishSunday = clock.language === "en" && weekdayOf(today) === 7;
      return stillThisWeek || tomorrow || englishSunday ? "unsure" : first;
    }
    case "weekday_in": {
      if (weekdayOf(today) === 7) return "unsure";
      const monday = add(today, 1 - weekdayOf(today));
      return add(monday, (rule.week === "next_week" ? 7 : 0) + rule.weekday - 1);
    }
    case "day_of_month": {
      const [year, month, dayOfMonth] = today.split("-").map(Number) as [number, number, number];
      if (rule.day === dayOfMonth) return "unsure";
      const target = rule.day > dayOfMonth
        ? make(year, month, rule.day)
        : month === 12 ? make(year + 1, 1, rule.day) : make(year, month + 1, rule.day);
      if (target === null) return "unsure";
      return rule.weekday !== undefined && weekdayOf(target) !== rule.weekday ? "unsure" : target;
    }
    case "date": {
      const target = yearless(today, rule.month, rule.day, rule.year);
      if (target === null) return "unsure";
      return rule.weekday !== undefined && weekdayOf(target) !== rule.weekday ? "unsure" : target;
    }
    case "numeric": {
      const dayFirst = yearless(today, rule.second, rule.first, rule.year);
      const monthFirst = yearless(today, rule.first, rule.second, rule.year);
      const [locale, other] = clock.dateOrder === "day_first" ? [dayFirst, monthFirst] : [monthFirst, dayFirst];
      if (locale === null) return other;
      const otherBookable = other !== null && other >= today && other <= add(today, clock.horizonDays);
      return locale < today && otherBookable ? other : locale;
    }
  }
}

function spanFor(rule: SpanRule, today: Day): { from: Day; to: Day } | "unsure" {
  const weekday = weekdayOf(today);
  const sunday = sundayOf(today);
  const saturday = add(sunday, -1);
  const [year, month] = today.split("-").map(Number) as [number, number];
  const lastOf = (y: number, m: number) => iso(new Date(Date.UTC(y, m, 0)));
  switch (rule) {
    case "this_week":
      return weekday === 7 ? "unsure" : { from: today, to: sunday };
    case "next_week":
      return weekday === 7 ? "unsure" : { from: add(sunday, 1), to: add(sunday, 7) };
    case "this_month":
      return { from: today, to: lastOf(year, month) };
    case "next_month": {
      const first = add(lastOf(year, month), 1);
      return { from: first, to: lastOf(Number(first.slice(0, 4)), Number(first.slice(5, 7))) };
    }
    case "this_weekend":
      if (weekday === 7) return "unsure";
      return { from: weekday === 6 ? today : saturday, to: sunday };
    case "next_weekend":
      return weekday < 6 ? "unsure" : { from: add(saturday, 7), to: add(sunday, 7) };
  }
}

export function expectedAt(expect: Expect, clock: OracleClock): Expected {
  if (expect === "none") return { kind: "none" };
  if (expect === "unsure") return UNSURE;
  const reading: Reading = expect;
  const day = reading.day ? dayFor(reading.day, clock) : null;
  if (day === "unsure") return UNSURE;
  const range = reading.span ? spanFor(reading.span, clock.today) : null;
  if (range === "unsure") return UNSURE;
  return {
    kind: "when",
    day: day === null ? null : { day, past: day < clock.today },
    range,
    time: reading.time ? { hour: reading.time.hour, minute: reading.time.minute, ambiguousMeridiem: reading.time.either } : null,
    part: reading.part ?? null,
    ...(reading.rest === undefined ? {} : { rest: reading.rest }),
  };
}

export type Verdict = "right" | "unread" | "wrong";

/** The words of `text` outside the reading's spans, spaces collapsed. */
export function restOf(text: string, when: When): string {
  if (when.kind !== "when") return text;
  let rest = "";
  let from = 0;
  for (const span of when.spans) {
    rest += `${text.slice(from, span.index)} `;
    from = span.index + span.length;
  }
  return (rest + text.slice(from)).replace(/\s+/g, " ").trim();
}

export function judge(text: string, actual: When, expected: Expected): Verdict {
  if (expected.kind === "none") return actual.kind === "none" ? "right" : "wrong";
  if (actual.kind === "none") return "unread";
  if (expected.kind === "unsure") return actual.kind === "unsure" ? "right" : "wrong";
  if (actual.kind === "unsure") return "unread";
  const same = JSON.stringify([actual.day, actual.range, actual.time, actual.part]) ===
    JSON.stringify([expected.day, expected.range, expected.time, expected.part]);
  const restFits = expected.rest === undefined || restOf(text, actual) === expected.rest;
  return same && restFits ? "right" : "wrong";
}
