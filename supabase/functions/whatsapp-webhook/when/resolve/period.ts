/**
 * Spans of days: "this week" is from today to Sunday (days already gone are not offered), "next
 * week" Monday to Sunday of the next ISO week, months likewise, a weekend Saturday and Sunday.
 * Said on a Sunday, "this week" and "next week" are unsure: for people whose weeks start on Sunday
 * (the US, Mexico, Brazil) today begins this week, for others it ends it. "This weekend" on a
 * Sunday (today only, or the next?) and "next weekend" on a weekday (the coming one, or the one
 * after?) are unsure too.
 */
import { addDays, DAYS_PER_WEEK, isoWeekday, monthEnd, nextMonthStart, SUNDAY, weekStart } from "../calendar/days.ts";
import type { Period } from "../lang/words.ts";
import { unsure, type Unsure } from "../pieces.ts";
import type { Day } from "../types.ts";

const SATURDAY = 6;

export type RangeReading = { kind: "range"; from: Day; to: Day } | Unsure;

function range(from: Day, to: Day): RangeReading {
  return { kind: "range", from, to };
}

export function resolvePeriod(today: Day, period: Period): RangeReading {
  const weekday = isoWeekday(today);
  const monday = weekStart(today);
  const nextMonday = addDays(monday, DAYS_PER_WEEK);
  const saturday = addDays(monday, SATURDAY - 1);
  switch (period) {
    case "this_week":
      return weekday === SUNDAY ? unsure("week_on_sunday") : range(today, addDays(monday, DAYS_PER_WEEK - 1));
    case "next_week":
      return weekday === SUNDAY ? unsure("week_on_sunday") : range(nextMonday, addDays(nextMonday, DAYS_PER_WEEK - 1));
    case "this_month":
      return range(today, monthEnd(today));
    case "next_month": {
      const first = nextMonthStart(today);
      return range(first, monthEnd(first));
    }
    case "this_weekend":
      if (weekday === SUNDAY) return unsure("which_weekend");
      return range(weekday === SATURDAY ? today : saturday, addDays(saturday, 1));
    case "next_weekend": {
      if (weekday < SATURDAY) return unsure("which_weekend");
      const next = addDays(saturday, DAYS_PER_WEEK);
      return range(next, addDays(next, 1));
    }
  }
}
