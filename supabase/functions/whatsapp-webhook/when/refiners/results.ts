/**
 * Helpers for our refiners: what a result says, and merging two neighbouring results into one
 * (the way chrono's own merging refiners join "tomorrow" and "at 10").
 */
import type { ParsedResult, ParsingContext } from "chrono-node";
import { isPieceResult, type Piece, PieceResult } from "../pieces.ts";

export function pieceResults(results: readonly ParsedResult[]): PieceResult[] {
  return results.filter(isPieceResult);
}

export function only<K extends Piece["kind"]>(result: PieceResult, kind: K): Extract<Piece, { kind: K }> | null {
  const [piece] = result.pieces;
  return result.pieces.length === 1 && piece?.kind === kind ? piece as Extract<Piece, { kind: K }> : null;
}

export function has(result: PieceResult, ...kinds: Piece["kind"][]): boolean {
  return result.pieces.some((piece) => kinds.includes(piece.kind));
}

export function textBetween(context: ParsingContext, left: PieceResult, right: PieceResult): string {
  return context.text.slice(left.stop, right.index);
}

/** One result covering both, saying `pieces`. */
export function merged(context: ParsingContext, left: PieceResult, right: PieceResult, pieces: readonly Piece[]): PieceResult {
  return new PieceResult(context, left.index, context.text.slice(left.index, right.stop), pieces);
}

/** Walks neighbours left to right; where `merge` returns pieces, the pair becomes one result. */
export function mergeNeighbours(
  context: ParsingContext,
  results: readonly PieceResult[],
  merge: (left: PieceResult, right: PieceResult, between: string) => readonly Piece[] | null,
): PieceResult[] {
  const out: PieceResult[] = [];
  for (const result of results) {
    const left = out.at(-1);
    const pieces = left ? merge(left, result, textBetween(context, left, result)) : null;
    if (left && pieces) out[out.length - 1] = merged(context, left, result, pieces);
    else out.push(result);
  }
  return out;
}

/** The same result with other pieces (e.g. made unsure). */
export function withPieces(context: ParsingContext, result: PieceResult, pieces: readonly Piece[]): PieceResult {
  return new PieceResult(context, result.index, result.text, pieces);
}
