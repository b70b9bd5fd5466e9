/**
 * Days named by their distance from today: "tomorrow", "pasado mañana", "depois de amanhã",
 * "tonight", "esta tarde", "in 3 days", "dentro de una semana", "daqui a 2 semanas". chrono's es and
 * pt locales read "pasado mañana" and "depois de amanhã" as tomorrow, and its English one counts
 * from the server's calendar; here every day is counted on the clinic's calendar. A count of hours
 * or minutes ("in 2 hours", "in 15h") is a duration, never a time of day: unsure.
 */
import type { Parser } from "chrono-node";
import { addDays, DAYS_PER_WEEK } from "../calendar/days.ts";
import { perWords } from "../lang/compiled.ts";
import { unsure } from "../pieces.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";

/** Counts beyond a year ahead are not booking requests. */
const MAX_COUNT_DAYS = 366;

const compiled = perWords((words) => {
  const prepositions = `(?:${anyOf(words.dayPrepositions)}\\s+)?`;
  const count = `(\\d{1,3}|${anyOf(Object.keys(words.numbers))})`;
  const unit = `(${anyOf(Object.keys(words.units))})`;
  const before = words.countBefore.length > 0 ? `${anyOf(words.countBefore)}\\s+${count}\\s*${unit}${WORD_END}` : null;
  const after = words.countAfter.length > 0
    ? `${count}\\s*${unit}\\s+${anyOf(words.countAfter)}${WORD_END}`
    : null;
  return {
    relative: wordPattern(`${prepositions}(${anyOf(Object.keys(words.relativeDays))})${WORD_END}`),
    todayPart: wordPattern(`(${anyOf(Object.keys(words.todayParts))})${WORD_END}`),
    count: wordPattern(`(?:${[before, after].filter((source) => source !== null).join("|")})`),
    relativeDays: new Map(Object.entries(words.relativeDays)),
    todayParts: new Map(Object.entries(words.todayParts)),
    numbers: new Map(Object.entries(words.numbers)),
    units: new Map(Object.entries(words.units)),
  };
});

export function relativeDayParsers(settings: ReadSettings): Parser[] {
  const table = compiled(settings.words);
  const relative = pieceParser(table.relative, (match) => {
    const offset = lookup(table.relativeDays, match[1] ?? "");
    return offset === undefined ? null : [{ kind: "day", day: addDays(settings.today, offset) }];
  });
  const todayPart = pieceParser(table.todayPart, (match) => {
    const part = lookup(table.todayParts, match[1] ?? "");
    return part === undefined ? null : [{ kind: "day", day: settings.today }, { kind: "part", part }];
  });
  const count = pieceParser(table.count, (match) => {
    // Either alternative fills its own count and unit groups.
    const typedCount = match[1] ?? match[3] ?? "";
    const typedUnit = match[2] ?? match[4] ?? "";
    const amount = /^\d+$/.test(typedCount) ? Number(typedCount) : lookup(table.numbers, typedCount);
    const unit = lookup(table.units, typedUnit);
    if (amount === undefined || unit === undefined) return null;
    if (unit === "duration") return [unsure("duration")];
    const days = unit === "week" ? amount * DAYS_PER_WEEK : amount;
    return days > 0 && days <= MAX_COUNT_DAYS ? [{ kind: "day", day: addDays(settings.today, days) }] : null;
  });
  return [relative, todayPart, count];
}
