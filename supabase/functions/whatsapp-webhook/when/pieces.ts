/**
 * What one chrono result says, as typed data: our parsers return PieceResults, chrono's own result
 * class with the reading attached, so chrono's engine (matching every parser over the text, ordering
 * results, running refiners) carries them, and the certain components it holds (year, month, day,
 * hour, minute) agree with the reading for anyone debugging with chrono's tools.
 */
import { ParsingComponents, ParsingResult } from "chrono-node";
import type { ParsedResult, ParsingContext } from "chrono-node";
import { dayParts, type IsoWeekday, isoWeekday } from "./calendar/days.ts";
import type { Day, PartOfDay, TimeOfDay, UnsureReason } from "./types.ts";

export interface Unsure {
  kind: "unsure";
  reason: UnsureReason;
  days?: Day[];
}

/** A day, or why the words could not be resolved to one. */
export type DayReading = { kind: "day"; day: Day } | Unsure;

export type Piece =
  /** One calendar day ("tomorrow", "the 7th", "25/12", "3 de diciembre"). */
  | { kind: "day"; day: Day }
  /** A weekday, with its own reading; kept apart so "friday the 4th" can check one against the other. */
  | { kind: "weekday"; weekday: IsoWeekday; reading: DayReading }
  | { kind: "range"; from: Day; to: Day }
  | { kind: "time"; time: TimeOfDay }
  | { kind: "part"; part: PartOfDay }
  /** A bare number: a day or a time only next to words that make it one ("3 de la tarde"). */
  | { kind: "number"; value: number }
  /** "good morning", "buenas tardes": matched only to hide the part of the day inside it. */
  | { kind: "greeting" }
  | Unsure;

const CHRONO_SUNDAY = 0;

function componentsOf(context: ParsingContext, pieces: readonly Piece[]): ParsingComponents {
  const components = new ParsingComponents(context.reference);
  for (const piece of pieces) {
    components.addTag(`when/${piece.kind}`);
    const day = piece.kind === "day" ? piece.day : piece.kind === "weekday" && piece.reading.kind === "day"
      ? piece.reading.day
      : piece.kind === "range" ? piece.from : null;
    if (day !== null) {
      const parts = dayParts(day);
      const weekday = isoWeekday(day);
      components.assign("year", parts.year).assign("month", parts.month).assign("day", parts.day)
        .assign("weekday", weekday === 7 ? CHRONO_SUNDAY : weekday);
    }
    if (piece.kind === "time") {
      components.assign("hour", piece.time.hour).assign("minute", piece.time.minute);
    }
  }
  return components;
}

export class PieceResult extends ParsingResult {
  readonly pieces: readonly Piece[];

  constructor(context: ParsingContext, index: number, text: string, pieces: readonly Piece[]) {
    super(context.reference, index, text, componentsOf(context, pieces));
    this.pieces = pieces;
  }

  /** Index just past the matched text. */
  get stop(): number {
    return this.index + this.text.length;
  }
}

export function isPieceResult(result: ParsedResult): result is PieceResult {
  return result instanceof PieceResult;
}

export function unsure(reason: UnsureReason, days?: Day[]): Unsure {
  return days ? { kind: "unsure", reason, days } : { kind: "unsure", reason };
}
