/**
 * Spans of days: "next week", "this week", "la semana que viene", "la próxima semana", "semana que
 * vem", "próxima semana", "next month", "este fin de semana". chrono reads "next week" as the day a
 * week from today, and es/pt weeks not at all; resolve/period.ts gives the span and its unsure cases.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { resolvePeriod } from "../resolve/period.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";

const compiled = perWords((words) => ({
  pattern: wordPattern(`(${anyOf(Object.keys(words.periods))})${WORD_END}`),
  periods: new Map(Object.entries(words.periods)),
}));

export function periodParser(settings: ReadSettings): Parser {
  const table = compiled(settings.words);
  return pieceParser(table.pattern, (match) => {
    const period = lookup(table.periods, match[1] ?? "");
    return period === undefined ? null : [resolvePeriod(settings.today, period)];
  });
}
