/**
 * `npm run bench:report [-- results.json | report.json]`: one run's figures as Markdown (the
 * machine, every figure beside its issue 10 §2 target, CPU per turn per process, round trips per
 * step), or a reliability run's checks, to paste into BENCHMARKS.md, so the published tables are
 * the run's own numbers, not copied by hand. Reads .local/bench/latest.json when no file is given.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Machine } from "./support/machine.ts";
import type { Figure, ScenarioResult } from "./support/results.ts";

interface Run {
  startedAt: string;
  quick: boolean;
  machine: Machine;
  scenarios: ScenarioResult[];
  failed: string[];
}

interface StepRpcs {
  rpcs: { min: number; max: number };
  calls: string[];
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function number(value: number | null): string {
  if (value === null || Number.isNaN(value)) return "–";
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function valueOf(figure: Figure): string {
  const unit = figure.unit === "" ? "" : figure.unit.startsWith("/") || figure.unit === "×" ? figure.unit : ` ${figure.unit}`;
  return `${number(figure.value)}${unit}`;
}

function verdict(figure: Figure): string {
  if (figure.target === undefined) return "";
  return figure.target.met === null ? "–" : figure.target.met ? "met" : "**missed**";
}

function figuresTable(scenario: ScenarioResult): string[] {
  const rows = scenario.figures.map((f) => `| ${f.label} | ${valueOf(f)} | ${f.target?.text ?? ""} | ${verdict(f)} |`);
  return ["| figure | value | target | |", "| --- | ---: | --- | --- |", ...rows];
}

function loadLine(scenario: ScenarioResult): string | null {
  const load = scenario.load;
  if (load === null) return null;
  return `Machine meanwhile: ${number(load.busyCores)} cores busy, of which ${number(load.othersCores)} by other processes; load average ${number(load.loadAverage1m)}.`;
}

function roundTripsTable(scenario: ScenarioResult): string[] {
  const perStep = scenario.details.perStep as Record<string, StepRpcs> | undefined;
  if (perStep === undefined) return [];
  const rows = Object.entries(perStep).map(([step, s]) => {
    const rpcs = s.rpcs.min === s.rpcs.max ? `${s.rpcs.min}` : `${s.rpcs.min}–${s.rpcs.max}`;
    return `| ${step} | ${rpcs} | ${s.calls.join(", ")} |`;
  });
  return ["", "RPCs of each step (one patient at a time, counted by the gateway):", "", "| step | RPCs | which |", "| --- | ---: | --- |", ...rows];
}

export function renderRun(run: Run): string {
  const m = run.machine;
  const lines = [
    `Run of ${run.startedAt}${run.quick ? " (--quick: shrunk, not for publishing)" : ""}: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; ` +
      `Node ${m.node}, ${m.deno}, PostgreSQL ${m.postgres} (${m.durability}); commit ${m.commit.slice(0, 10)}` +
      `${m.dirty ? " (with uncommitted changes)" : ""}; load average at the start ${m.loadAverage.map(number).join(" ")}.`,
  ];
  if (run.failed.length > 0) lines.push("", `Scenarios that failed: ${run.failed.join(", ")}.`);
  for (const scenario of run.scenarios) {
    lines.push("", `### ${scenario.scenario}: ${scenario.title}`, "", ...figuresTable(scenario));
    if (scenario.scenario === "round-trips") lines.push(...roundTripsTable(scenario));
    const load = loadLine(scenario);
    if (load !== null) lines.push("", load);
    for (const note of scenario.notes) lines.push("", `Note: ${note}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A reliability report (.local/reliability/<time>/report.json), as the part of it we publish. */
interface ReliabilityRun {
  ok: boolean;
  seconds: number;
  options: { quick?: boolean };
  parts: Array<{
    part: string;
    title: string;
    seconds: number;
    checks: Array<{ check: string; value: number | string; expected: string; ok: boolean }>;
    facts: Record<string, string>;
    notes: string[];
  }>;
}

export function renderReliability(run: ReliabilityRun): string {
  const lines = [`${run.ok ? "Every check passed" : "**Some checks failed**"}; ${number(run.seconds)} s in all.`];
  for (const part of run.parts) {
    lines.push("", `**${part.title}** (${number(part.seconds)} s)`, "", "| check | value | must be | |", "| --- | ---: | --- | --- |");
    for (const c of part.checks) lines.push(`| ${c.check} | ${c.value} | ${c.expected} | ${c.ok ? "ok" : "**FAILED**"} |`);
    const facts = Object.entries(part.facts).map(([k, v]) => `${k}: ${v}`).join("; ");
    if (facts) lines.push("", facts);
    for (const note of part.notes) lines.push("", note);
  }
  return `${lines.join("\n")}\n`;
}

const file = process.argv[2] ?? path.join(ROOT, ".local", "bench", "latest.json");
const parsed = JSON.parse(readFileSync(file, "utf8")) as Run | ReliabilityRun;
process.stdout.write("parts" in parsed ? renderReliability(parsed) : renderRun(parsed));
