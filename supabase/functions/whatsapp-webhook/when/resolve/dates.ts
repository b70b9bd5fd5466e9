/**
 * Dates typed with a month: "3 de diciembre", "december 3rd", "25/12", "3/4/2027".
 *
 * Without a year, the next occurrence is meant ("3 January" on 20 December is next year's, "15 June"
 * in November next June's), unless the date passed within the last month: "21/11" on 22 November
 * is yesterday (past), so the flow says it has passed instead of offering a day a year ahead.
 *
 * A numeric date is read in the locale's order; when only the other order makes a date ("12/25"
 * in a day-first clinic) that one is taken. When both do, the locale's reading stands, except that
 * one which is past gives way to the other if that one is bookable (WhenContext.bookable).
 */
import { daysBetween, validDay } from "../calendar/days.ts";
import { type DayReading, unsure } from "../pieces.ts";
import type { DateOrder, Day } from "../types.ts";

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const CENTURY = 2000;

/** A four-digit year as typed, or a two-digit one in this century; null when out of range. */
export function yearOf(typed: string): number | null {
  const value = Number(typed);
  const year = typed.length <= 2 ? CENTURY + value : value;
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}

/** How long ago a date without a year may be and still be read as past rather than next year's. */
export const RECENT_PAST_DAYS = 31;
/** Leap days come every four years: look that far ahead for "29 February". */
const YEARS_AHEAD = 4;

/** The day with that month and day that a patient means: the next one, or one just gone. */
export function yearlessDate(today: Day, month: number, dayOfMonth: number): Day | null {
  const year = Number(today.slice(0, 4));
  const candidates: Day[] = [];
  for (let candidateYear = year - 1; candidateYear <= year + YEARS_AHEAD; candidateYear += 1) {
    const candidate = validDay({ year: candidateYear, month, day: dayOfMonth });
    if (candidate) candidates.push(candidate);
  }
  const justGone = candidates.filter((day) => day < today && daysBetween(day, today) <= RECENT_PAST_DAYS).at(-1);
  return justGone ?? candidates.find((day) => day >= today) ?? null;
}

/** A date with a month named or typed: exact with a year, `yearlessDate` without. */
export function resolveDate(today: Day, month: number, dayOfMonth: number, year: number | null): DayReading {
  const day = year === null ? yearlessDate(today, month, dayOfMonth) : validDay({ year, month, day: dayOfMonth });
  return day ? { kind: "day", day } : unsure("no_such_day");
}

export interface NumericDate {
  first: number;
  second: number;
  year: number | null;
}

function asDate(today: Day, month: number, dayOfMonth: number, year: number | null): Day | null {
  const reading = resolveDate(today, month, dayOfMonth, year);
  return reading.kind === "day" ? reading.day : null;
}

/** The day a numeric date names, or null when neither order makes a date ("25/13"). */
export function resolveNumericDate(
  today: Day,
  typed: NumericDate,
  order: DateOrder,
  bookable?: (day: Day) => boolean,
): Day | null {
  const dayFirst = asDate(today, typed.second, typed.first, typed.year);
  const monthFirst = asDate(today, typed.first, typed.second, typed.year);
  const [locale, other] = order === "day_first" ? [dayFirst, monthFirst] : [monthFirst, dayFirst];
  if (locale === null) return other;
  if (other === null || other === locale) return locale;
  const takeOther = bookable !== undefined && locale < today && bookable(other);
  return takeOther ? other : locale;
}
