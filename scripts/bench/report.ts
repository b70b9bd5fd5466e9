/** Prints one benchmark run as a few aligned lines: throughput, latency percentiles, outcomes. */
import { percentile, tally, type ScenarioRun } from "../../tests/db/support/contention.ts";

const MS_PER_S = 1000;
const PERCENTILES = [50, 90, 99] as const;

export function printRun(title: string, run: ScenarioRun): void {
  const perSecond = (run.attempts.length / run.wallMs) * MS_PER_S;
  const latencies = PERCENTILES.map((p) => `p${p} ${percentile(run.attempts, p).toFixed(1)} ms`).join("  ");
  const outcomes = [...tally(run.attempts).entries()].map(([outcome, count]) => `${outcome} ${count}`).join(", ");
  console.log(title);
  console.log(`  attempts      ${run.attempts.length} in ${run.wallMs.toFixed(0)} ms = ${perSecond.toFixed(0)} /s`);
  console.log(`  latency       ${latencies}`);
  console.log(`  outcomes      ${outcomes}`);
}
