/**
 * Bare numbers ("3", "10", "tres"), which are neither a day nor a time on their own: menus use
 * numbers, and the flow reads those first. They are kept as pieces so the refiners can read them
 * in context ("3 de la tarde", "el viernes 4", "10 or 11am") and are dropped afterwards.
 * Prices, decimals, fractions and percentages are not numbers here.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { LAST_DAY_OF_ANY_MONTH } from "../resolve/day-of-month.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { hourWords, plainHourWords } from "./clock.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";

const compiled = perWords((words) => ({
  pattern: wordPattern(`(?<![\\d.,:$€£#/+])(\\d{1,2}|${anyOf(plainHourWords(words))})${WORD_END}(?![.,:/]\\d)(?!\\s*%)`),
}));

export function numberParser(settings: ReadSettings): Parser {
  const table = compiled(settings.words);
  return pieceParser(table.pattern, (match) => {
    const typed = match[1] ?? "";
    const value = /^\d+$/.test(typed) ? Number(typed) : lookup(hourWords(settings.words), typed);
    return value !== undefined && value >= 1 && value <= LAST_DAY_OF_ANY_MONTH ? [{ kind: "number", value }] : null;
  });
}
