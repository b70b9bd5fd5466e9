/**
 * What a benchmark reports: figures (each with its unit and, where issue 10 §2 sets one, its
 * target and whether it is met), free-form details, and how busy the machine was meanwhile. Each
 * benchmark process writes its result as JSON to BENCH_RESULT_FILE (set by `npm run bench`), which
 * gathers them into one file under .local/bench/ and prints one table.
 */
import { writeFileSync } from "node:fs";

export interface Target {
  /** As printed beside the figure: "≤ 10 ms". */
  text: string;
  met: boolean | null;
}

export interface Figure {
  label: string;
  value: number | null;
  unit: string;
  target?: Target;
}

export interface MachineLoad {
  /** The whole machine's busy time while the scenario ran, in cores. */
  busyCores: number;
  /** Of that, what processes other than the stack and this benchmark used, in cores. */
  othersCores: number;
  loadAverage1m: number;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  seconds: number;
  figures: Figure[];
  load: MachineLoad | null;
  notes: string[];
  details: Record<string, unknown>;
}

export function atMost(value: number | null, limit: number, unit: string): Target {
  return { text: `≤ ${limit}${unit === "" ? "" : ` ${unit}`}`, met: value === null || Number.isNaN(value) ? null : value <= limit };
}

export function atLeast(value: number | null, limit: number, unit: string): Target {
  return { text: `≥ ${limit}${unit === "" ? "" : ` ${unit}`}`, met: value === null || Number.isNaN(value) ? null : value >= limit };
}

export function exactly(value: number | null, expected: number): Target {
  return { text: `= ${expected}`, met: value === null || Number.isNaN(value) ? null : value === expected };
}

export function figure(label: string, value: number | null, unit: string, target?: Target): Figure {
  return target === undefined ? { label, value, unit } : { label, value, unit, target };
}

/** Writes the result where `npm run bench` collects it; run alone, it only prints. */
export function publish(result: ScenarioResult): void {
  const file = process.env.BENCH_RESULT_FILE;
  if (file) writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}

/** A figure as printed: a few significant digits, the unit after it. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return "n/a";
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit === "" ? text : `${text} ${unit}`;
}

export function formatMet(target: Target | undefined): string {
  if (target === undefined) return "";
  return target.met === null ? "?" : target.met ? "met" : "MISSED";
}

/** Rows of text in aligned columns. */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The figures of one scenario as printed at its end. */
export function printFigures(result: ScenarioResult): void {
  console.log(`\n${result.title}`);
  console.log(
    alignedTable(
      ["figure", "value", "target", ""],
      result.figures.map((f) => [f.label, formatValue(f.value, f.unit), f.target?.text ?? "", formatMet(f.target)]),
    ),
  );
  if (result.load) {
    console.log(`machine: ${result.load.busyCores.toFixed(2)} cores busy, of which others ${result.load.othersCores.toFixed(2)}; load average ${result.load.loadAverage1m.toFixed(2)}`);
  }
  for (const note of result.notes) console.log(`note: ${note}`);
}
