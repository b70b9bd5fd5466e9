/**
 * The reliability run as a library, for `npm run reliability` (full sizes) and for the small
 * version inside `npm test` (tests/reliability/): its own throw-away stack, durable like a real
 * database (fsync and synchronous commit on, since it is killed and then counted), then the parts
 * in order: hostile requests first (they need a database nothing else is writing to), then
 * triple deliveries, then the run under failures. Each part's checks come from the database and
 * the fake socket afterwards.
 */
import type { StackHandle } from "../stack/stack.ts";
import { startIsolatedStack } from "../test/isolated-stack.ts";
import { alignedTable } from "../bench/support/results.ts";
import { silentProgress } from "../bench/support/progress.ts";
import { chaosRun, type ChaosOptions } from "./parts/chaos.ts";
import { duplicatesRun, type DuplicatesOptions } from "./parts/duplicates.ts";
import { hostileRun, type HostileOptions } from "./parts/hostile.ts";
import type { PartResult, RunContext } from "./support/part.ts";

export interface ReliabilityOptions {
  hostile: HostileOptions;
  duplicates: DuplicatesOptions;
  chaos: ChaosOptions;
}

/** The seed of the hostile requests unless one is given, so a run can be repeated exactly. */
export const DEFAULT_SEED = 20261203;

/** Issue 10 §3's sizes. */
export const FULL: ReliabilityOptions = {
  hostile: { requests: 10_000, seed: DEFAULT_SEED },
  duplicates: { functionPatients: 100, botPatients: 50 },
  chaos: {
    patients: 200,
    messagesEach: 25,
    functionKills: 10,
    databaseFaults: ["pg_restart_fast", "pg_stop_immediate", "pg_kill_9"],
    thinkMs: [3_000, 6_000],
  },
};

/** The version inside `npm test`: every kind of check, small enough to stay well under a minute. */
export const QUICK: ReliabilityOptions = {
  hostile: { requests: 300, seed: DEFAULT_SEED },
  duplicates: { functionPatients: 3, botPatients: 2 },
  chaos: {
    patients: 20,
    messagesEach: 8,
    functionKills: 2,
    databaseFaults: ["pg_kill_9"],
    thinkMs: [100, 400],
  },
};

export interface ReliabilityReport {
  parts: PartResult[];
  ok: boolean;
}

export async function runReliability(
  options: ReliabilityOptions,
  dir: string,
  log: (line: string) => void,
  progress: RunContext["progress"] = () => silentProgress,
): Promise<ReliabilityReport> {
  const stackLog: string[] = [];
  log("starting a throw-away stack (durable: fsync and synchronous commit on)");
  const stack: StackHandle = await startIsolatedStack((line) => stackLog.push(line), { durable: true });
  const parts: PartResult[] = [];
  try {
    const context: RunContext = { stack, stackLog, dir, log, progress };
    parts.push(await hostileRun(context, options.hostile));
    parts.push(await duplicatesRun(context, options.duplicates));
    parts.push(await chaosRun(context, options.chaos));
  } finally {
    await stack.stop();
  }
  return { parts, ok: parts.every((part) => part.checks.every((check) => check.ok)) };
}

export function formatReport(report: ReliabilityReport): string {
  const lines: string[] = [];
  for (const part of report.parts) {
    lines.push("", `${part.title} (${part.seconds.toFixed(0)} s)`);
    lines.push(alignedTable(["check", "value", "must be", ""], part.checks.map((c) => [c.check, String(c.value), c.expected, c.ok ? "ok" : "FAILED"])));
    const facts = Object.entries(part.facts).map(([k, v]) => `${k}: ${v}`).join("; ");
    if (facts) lines.push(`  ${facts}`);
    for (const note of part.notes) lines.push(`  ${note}`);
  }
  lines.push("", report.ok ? "every check passed" : "SOME CHECKS FAILED");
  return lines.join("\n");
}
