/**
 * A day or time the `when` reader was not sure of ("next friday" while Friday is still ahead,
 * "monday or tuesday", "10 or 11am", "after 3pm"): the flow asks instead of guessing. Where the
 * reader names the candidate days, the bookable ones are offered as numbered choices; otherwise the
 * patient is told what was unclear (the day, the time, or either) with an example to type.
 *
 * A time said beside an unsure day ("cleaning next friday at 3pm") is kept: the reader answers
 * unsure for the whole message, so the text is read again with each of its spans left out, and a
 * time or part of the day read alone that way is the wish the chosen day is then searched with.
 */
import type { UnsureReason, When } from "../when/index.ts";
import type { FlowContext } from "./context.ts";
import { NO_WISH, type Wish } from "./facts.ts";
import { checkDay } from "./calendar.ts";

export type Unsure = Extract<When, { kind: "unsure" }>;

/** What the patient is asked to type again. */
export type UnsureAbout = "day" | "time" | "day_or_time";

/** What was unclear, the candidate days (bookable ones only) and what else the message said. */
export interface Doubt {
  about: UnsureAbout;
  /** Bookable candidate days, in order; empty when the reader named none or none can be booked. */
  days: string[];
  /** A time or part of the day said with the unsure day, for the day then chosen. */
  wish: Wish;
}

/** Each reason, by what the patient should say again. Exhaustive: a new reason fails to compile. */
const ABOUT: { readonly [R in UnsureReason]: UnsureAbout } = {
  next_weekday: "day",
  this_weekday: "day",
  weekday_is_today: "day",
  day_of_month_is_today: "day",
  no_such_day: "day",
  week_on_sunday: "day",
  weekday_mismatch: "day",
  several_days: "day",
  recurring: "day",
  which_weekend: "day",
  several_times: "time",
  several_parts: "time",
  time_part_mismatch: "time",
  twelve_am: "time",
  duration: "time",
  bound: "day_or_time",
  negated: "day_or_time",
  time_or_date: "day_or_time",
  weekday_and_number: "day_or_time",
};

/** The text with one stretch blanked out (same length, so the other spans keep their places). */
function without(text: string, span: { index: number; length: number }): string {
  return text.slice(0, span.index) + " ".repeat(span.length) + text.slice(span.index + span.length);
}

/**
 * The time or part of the day said beside an unsure day: read with each span left out in turn, a
 * certain reading naming no day is taken when all such readings agree.
 */
function besideTheDay(text: string, unsure: Unsure, reread: (text: string) => When): Wish {
  if (ABOUT[unsure.reason] !== "day" || unsure.spans.length < 2) return NO_WISH;
  const found = new Set<string>();
  let wish: Wish = NO_WISH;
  for (const span of unsure.spans) {
    const alone = reread(without(text, span));
    if (alone.kind !== "when" || alone.day !== null || alone.range !== null) continue;
    if (alone.time === null && alone.part === null) continue;
    const time = alone.time === null ? null : { hour: alone.time.hour, minute: alone.time.minute, ambiguous: alone.time.ambiguousMeridiem };
    wish = { day: null, range: null, time, part: alone.part };
    found.add(JSON.stringify(wish));
  }
  return found.size === 1 ? wish : NO_WISH;
}

/** `reread` reads another text the way `unsure` was read (same clock, zone, language and date order). */
export function doubtOf(text: string, unsure: Unsure, ctx: FlowContext, reread: (text: string) => When): Doubt {
  const days = (unsure.days ?? []).filter((day) => checkDay(day, ctx).kind === "ok");
  return { about: ABOUT[unsure.reason], days, wish: besideTheDay(text, unsure, reread) };
}

/** What the patient is told when no candidate day can be offered. */
export function doubtText(about: UnsureAbout, ctx: FlowContext): string {
  return ctx.t.whenUnsure(about, ctx.fmt.dateExample, ctx.fmt.timeExamples[0]);
}
