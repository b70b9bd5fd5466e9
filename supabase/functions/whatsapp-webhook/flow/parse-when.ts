/**
 * Reads a typed day and/or time ("tomorrow", "next monday", "25/12", "10am", "14:30") with
 * chrono-node, relative to the clinic's wall clock. Numeric dates follow the clinic's convention
 * (date-order.ts): 3/4 is 3 April with chrono's en-GB parser, 4 March with its en-US one; 25/12 is
 * 25 December with both. Only wall-clock components are taken from chrono; turning them into
 * instants is left to time.ts, which handles daylight saving.
 */
import * as chrono from "chrono-node";
import { formatDay, localDay, offsetMinutes } from "./time.ts";
import { dateOrder } from "./date-order.ts";
import type { WantedTime } from "./types.ts";

export type TypedWhen =
  | { kind: "none" }
  /** A calendar day, maybe with a time of day. `past` when the day has already gone by. */
  | { kind: "day"; day: string; time: WantedTime | null; past: boolean }
  | { kind: "time"; time: WantedTime };

type Parsed = chrono.ParsedResult;

function parse(text: string, now: Date, timeZone: string, forwardDate: boolean): Parsed | null {
  const reference = { instant: now, timezone: offsetMinutes(now, timeZone) };
  const parser = dateOrder(timeZone) === "month_first" ? chrono.en.casual : chrono.en.GB;
  const [first] = parser.parse(text, reference, { forwardDate });
  return first ?? null;
}

function dayOf(result: Parsed): string | null {
  const start = result.start;
  const named = start.isCertain("day") || start.isCertain("weekday") || start.isCertain("month");
  if (!named) return null;
  const year = start.get("year");
  const month = start.get("month");
  const day = start.get("day");
  return year === null || month === null || day === null ? null : formatDay(year, month, day);
}

function timeOf(result: Parsed): WantedTime | null {
  if (!result.start.isCertain("hour")) return null;
  return { hour: result.start.get("hour") ?? 0, minute: result.start.get("minute") ?? 0 };
}

/**
 * What the text names. A date typed without a year that has passed this year ("21/11" on 22 Nov)
 * is reported as past rather than silently moved to next year.
 */
export function parseWhen(text: string, now: Date, timeZone: string): TypedWhen {
  const ahead = parse(text, now, timeZone, true);
  if (!ahead) return { kind: "none" };
  const time = timeOf(ahead);
  const day = dayOf(ahead);
  if (day === null) return time ? { kind: "time", time } : { kind: "none" };
  const today = localDay(now, timeZone);
  const asTyped = ahead.start.isCertain("year") ? null : parse(text, now, timeZone, false);
  const typedDay = asTyped ? dayOf(asTyped) : null;
  if (typedDay !== null && typedDay < today && typedDay.slice(0, 4) === today.slice(0, 4) && !ahead.start.isCertain("weekday")) {
    return { kind: "day", day: typedDay, time, past: true };
  }
  return { kind: "day", day, time, past: day < today };
}
