/**
 * Words around a reading that change what it means, so that reading the day or time itself
 * would be wrong:
 * - a limit: "after 3pm", "before friday", "hasta el lunes", "a partir das 14h", "see you
 *   tomorrow" (unsure); a bare number after a limit is an hour too ("antes das 10", "after 2");
 * - a negation, up to three words before (no punctuation between) or one word after: "not
 *   tomorrow", "no puedo el lunes", "amanhã não dá" (unsure); "no, mañana" stays read;
 * - an alternative whose other half we may not read: "tomorrow or the day after", "mañana o
 *   pasado", "amanhã ou depois" (unsure);
 * - a street name: "rua 7 de setembro", "calle 5 de mayo" (no date at all: dropped).
 */
import type { ParsingContext, Refiner } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import type { Words } from "../lang/words.ts";
import type { ReadSettings } from "../parsers/parser.ts";
import { type PieceResult, unsure } from "../pieces.ts";
import { anyOf, WORD_END } from "../text/patterns.ts";
import { has, pieceResults, withPieces } from "./results.ts";

/** How many words may stand between a negation and what it negates ("can't come on"). */
const NEGATION_REACH_WORDS = 3;
/** Characters looked at around a reading: more than any limit or negation phrase with its reach. */
const REACH_CHARS = 64;

/** The text just before `index`, starting at a word edge, so checks stay short on long messages. */
function textBefore(text: string, index: number): string {
  const from = Math.max(0, index - REACH_CHARS);
  const window = text.slice(from, index);
  if (from === 0 || !/[\p{L}\p{N}']/u.test(text.charAt(from - 1))) return window;
  const edge = window.search(/[^\p{L}\p{N}']/u);
  return edge < 0 ? "" : window.slice(edge);
}

const compiled = perWords((words: Words) => {
  const edge = "(?:^|[^\\p{L}\\p{N}'])";
  const word = "[\\p{L}\\p{N}']+";
  const negations = anyOf(words.negations);
  return {
    bound: new RegExp(`${edge}${anyOf(words.bounds)}\\s*$`, "iu"),
    negatedBefore: new RegExp(`${edge}${negations}(?:\\s+${word}){0,${NEGATION_REACH_WORDS}}\\s*$`, "iu"),
    negatedAfter: new RegExp(`^\\s+(?:${word}\\s+)?${negations}(?![\\p{L}\\p{N}])`, "iu"),
    alternativeBefore: new RegExp(`${edge}${anyOf(words.alternatives)}\\s*$`, "iu"),
    alternativeAfter: new RegExp(`^\\s*${anyOf(words.alternatives)}(?![\\p{L}\\p{N}])`, "iu"),
    place: new RegExp(`${edge}${anyOf(words.places)}\\.?\\s*$`, "iu"),
    /** A date written with a number or an ordinal word, as street names are. */
    dated: new RegExp(`^(?:\\d|${anyOf(Object.keys(words.ordinalWords))}${WORD_END})`, "iu"),
  };
});

type Table = ReturnType<typeof compiled>;

/** What the result becomes: itself, unsure, or nothing. */
function qualify(context: ParsingContext, result: PieceResult, table: Table): PieceResult | null {
  const before = textBefore(context.text, result.index);
  const after = context.text.slice(result.stop, result.stop + REACH_CHARS);
  const asUnsure = (reason: Parameters<typeof unsure>[0]) => withPieces(context, result, [unsure(reason)]);
  if (has(result, "number")) return table.bound.test(before) ? asUnsure("bound") : result;
  if (!has(result, "day", "weekday", "range", "time", "part")) return result;
  if (has(result, "day") && table.dated.test(result.text) && table.place.test(before)) return null;
  if (table.bound.test(before)) return asUnsure("bound");
  if (table.negatedBefore.test(before) || table.negatedAfter.test(after)) return asUnsure("negated");
  if (table.alternativeBefore.test(before) || table.alternativeAfter.test(after)) {
    if (has(result, "time")) return asUnsure("several_times");
    return asUnsure(has(result, "day", "weekday", "range") ? "several_days" : "several_parts");
  }
  return result;
}

export function qualifierRefiner(settings: ReadSettings): Refiner {
  const table = compiled(settings.words);
  return {
    refine(context, results) {
      return pieceResults(results)
        .map((result) => qualify(context, result, table))
        .filter((result): result is PieceResult => result !== null);
    },
  };
}
