/**
 * The shape of our chrono parsers (chrono's documented extension point: an object with
 * `pattern()` and `extract()`). Each reads one kind of words and returns a PieceResult; the
 * settings of the reading (the clinic's today, the language's words, the date order) are given when
 * the parsers are built for one call, so no parser looks at the server's clock or zone.
 */
import type { Parser, ParsingContext } from "chrono-node";
import type { Words } from "../lang/words.ts";
import { type Piece, PieceResult } from "../pieces.ts";
import { startsWord } from "../text/patterns.ts";
import type { DateOrder, Day, Language } from "../types.ts";

export interface ReadSettings {
  today: Day;
  language: Language;
  words: Words;
  dateOrder: DateOrder;
  bookable?: (day: Day) => boolean;
}

export type Read = (match: RegExpMatchArray, context: ParsingContext) => readonly Piece[] | null;

/**
 * A parser for `pattern`. chrono re-scans from inside a word after a failed match, where a
 * look-behind cannot see the previous letter, so the word edge is checked again on the whole text.
 */
export function pieceParser(pattern: RegExp, read: Read): Parser {
  return {
    pattern: () => pattern,
    extract(context, match) {
      const index = match.index ?? 0;
      if (!startsWord(context.text, index)) return null;
      const pieces = read(match, context);
      return pieces && pieces.length > 0 ? new PieceResult(context, index, match[0], pieces) : null;
    },
  };
}

/** The text after a match, for checks on what follows it. */
export function textAfter(match: RegExpMatchArray, context: ParsingContext): string {
  return context.text.slice((match.index ?? 0) + match[0].length);
}
