/**
 * Dates typed with a month: "3 de diciembre", "december 3rd", "25/12", "3/4/2027".
 *
 * Without a year, the occurrence nearest to today is meant, before or after (ties go forward):
 * "3 January" on 20 December is next year's, "21/11" on 22 November is yesterday (past, so the
 * flow says it has passed instead of booking a year ahead).
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

/** The day with that month and day nearest to today (year before, this year, year after). */
export function nearestDate(today: Day, month: number, dayOfMonth: number): Day | null {
  const year = Number(today.slice(0, 4));
  let best: Day | null = null;
  for (const candidateYear of [year + 1, year, year - 1]) {
    const candidate = validDay({ year: candidateYear, month, day: dayOfMonth });
    if (candidate && (best === null || Math.abs(daysBetween(today, candidate)) < Math.abs(daysBetween(today, best)))) {
      best = candidate;
    }
  }
  return best;
}

/** A date with a month named or typed: exact with a year, nearest without. */
export function resolveDate(today: Day, month: number, dayOfMonth: number, year: number | null): DayReading {
  const day = year === null ? nearestDate(today, month, dayOfMonth) : validDay({ year, month, day: dayOfMonth });
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
