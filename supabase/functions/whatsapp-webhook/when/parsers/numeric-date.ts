/**
 * Numeric dates: "25/12", "3/4", "25.12", "3/4/27", "25-12-2026", "2026-12-25". Day and month
 * are ordered by the clinic's locale (resolve/dates.ts; chrono's own slash parser knows only en-US
 * and en-GB, and no dots). Dotted dates are written day first only, so "10.30" is no date but a
 * time. A dash date needs its year ("3-5" is as often a span of hours).
 * "10.12" is 10:12 or 10 December: unsure unless a day marker says which ("el 10.12"), or a
 * time word ("at 10.12", read by clock-time.ts). "24/7" is a phrase, not a date.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { unsure } from "../pieces.ts";
import { resolveDate, resolveNumericDate, yearOf } from "../resolve/dates.ts";
import { anyOf, wordPattern } from "../text/patterns.ts";
import { LAST_HOUR, LAST_MINUTE } from "./clock.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";

const ALWAYS_OPEN = "24/7";

const compiled = perWords((words) => {
  const markers = [...words.dayMarkers, ...words.weakDayMarkers, ...words.dayPrepositions];
  const marker = `(?:(${anyOf(markers)})\\s+)?`;
  const edges = "(?![\\p{L}\\p{N}])(?![./-]\\d)";
  return {
    numeric: wordPattern(`${marker}(?<![\\d./-])(\\d{1,2})([/.-])(\\d{1,2})(?:\\3(\\d{4}|\\d{2}))?${edges}`),
    iso: wordPattern(`${marker}(?<![\\d./-])(\\d{4})-(\\d{1,2})-(\\d{1,2})${edges}`),
  };
});

function dayFirstOnly(today: string, dayOfMonth: number, month: number, year: number | null): string | null {
  const reading = resolveDate(today, month, dayOfMonth, year);
  return reading.kind === "day" ? reading.day : null;
}

export function numericDateParsers(settings: ReadSettings): Parser[] {
  const table = compiled(settings.words);
  const numeric = pieceParser(table.numeric, (match) => {
    const [, marker, first = "", separator, second = "", typedYear] = match;
    if (`${first}/${second}` === ALWAYS_OPEN && typedYear === undefined) return null;
    if (separator === "-" && typedYear === undefined) return null;
    const year = typedYear === undefined ? null : yearOf(typedYear);
    if (typedYear !== undefined && year === null) return null;
    const typed = { first: Number(first), second: Number(second), year };
    const day = separator === "."
      ? dayFirstOnly(settings.today, typed.first, typed.second, year)
      : resolveNumericDate(settings.today, typed, settings.dateOrder, settings.bookable);
    if (day === null) return null;
    const alsoATime = separator === "." && typedYear === undefined && second.length === 2 &&
      Number(first) <= LAST_HOUR && Number(second) <= LAST_MINUTE;
    if (alsoATime && marker === undefined) return [unsure("time_or_date")];
    return [{ kind: "day", day }];
  });
  const iso = pieceParser(table.iso, (match) => {
    const [, , typedYear = "", month = "", dayOfMonth = ""] = match;
    const year = yearOf(typedYear);
    if (year === null) return null;
    const reading = resolveDate(settings.today, Number(month), Number(dayOfMonth), year);
    return [reading.kind === "day" ? { kind: "day", day: reading.day } : reading];
  });
  return [numeric, iso];
}
