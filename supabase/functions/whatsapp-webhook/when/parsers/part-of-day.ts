/**
 * Parts of the day: "morning", "in the afternoon", "por la mañana", "de la tarde", "de manhã",
 * "à tarde", "à noite". Spanish "mañana" is tomorrow and morning: "la mañana", "por la mañana",
 * "de la mañana" are the morning and win over the shorter "mañana" (refiners/overlap.ts), so
 * "mañana por la mañana" is tomorrow morning. Greetings that contain a part ("good morning",
 * "buenas tardes", "boa noite") are matched too, only so that the part inside them is not read.
 */
import type { Parser } from "chrono-node";
import { perWords } from "../lang/compiled.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";

const compiled = perWords((words) => ({
  part: wordPattern(`(${anyOf(Object.keys(words.parts))})${WORD_END}`),
  greeting: wordPattern(`${anyOf(words.greetings)}${WORD_END}`),
  parts: new Map(Object.entries(words.parts)),
}));

export function partOfDayParsers(settings: ReadSettings): Parser[] {
  const table = compiled(settings.words);
  return [
    pieceParser(table.part, (match) => {
      const part = lookup(table.parts, match[1] ?? "");
      return part === undefined ? null : [{ kind: "part", part }];
    }),
    pieceParser(table.greeting, () => [{ kind: "greeting" }]),
  ];
}
