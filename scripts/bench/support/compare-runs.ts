/**
 * The pure half of `npm run bench:compare`: in which order the two trees run, and what the runs
 * say side by side. Single saturation runs on this kind of machine swing by ±10 % with nothing
 * else running (BENCHMARKS.md), so a change is judged from several runs of each tree, interleaved
 * so that drift falls on both, never from one run of each.
 */
import type { ScenarioResult } from "./results.ts";
import { thueMorse } from "./tail-compare.ts";

export type Arm = "base" | "this";

/** The order of 2 × pairs runs: base this this base this base base this … (Thue–Morse). */
export function armOrder(pairs: number): Arm[] {
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`pairs must be a whole number of at least 1, not ${pairs}`);
  return thueMorse(2 * pairs).map((side) => (side === "A" ? "base" : "this"));
}

export interface ArmRun {
  arm: Arm;
  scenarios: ScenarioResult[];
}

export interface ComparedFigure {
  scenario: string;
  label: string;
  unit: string;
  base: number[];
  this: number[];
  baseMedian: number | null;
  thisMedian: number | null;
  /** this median / base median; null when either is missing or the base median is 0. */
  ratio: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Every numeric figure of every scenario, in the order the first run printed them, with both trees' values. */
export function compareFigures(runs: readonly ArmRun[]): ComparedFigure[] {
  const rows = new Map<string, Pick<ComparedFigure, "scenario" | "label" | "unit" | "base" | "this">>();
  for (const run of runs) {
    for (const scenario of run.scenarios) {
      for (const figure of scenario.figures) {
        if (figure.value === null || !Number.isFinite(figure.value)) continue;
        const key = `${scenario.scenario}\u0000${figure.label}`;
        let row = rows.get(key);
        if (row === undefined) {
          row = { scenario: scenario.scenario, label: figure.label, unit: figure.unit, base: [], this: [] };
          rows.set(key, row);
        }
        row[run.arm].push(figure.value);
      }
    }
  }
  return [...rows.values()].map((row) => {
    const baseMedian = median(row.base);
    const thisMedian = median(row.this);
    const ratio = baseMedian === null || thisMedian === null || baseMedian === 0 ? null : thisMedian / baseMedian;
    return { ...row, baseMedian, thisMedian, ratio };
  });
}
