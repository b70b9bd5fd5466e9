/**
 * Words around a reading that change what it means: a limit ("after 3pm", "before friday",
 * "hasta el lunes", "a partir das 14h", "see you tomorrow"), a negation ("not tomorrow", "no
 * puedo el lunes", "amanhã não dá") or an alternative whose other half we may not read ("tomorrow
 * or the day after", "mañana o pasado", "amanhã ou depois"). Reading the day or time itself would
 * be wrong, so the reading becomes unsure. A date after a street or place word is a name
 * ("rua 7 de setembro", "calle 5 de mayo") and is dropped. A bare number after a limit is an hour too ("antes das 10", "after 2"),
 * so unsure rather than nothing. A negation counts up to three words before (no punctuation
 * between) or one word after: "no, mañana" and "tomorrow, no?" stay read.
 */
import type { Refiner } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import type { ReadSettings } from "../parsers/parser.ts";
import { unsure } from "../pieces.ts";
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

const compiled = perWords((words) => {
  const edge = "(?:^|[^\\p{L}\\p{N}'])";
  const word = "[\\p{L}\\p{N}']+";
  const negations = anyOf(words.negations);
  return {
    bound: new RegExp(`${edge}${anyOf(words.bounds)}\\s*$`, "iu"),
    negatedBefore: new RegExp(`${edge}${negations}(?:\\s+${word}){0,${NEGATION_REACH_WORDS}}\\s*$`, "iu"),
    negatedAfter: new RegExp(`^\\s+(?:${word}\\s+)?${negations}(?![\\p{L}\\p{N}])`, "iu"),
    place: new RegExp(`${edge}${anyOf(words.places)}\\.?\\s*$`, "iu"),
    dated: new RegExp(`^(?:\\d|${anyOf(Object.keys(words.ordinalWords))}${WORD_END})`, "iu"),
    alternativeBefore: new RegExp(`${edge}${anyOf(words.alternatives)}\\s*$`, "iu"),
    alternativeAfter: new RegExp(`^\\s*${anyOf(words.alternatives)}(?![\\p{L}\\p{N}])`, "iu"),
  };
});

export function qualifierRefiner(settings: ReadSettings): Refiner {
  const table = compiled(settings.words);
  return {
    refine(context, results) {
      return pieceResults(results).filter((result) =>
        !(has(result, "day") && table.dated.test(result.text) && table.place.test(textBefore(context.text, result.index)))
      ).map((result) => {
        const before = textBefore(context.text, result.index);
        if (has(result, "number")) return table.bound.test(before) ? withPieces(context, result, [unsure("bound")]) : result;
        if (!has(result, "day", "weekday", "range", "time", "part")) return result;
        const after = context.text.slice(result.stop, result.stop + REACH_CHARS);
        if (table.bound.test(before)) return withPieces(context, result, [unsure("bound")]);
        if (table.negatedBefore.test(before) || table.negatedAfter.test(after)) {
          return withPieces(context, result, [unsure("negated")]);
        }
        if (table.alternativeBefore.test(before) || table.alternativeAfter.test(after)) {
          const reason = has(result, "time") ? "several_times" : has(result, "part") && !has(result, "day", "weekday", "range")
            ? "several_parts"
            : "several_days";
          return withPieces(context, result, [unsure(reason)]);
        }
        return result;
      });
    },
  };
}
