/**
 * Overlapping readings: the longer one wins, as in chrono's OverlapRemovalRefiner, so "pasado
 * mañana" beats "mañana", "por la mañana" beats "mañana", "10:30" beats "10". When two parsers read
 * exactly the same words differently ("10.12": 10:12 or 10 December), the unsure reading wins.
 */
import type { Refiner } from "chrono-node";
import type { PieceResult } from "../pieces.ts";
import { has, pieceResults } from "./results.ts";

function sameReading(a: PieceResult, b: PieceResult): boolean {
  return JSON.stringify(a.pieces) === JSON.stringify(b.pieces);
}

export const overlapRefiner: Refiner = {
  refine(_context, results) {
    const sorted = pieceResults(results).sort((a, b) => a.index - b.index || b.text.length - a.text.length);
    const kept: PieceResult[] = [];
    for (const result of sorted) {
      const last = kept.at(-1);
      if (!last || result.index >= last.stop) {
        kept.push(result);
      } else if (result.index === last.index && result.stop === last.stop) {
        if (!sameReading(result, last) && has(result, "unsure")) kept[kept.length - 1] = result;
      } else if (result.stop > last.stop && result.text.length > last.text.length) {
        kept[kept.length - 1] = result;
      }
    }
    return kept;
  },
};
