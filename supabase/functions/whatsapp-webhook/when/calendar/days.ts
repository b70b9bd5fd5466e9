/**
 * Calendar arithmetic on local days (`YYYY-MM-DD`), done in UTC so that neither the server's zone
 * nor daylight saving can move a day: a day here is a date on the clinic's wall calendar, never an
 * instant. Weeks are ISO weeks, Monday to Sunday.
 */
import type { Day } from "../types.ts";

const MS_PER_DAY = 86_400_000;
export const DAYS_PER_WEEK = 7;

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const SUNDAY: IsoWeekday = 7;

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
}

export function formatDay(parts: DateParts): Day {
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

export function dayParts(day: Day): DateParts {
  const [year = 0, month = 0, date = 0] = day.split("-").map(Number);
  return { year, month, day: date };
}

function utcMs(day: Day): number {
  const parts = dayParts(day);
  return Date.UTC(parts.year, parts.month - 1, parts.day);
}

/** The day `days` calendar days after `day` (negative: before). */
export function addDays(day: Day, days: number): Day {
  const moved = new Date(utcMs(day) + days * MS_PER_DAY);
  return formatDay({ year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((utcMs(to) - utcMs(from)) / MS_PER_DAY);
}

export function isoWeekday(day: Day): IsoWeekday {
  const weekday = new Date(utcMs(day)).getUTCDay();
  return (weekday === 0 ? 7 : weekday) as IsoWeekday;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day, or null when the month has no such day (31 November, 29 February 2027). */
export function validDay(parts: DateParts): Day | null {
  const valid = parts.month >= 1 && parts.month <= 12 && parts.day >= 1 &&
    parts.day <= daysInMonth(parts.year, parts.month);
  return valid ? formatDay(parts) : null;
}

/** Monday of the ISO week that holds `day`. */
export function weekStart(day: Day): Day {
  return addDays(day, 1 - isoWeekday(day));
}

export function monthStart(day: Day): Day {
  return formatDay({ ...dayParts(day), day: 1 });
}

export function monthEnd(day: Day): Day {
  const parts = dayParts(day);
  return formatDay({ ...parts, day: daysInMonth(parts.year, parts.month) });
}

/** The first day of the month after the one that holds `day`. */
export function nextMonthStart(day: Day): Day {
  return addDays(monthEnd(day), 1);
}

/** The first `weekday` strictly after `day` (1 to 7 days later). */
export function nextWeekday(day: Day, weekday: IsoWeekday): Day {
  const ahead = (weekday - isoWeekday(day) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  return addDays(day, ahead === 0 ? DAYS_PER_WEEK : ahead);
}
