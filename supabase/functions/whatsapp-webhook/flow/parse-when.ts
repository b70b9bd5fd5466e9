/**
 * Reads a typed day and/or time ("tomorrow", "next monday", "25/12", "10am", "14:30") with
 * chrono-node's parser for the language, relative to the clinic's wall clock. Numeric dates follow
 * the locale's order: chrono's en-US parser reads 3/4 as 4 March, its en-GB one as 3 April; 25/12
 * is 25 December with both. Only wall-clock components are taken from chrono; turning them into
 * instants is left to time.ts, which handles daylight saving.
 *
 * Superseded by the `when` module (issue 8 §4); flow/when.ts adapts this to its interface until then.
 */
import * as chrono from "chrono-node";
import { formatDay, localDay, offsetMinutes } from "./time.ts";

export type ParserLanguage = "en" | "es" | "pt";

export interface ParsedTime {
  hour: number;
  minute: number;
  meridiemCertain: boolean;
}

export interface ParsedWhen {
  day: { day: string; past: boolean } | null;
  time: ParsedTime | null;
  /** Where chrono found each reading in the text (index and length), in order. */
  spans: Array<{ index: number; length: number }>;
}

type Parsed = chrono.ParsedResult;

function parserFor(language: ParserLanguage, monthFirst: boolean): chrono.Chrono {
  switch (language) {
    case "en":
      return monthFirst ? chrono.en.casual : chrono.en.GB;
    case "es":
      return chrono.es.casual;
    case "pt":
      return chrono.pt.casual;
  }
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

function timeOf(result: Parsed): ParsedTime | null {
  if (!result.start.isCertain("hour")) return null;
  return {
    hour: result.start.get("hour") ?? 0,
    minute: result.start.get("minute") ?? 0,
    meridiemCertain: result.start.isCertain("meridiem"),
  };
}

/**
 * What the text names, ignoring readings inside `skip` (spans another reader already took, such
 * as "por la mañana", whose "mañana" chrono would read as tomorrow). A date typed without a year
 * that has passed this year ("21/11" on 22 Nov) is reported as past rather than moved to next year.
 */
export function parseWhen(
  text: string,
  now: Date,
  timeZone: string,
  options: { language: ParserLanguage; monthFirst: boolean; skip: ReadonlyArray<{ index: number; length: number }> },
): ParsedWhen {
  const reference = { instant: now, timezone: offsetMinutes(now, timeZone) };
  const parser = parserFor(options.language, options.monthFirst);
  const inside = (result: Parsed) =>
    options.skip.some((span) => result.index >= span.index && result.index < span.index + span.length);
  const ahead = parser.parse(text, reference, { forwardDate: true }).filter((result) => !inside(result));
  const asTyped = parser.parse(text, reference, { forwardDate: false }).filter((result) => !inside(result));
  const today = localDay(now, timeZone);

  let day: ParsedWhen["day"] = null;
  let time: ParsedTime | null = null;
  for (const [position, result] of ahead.entries()) {
    time ??= timeOf(result);
    if (day !== null) continue;
    const forward = dayOf(result);
    if (forward === null) continue;
    const typed = result.start.isCertain("year") ? null : dayOf(asTyped[position] ?? result);
    const pastThisYear = typed !== null && typed < today && typed.slice(0, 4) === today.slice(0, 4) &&
      !result.start.isCertain("weekday");
    day = pastThisYear ? { day: typed, past: true } : { day: forward, past: forward < today };
  }
  return { day, time, spans: ahead.map((result) => ({ index: result.index, length: result.text.length })) };
}
