/**
 * Clock times: "10am", "10 am", "10:30", "14:30", "10.00", "10h", "15h", "15h30", "at 3", "às 10",
 * "às 15h", "a las 3", "a la una", "ten o'clock", "15 horas". A bare number is no time (menus use
 * numbers): it needs a prefix ("at", "a las", "às"), minutes, an "h", am/pm or an hour word
 * after it. "15h" is always 15:00 (chrono's English parser takes it for fifteen hours from now).
 * Weak prefixes ("as", which is also "the") need a fitting word after them ("as 10 da manhã",
 * not "as 2 opções"); "2 horas" alone is a duration, so "horas" makes a time only of an hour
 * past 12 or after a prefix.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { followsWell } from "../text/followers.ts";
import { anyOf, wordPattern } from "../text/patterns.ts";
import { AM_PM, HOURS_PER_HALF_DAY, hourWordPattern, timePiece, typedHour } from "./clock.ts";
import { pieceParser, type ReadSettings, textAfter } from "./parser.ts";

const DURATION_SUFFIXES = new Set(["horas", "hours", "hrs", "hs", "hr", "h"]);
/** Prefixes after which "one" is an hour: Spanish "a la una", Portuguese "à uma". */
const ONE_PREFIX = /(?:^|\s)(?:la|à)$/u;

const compiled = perWords((words) => {
  const prefixes = anyOf([...words.timePrefixes, ...words.weakTimePrefixes]);
  const hour = `(\\d{1,2}|${hourWordPattern(words, true)})`;
  const minutes = `(?:([:.])(\\d{2})|(h)(\\d{2})?(?:min|m)?(?![\\p{L}\\p{N}]))`;
  const marker = `(?:\\s*(${AM_PM}|${anyOf(words.hourSuffixes)}(?![\\p{L}\\p{N}])))`;
  const source = `(?:(${prefixes})\\s*)?(?<![\\d.,:$€£/])${hour}${minutes}?${marker}?(?![\\p{L}\\p{N}])(?![.:/]\\d)`;
  return {
    pattern: wordPattern(source),
    strongPrefixes: new Set(words.timePrefixes),
    weakPrefixes: new Set(words.weakTimePrefixes),
    amPm: new RegExp(`^${AM_PM}$`, "iu"),
  };
});

export function clockTimeParser(settings: ReadSettings): Parser {
  const words = settings.words;
  const table = compiled(words);
  return pieceParser(table.pattern, (match, context) => {
    const [, typedPrefix, typedHourText = "", separator, dotMinutes, h, hMinutes, marker] = match;
    const prefix = typedPrefix?.replace(/\s+/g, " ");
    const hour = typedHour(typedHourText, words);
    if (hour === null) return null;
    const isWord = !/^\d/.test(typedHourText);
    const minutesText = dotMinutes ?? hMinutes;
    const isAmPm = marker !== undefined && table.amPm.test(marker);
    const suffix = marker !== undefined && !isAmPm ? marker.toLowerCase().replace(/\s+/g, " ") : undefined;
    if (isWord && (separator !== undefined || h !== undefined)) return null;
    if (isWord && words.oneWords.includes(typedHourText) &&
      !(isAmPm || suffix || (prefix !== undefined && ONE_PREFIX.test(prefix)))) return null;

    const strongPrefix = prefix !== undefined && table.strongPrefixes.has(prefix);
    const weakPrefix = prefix !== undefined && table.weakPrefixes.has(prefix);
    const durationLike = suffix !== undefined && DURATION_SUFFIXES.has(suffix) && minutesText === undefined &&
      hour.hour <= HOURS_PER_HALF_DAY;
    if (durationLike && !strongPrefix && !weakPrefix) return null;
    const marked = separator !== undefined || h !== undefined || isAmPm || suffix !== undefined;
    if (!strongPrefix && !marked && !(weakPrefix && followsWell(textAfter(match, context), words))) return null;
    const piece = timePiece(hour, minutesText === undefined ? 0 : Number(minutesText), isAmPm ? marker : undefined);
    return piece ? [piece] : null;
  });
}
