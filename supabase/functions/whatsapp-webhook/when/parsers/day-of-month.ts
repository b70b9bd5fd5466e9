/**
 * A day of the month without the month: "the 7th", "on the 21st", "el 7", "el día 7", "dia 7",
 * "no dia 15". chrono reads none of these (its "dia 7" even becomes 7 o'clock). Markers like "dia"
 * make the number a day; "el", "the" and a bare "7th" do so only when what follows fits a day
 * (text/followers.ts), so "the 2nd one" or "el 2 de la lista" stay unread. English needs the
 * ordinal suffix ("the 7th"), since "the 7" is rarely a day.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { LAST_DAY_OF_ANY_MONTH, resolveDayOfMonth } from "../resolve/day-of-month.ts";
import { followsWell } from "../text/followers.ts";
import { anyOf, WORD_END, wordPattern } from "../text/patterns.ts";
import { pieceParser, type ReadSettings, textAfter } from "./parser.ts";
import type { DayReading, Piece } from "../pieces.ts";

/** A day-of-month reading as pieces. */
export function dayOfMonthPieces(reading: DayReading): Piece[] {
  return [reading.kind === "day" ? { kind: "day", day: reading.day } : reading];
}

const compiled = perWords((words) => {
  const markers = [...words.dayMarkers, ...words.weakDayMarkers];
  const marker = markers.length > 0 ? `(?:(${anyOf(markers)})\\s+)?` : "()";
  // Not a time ("dia 7:30"), a date ("el 7/12") or a decimal.
  const source = `${marker}(\\d{1,2})(${anyOf(words.ordinalSuffixes)})?${WORD_END}(?![.,:/]\\d)`;
  return { pattern: wordPattern(source), strong: new Set(words.dayMarkers), weak: new Set(words.weakDayMarkers) };
});

export function dayOfMonthParser(settings: ReadSettings): Parser {
  const table = compiled(settings.words);
  const words = settings.words;
  return pieceParser(table.pattern, (match, context) => {
    const [, typedMarker, digits = "", suffix] = match;
    const marker = typedMarker?.replace(/\s+/g, " ");
    const value = Number(digits);
    if (value < 1 || value > LAST_DAY_OF_ANY_MONTH) return null;
    const strong = marker !== undefined && table.strong.has(marker);
    if (!strong) {
      const weak = marker !== undefined && table.weak.has(marker);
      const marked = weak ? (!words.suffixNamesDay || suffix !== undefined) : words.suffixNamesDay && suffix !== undefined;
      if (!marked || !followsWell(textAfter(match, context), words)) return null;
    }
    return dayOfMonthPieces(resolveDayOfMonth(settings.today, value));
  });
}
