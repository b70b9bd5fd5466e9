/**
 * Whether what follows a weakly marked number fits a day or a time. "el 7", "the 2nd" and "as 10"
 * are a day or a time in "el 7 por la tarde", "the 2nd at 10", "as 10 da manhã" but not in
 * "the 2nd one", "el 2 de la lista", "as 2 opções": only the end of the message, punctuation,
 * digits, listed words, or a phrase of the language's own day and time vocabulary may follow.
 */
import { perWords } from "../lang/compiled.ts";
import type { Words } from "../lang/words.ts";
import { anyOf, WORD_END } from "./patterns.ts";

const fits = perWords((words) => {
  const phrases = [
    ...words.followers,
    ...Object.keys(words.relativeDays),
    ...Object.keys(words.todayParts),
    ...Object.keys(words.weekdays),
    ...Object.keys(words.months),
    ...Object.keys(words.parts),
    ...Object.keys(words.periods),
    ...words.noon,
    ...words.hourSuffixes,
    ...words.negations,
    ...words.dayPrepositions.filter((phrase) => phrase.includes(" ")),
  ];
  return new RegExp(`^\\s*(?:$|\\d|[^\\p{L}\\p{N}\\s]|${anyOf(phrases)}${WORD_END}|[ap]\\.?m${WORD_END})`, "iu");
});

export function followsWell(after: string, words: Words): boolean {
  return fits(words).test(after);
}
