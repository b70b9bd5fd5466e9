/**
 * Whether what follows a weakly marked number fits a day or a time. "el 7", "the 2nd" and "as 10"
 * are a day or a time in "el 7 por la tarde", "the 2nd at 10", "as 10 da manhã" but not in
 * "the 2nd one", "as 2 opções": only listed words (and the language's own day and time words),
 * digits, punctuation or the end of the message may follow.
 */
import type { Words } from "../lang/words.ts";
import { perWords } from "../lang/compiled.ts";

const NEXT_WORD = /^\s*(?:$|\d|[^\p{L}\p{N}\s]|([\p{L}'@]+))/u;

function firstWords(phrases: Iterable<string>): string[] {
  return [...phrases].map((phrase) => phrase.split(" ")[0] ?? phrase);
}

const allowedWords = perWords((words) =>
  new Set([
    ...words.followers,
    ...firstWords(Object.keys(words.relativeDays)),
    ...firstWords(Object.keys(words.weekdays)),
    ...firstWords(Object.keys(words.months)),
    ...firstWords(Object.keys(words.parts)),
    ...firstWords(Object.keys(words.todayParts)),
    ...firstWords(Object.keys(words.periods)),
    ...firstWords(words.noon),
    ...firstWords(words.hourSuffixes),
    ...firstWords(words.negations),
    "am", "pm", "a.m", "p.m",
  ])
);

export function followsWell(after: string, words: Words): boolean {
  const match = NEXT_WORD.exec(after);
  if (!match) return false;
  const word = match[1];
  return word === undefined || allowedWords(words).has(word);
}
