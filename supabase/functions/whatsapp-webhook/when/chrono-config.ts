/**
 * The chrono configuration for one reading: our parsers and refiners only. chrono's own es and pt
 * parsers miss or misread most of what patients type (issue 8), and its English ones count days on
 * the server's calendar and resolve "next" one fixed way; each of ours replaces one of those with
 * the clinic's calendar and explicit rules. chrono is the engine: it runs every parser over the
 * text, orders the results and passes them through the refiners, in the order below.
 */
import { Chrono } from "chrono-node";
import { clockTimeParser } from "./parsers/clock-time.ts";
import { dayOfMonthParser } from "./parsers/day-of-month.ts";
import { monthDateParsers } from "./parsers/month-date.ts";
import { numberParser } from "./parsers/number.ts";
import { numericDateParsers } from "./parsers/numeric-date.ts";
import type { ReadSettings } from "./parsers/parser.ts";
import { partOfDayParsers } from "./parsers/part-of-day.ts";
import { periodParser } from "./parsers/period.ts";
import { relativeDayParsers } from "./parsers/relative-day.ts";
import { spokenTimeParsers } from "./parsers/spoken-time.ts";
import { weekdayParser } from "./parsers/weekday.ts";
import { leftoversRefiner } from "./refiners/leftovers.ts";
import { numberContextRefiner } from "./refiners/number-context.ts";
import { overlapRefiner } from "./refiners/overlap.ts";
import { qualifierRefiner } from "./refiners/qualifiers.ts";

export function whenChrono(settings: ReadSettings): Chrono {
  return new Chrono({
    parsers: [
      ...relativeDayParsers(settings),
      weekdayParser(settings),
      dayOfMonthParser(settings),
      ...numericDateParsers(settings),
      ...monthDateParsers(settings),
      periodParser(settings),
      clockTimeParser(settings),
      ...spokenTimeParsers(settings),
      ...partOfDayParsers(settings),
      numberParser(settings),
    ],
    refiners: [
      overlapRefiner,
      numberContextRefiner(settings),
      qualifierRefiner(settings),
      leftoversRefiner,
    ],
  });
}
