/**
 * Turns through the whole local stack (signed HTTP → gateway → function → supabase-js → gateway →
 * Postgres) with 1, 10 and 100 patients at once, each having full conversations (book, list,
 * reschedule, cancel, FAQ). In the same run, the floor at the same concurrency (support/floor.ts)
 * and the ratio of the two; CPU per turn of each stack process; RPCs per turn.
 */
import { floorRun } from "./support/floor.ts";
import { figure, type Figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency, latencyByStep, latencyLine } from "./support/stats.ts";
import { benchTarget } from "./support/stack-target.ts";
import { conversationNotes, runPatients, type TurnSample } from "./support/traffic.ts";
import { combinedLoad, cpuPerTurn, measure, rpcPerTurn } from "./support/window.ts";
import { progress } from "./support/progress.ts";
import { benchClinics, clinicsFor } from "./support/bench-clinics.ts";
import type { CpuUse } from "./support/cpu.ts";

/** Patients at once, and conversations each (about 17 turns per conversation). */
const LEVELS = sized(
  [
    { patients: 1, conversations: 5, floorRequests: 500 },
    { patients: 10, conversations: 2, floorRequests: 1_000 },
    { patients: 100, conversations: 1, floorRequests: 2_000 },
  ],
  [
    { patients: 1, conversations: 1, floorRequests: 50 },
    { patients: 10, conversations: 1, floorRequests: 100 },
    { patients: 100, conversations: 1, floorRequests: 200 },
  ],
);
const WARMUP_CONVERSATIONS = sized(5, 2);

/** a / b, or null when either is unknown (a process not found) or b is zero. */
function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === undefined || a === null || b === undefined || b === null || b === 0 ? null : a / b;
}
const WARMUP_FLOOR_REQUESTS = 100;
const MS_PER_S = 1_000;

await runScenario("turns", "Turns at 1, 10 and 100 patients at once, beside the floor", async () => {
  const target = await benchTarget();
  // Untimed: Deno compiles the function's modules and the pools open their connections.
  const warmup = await benchClinics(target.databaseUrl, target.function.functionUrl, 1);
  await runPatients({ targets: warmup, patients: WARMUP_CONVERSATIONS, conversationsEach: 1, onSample: () => {} });
  await floorRun(target.function, 1, WARMUP_FLOOR_REQUESTS);

  const figures: Figure[] = [];
  const levels: Record<string, unknown>[] = [];
  const windows: CpuUse[] = [];
  const notes: string[] = [];
  for (const level of LEVELS) {
    const line = progress(`turns: ${level.patients} at once`);
    const samples: TurnSample[] = [];
    const clinics = await benchClinics(target.databaseUrl, target.function.functionUrl, clinicsFor(level.patients));
    const turns = await measure(target, () =>
      runPatients({
        targets: clinics,
        patients: level.patients,
        conversationsEach: level.conversations,
        onSample: (sample) => {
          samples.push(sample);
          if (samples.length % 50 === 0) line.update(`${samples.length} turns`);
        },
      }),
    );
    const floor = await measure(target, () => floorRun(target.function, level.patients, level.floorRequests));
    windows.push(turns.cpu, floor.cpu);
    const all = latency(samples.map((s) => s.ms));
    const floorLatency = latency(floor.value);
    const perSecond = (samples.length / turns.cpu.wallMs) * MS_PER_S;
    const cpu = cpuPerTurn(turns.cpu, samples.length);
    const floorCpu = cpuPerTurn(floor.cpu, floor.value.length);
    line.done(`${samples.length} turns, ${perSecond.toFixed(0)}/s; ${latencyLine(all)}; floor p50 ${floorLatency.p50.toFixed(1)} ms`);
    notes.push(...conversationNotes(`${level.patients} at once`, turns.value));

    const at = `${level.patients} at once`;
    figures.push(
      figure(`${at}: turn p50`, all.p50, "ms"),
      figure(`${at}: turn p99`, all.p99, "ms"),
      figure(`${at}: turns/s`, perSecond, "/s"),
      figure(`${at}: floor p50`, floorLatency.p50, "ms"),
      figure(`${at}: turn p50 / floor p50`, all.p50 / floorLatency.p50, "×"),
      figure(`${at}: CPU per turn (stack)`, cpu.stack ?? null, "ms"),
      figure(`${at}: floor CPU per request (stack)`, floorCpu.stack ?? null, "ms"),
      figure(`${at}: CPU per turn / floor`, ratio(cpu.stack, floorCpu.stack), "×"),
    );
    levels.push({
      patients: level.patients,
      clinics: clinics.length,
      turns: samples.length,
      conversations: turns.value.conversations,
      failedConversations: turns.value.failed,
      failures: turns.value.failures,
      turnsPerSecond: perSecond,
      latency: all,
      latencyByStep: latencyByStep(samples),
      floor: { requests: floor.value.length, latency: floorLatency, cpuPerRequestMs: floorCpu, rpcPerRequest: rpcPerTurn(floor.rpc, floor.value.length) },
      cpuPerTurnMs: cpu,
      rpcPerTurn: rpcPerTurn(turns.rpc, samples.length),
      rpcCalls: turns.rpc,
      cpu: turns.cpu,
    });
  }
  if (target.processes.missing.length > 0) notes.push(`CPU not measured for: ${target.processes.missing.join("; ")}`);
  return { figures, load: combinedLoad(windows), notes, details: { levels } };
});
