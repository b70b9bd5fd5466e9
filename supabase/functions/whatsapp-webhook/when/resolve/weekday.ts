/**
 * Which day a named weekday is, from the clinic's today. Weeks are ISO weeks (Monday to Sunday).
 *
 * - "friday" (bare): the first Friday after today. Said on a Friday it is today or a week from
 *   today: unsure.
 * - "coming"/"this coming friday": the first Friday after today, a week ahead if today is Friday.
 * - "this friday": Friday of this week while it is still ahead; today (unsure) or already past
 *   this week (unsure: the past one, or the next?).
 * - "next friday", "el próximo viernes", "el viernes que viene", "na próxima sexta", "sexta que vem":
 *   speakers split between "the first Friday ahead" and "Friday of next week". Both agree when
 *   Friday has already passed this week (or is today: a week from today), so that is read. While
 *   Friday is still ahead this week, or is tomorrow, it is unsure (with both days as candidates).
 *   In English on a Sunday it is always unsure: to people whose week starts on Sunday, tomorrow's
 *   Monday is "this week", to others it is "next week".
 * - "last friday", "el viernes pasado", "sexta passada": the latest Friday before today (past).
 * - "fridays", "every friday", "los viernes", "às sextas": recurring, unsure.
 */
import { addDays, DAYS_PER_WEEK, type IsoWeekday, isoWeekday, nextWeekday, SUNDAY, weekStart } from "../calendar/days.ts";
import type { WeekdayModifier } from "../lang/words.ts";
import { type DayReading, unsure } from "../pieces.ts";
import type { Day, Language } from "../types.ts";

function day(value: Day): DayReading {
  return { kind: "day", day: value };
}

export function resolveWeekday(
  today: Day,
  weekday: IsoWeekday,
  modifier: WeekdayModifier | null,
  language: Language,
): DayReading {
  const isToday = isoWeekday(today) === weekday;
  const first = nextWeekday(today, weekday); // 1 to 7 days ahead
  const aWeekLater = addDays(first, DAYS_PER_WEEK);
  const thisSunday = addDays(weekStart(today), DAYS_PER_WEEK - 1);
  const aheadThisWeek = !isToday && first <= thisSunday;
  switch (modifier) {
    case "recurring":
      return unsure("recurring");
    case "last":
      return day(addDays(isToday ? today : first, -DAYS_PER_WEEK));
    case "coming":
      return day(first);
    case null:
      return isToday ? unsure("weekday_is_today", [today, first]) : day(first);
    case "this":
      if (isToday) return unsure("weekday_is_today", [today, first]);
      return aheadThisWeek ? day(first) : unsure("this_weekday", [addDays(first, -DAYS_PER_WEEK), first]);
    case "next": {
      if (isToday) return day(first);
      const tomorrow = first === addDays(today, 1);
      const englishSunday = language === "en" && isoWeekday(today) === SUNDAY;
      return aheadThisWeek || tomorrow || englishSunday ? unsure("next_weekday", [first, aWeekLater]) : day(first);
    }
  }
}
