/**
 * Dates with the month in words: "3 de diciembre", "3rd of december", "dia 3 de dezembro",
 * "december 3rd, 2026", "diciembre 3", "el primero de enero". Without a year the next occurrence
 * is meant, or one just gone (resolve/dates.ts); a day the month does not have is unsure. chrono
 * reads most of these too, but its Spanish month-first parser takes "diciembre 3" for the year
 * 2003, and its years come from the server's calendar; here one parser serves the three languages.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { resolveDate, yearOf } from "../resolve/dates.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";
import { dayOfMonthPieces } from "./day-of-month.ts";

const compiled = perWords((words) => {
  const markers = [...words.dayMarkers, ...words.weakDayMarkers, ...words.dayPrepositions];
  const marker = `(?:${anyOf(markers)}\\s+)?`;
  const day = `(\\d{1,2}|${anyOf(Object.keys(words.ordinalWords))})(?:${anyOf(words.ordinalSuffixes)})?`;
  const month = `(${anyOf(Object.keys(words.months))})${WORD_END}\\.?`;
  const joiner = `(?:${anyOf(words.dateJoiners)}\\s+)?`;
  const year = `(?:,?\\s+${joiner}(\\d{4})${WORD_END})?`;
  const notATime = "(?![.:]\\d)";
  return {
    dayFirst: wordPattern(`${marker}${day}\\s+${joiner}${month}${year}`),
    monthFirst: words.monthBeforeDay
      ? wordPattern(`(?:${anyOf(words.dayPrepositions)}\\s+)?${month}\\s+${joiner}${day}${WORD_END}${notATime}${year}`)
      : null,
    months: new Map(Object.entries(words.months)),
    ordinals: new Map(Object.entries(words.ordinalWords)),
  };
});

export function monthDateParsers(settings: ReadSettings): Parser[] {
  const table = compiled(settings.words);
  const read = (typedDay: string, typedMonth: string, typedYear: string | undefined) => {
    const dayOfMonth = /^\d+$/.test(typedDay) ? Number(typedDay) : lookup(table.ordinals, typedDay);
    const month = lookup(table.months, typedMonth);
    const year = typedYear === undefined ? null : yearOf(typedYear);
    if (dayOfMonth === undefined || month === undefined || (typedYear !== undefined && year === null)) return null;
    return dayOfMonthPieces(resolveDate(settings.today, month, dayOfMonth, year));
  };
  const parsers = [pieceParser(table.dayFirst, (match) => read(match[1] ?? "", match[2] ?? "", match[3]))];
  if (table.monthFirst) {
    parsers.push(pieceParser(table.monthFirst, (match) => read(match[2] ?? "", match[1] ?? "", match[3])));
  }
  return parsers;
}
