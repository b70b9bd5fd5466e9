/**
 * "the 7th", "el 7", "dia 7": the next 7th from today, this month if it is still ahead, else next
 * month. Said on the 7th it is today or next month: unsure. A month without that day ("the 31st"
 * in November, or after the 30th in a month followed by February) is unsure rather than skipped to
 * a later month, which the patient may not have meant.
 */
import { dayParts, nextMonthStart, validDay } from "../calendar/days.ts";
import { type DayReading, unsure } from "../pieces.ts";
import type { Day } from "../types.ts";

export const LAST_DAY_OF_ANY_MONTH = 31;

export function resolveDayOfMonth(today: Day, dayOfMonth: number): DayReading {
  const now = dayParts(today);
  const next = dayParts(nextMonthStart(today));
  const inNextMonth = validDay({ ...next, day: dayOfMonth });
  if (dayOfMonth === now.day) {
    return unsure("day_of_month_is_today", inNextMonth ? [today, inNextMonth] : [today]);
  }
  const target = dayOfMonth > now.day ? validDay({ ...now, day: dayOfMonth }) : inNextMonth;
  return target ? { kind: "day", day: target } : unsure("no_such_day");
}
