/**
 * The last refiner: numbers nobody claimed and greetings are not readings. What remains says
 * something about a day or a time.
 */
import type { Refiner } from "chrono-node";
import { has, pieceResults } from "./results.ts";

export const leftoversRefiner: Refiner = {
  refine(_context, results) {
    return pieceResults(results).filter((result) => !has(result, "number", "greeting"));
  },
};
