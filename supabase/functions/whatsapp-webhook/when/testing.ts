/**
 * Test helpers for when/: the settings of a reading on a given local day, and running chosen
 * parsers and refiners over a text to see the pieces they leave (folded, as readWhen does).
 */
import { Chrono, type Parser, type Refiner } from "chrono-node";
import { WORDS } from "./lang/index.ts";
import type { ReadSettings } from "./parsers/parser.ts";
import type { Piece } from "./pieces.ts";
import { pieceResults } from "./refiners/results.ts";
import { fold } from "./text/fold.ts";
import type { DateOrder, Day, Language } from "./types.ts";

/** Wednesday 25 November 2026, the day most unit tests read on. */
export const WEDNESDAY: Day = "2026-11-25";

export function settings(language: Language, today: Day = WEDNESDAY, dateOrder: DateOrder = "day_first"): ReadSettings {
  return { today, language, words: WORDS[language], dateOrder };
}

export interface Found {
  text: string;
  pieces: readonly Piece[];
}

/** What the parsers find in `text`, after the refiners, in order. */
export function find(text: string, parsers: readonly Parser[], refiners: readonly Refiner[] = []): Found[] {
  const chrono = new Chrono({ parsers: [...parsers], refiners: [...refiners] });
  const results = chrono.parse(fold(text), { instant: new Date(`${WEDNESDAY}T12:00:00Z`), timezone: 0 });
  return pieceResults(results).map((result) => ({ text: result.text, pieces: result.pieces }));
}

/** The pieces of the only result, or a failure naming what was found instead. */
export function only(text: string, parsers: readonly Parser[], refiners: readonly Refiner[] = []): readonly Piece[] {
  const found = find(text, parsers, refiners);
  if (found.length !== 1 || !found[0]) throw new Error(`expected one result for ${JSON.stringify(text)}, got ${JSON.stringify(found)}`);
  return found[0].pieces;
}

export const day = (value: Day): Piece => ({ kind: "day", day: value });
export const time = (hour: number, minute: number, ambiguousMeridiem: boolean): Piece => ({
  kind: "time",
  time: { hour, minute, ambiguousMeridiem },
});
