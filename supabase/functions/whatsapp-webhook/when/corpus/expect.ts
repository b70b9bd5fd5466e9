/**
 * How corpus rows state what a text means, relative to the clock, so one row holds at every clock:
 * "+2 days", "next friday", "day 7 of this or next month", "10:30 either half of the day",
 * "part: morning". corpus/oracle.ts turns an expectation into the reading expected at one clock.
 */
import type { PartOfDay } from "../types.ts";

export type WeekdayNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const MON = 1, TUE = 2, WED = 3, THU = 4, FRI = 5, SAT = 6, SUN = 7;

export type SpanRule = "this_week" | "next_week" | "this_month" | "next_month" | "this_weekend" | "next_weekend";

export type DayRule =
  /** today + days */
  | { rule: "offset"; days: number }
  /** a named weekday: bare ("friday"), "next", "this", "coming", "last" */
  | { rule: "weekday"; weekday: WeekdayNumber; how: "bare" | "next" | "this" | "coming" | "last" }
  /** a weekday inside this week or next week ("monday next week") */
  | { rule: "weekday_in"; weekday: WeekdayNumber; week: "this_week" | "next_week" }
  /** the next day with this day of the month; `weekday` when the text names it too */
  | { rule: "day_of_month"; day: number; weekday?: WeekdayNumber }
  /** a day and month; without a year the next one, or one within the last month */
  | { rule: "date"; day: number; month: number; year?: number; weekday?: WeekdayNumber }
  /** a numeric date a/b in the clinic's order */
  | { rule: "numeric"; first: number; second: number; year?: number };

export interface TimeRule {
  hour: number;
  minute: number;
  either: boolean;
}

export interface Reading {
  day?: DayRule;
  span?: SpanRule;
  time?: TimeRule;
  part?: PartOfDay;
  /** The words left once the reading's spans are cut out (express booking reads these). */
  rest?: string;
}

export type Expect = "none" | "unsure" | Reading;
export type Row = readonly [text: string, expect: Expect];

export const NONE = "none";
export const UNSURE = "unsure";

export const plus = (days: number): DayRule => ({ rule: "offset", days });
export const bare = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday", weekday, how: "bare" });
export const next = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday", weekday, how: "next" });
export const thisOne = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday", weekday, how: "this" });
export const coming = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday", weekday, how: "coming" });
export const last = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday", weekday, how: "last" });
export const inNextWeek = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday_in", weekday, week: "next_week" });
export const inThisWeek = (weekday: WeekdayNumber): DayRule => ({ rule: "weekday_in", weekday, week: "this_week" });
export const dom = (day: number, weekday?: WeekdayNumber): DayRule =>
  weekday === undefined ? { rule: "day_of_month", day } : { rule: "day_of_month", day, weekday };
export const date = (day: number, month: number, year?: number, weekday?: WeekdayNumber): DayRule => ({
  rule: "date",
  day,
  month,
  ...(year === undefined ? {} : { year }),
  ...(weekday === undefined ? {} : { weekday }),
});
export const numeric = (first: number, second: number, year?: number): DayRule =>
  year === undefined ? { rule: "numeric", first, second } : { rule: "numeric", first, second, year };
/** A time whose half of the day is fixed (10am, 14:30, noon). */
export const at = (hour: number, minute = 0): TimeRule => ({ hour, minute, either: false });
/** A time typed without am/pm (at 3, 10:30): `hour` as typed, 1-12. */
export const either = (hour: number, minute = 0): TimeRule => ({ hour, minute, either: true });
