/**
 * Saturation, closed loop (issue 10 §2): 100 patients each sending their next message as soon as
 * the last is answered, having full conversations one after another (a fresh patient each time).
 * Over the measured window: turns per second, and CPU per turn of each stack process (gateway,
 * function, PostgreSQL; the load generator, this process, apart), and RPCs per turn.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { atLeast, atMost, figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency, latencyByStep, latencyLine, within } from "./support/stats.ts";
import { benchTarget } from "./support/stack-target.ts";
import { conversationNotes, runPatients, type TurnSample } from "./support/traffic.ts";
import { cpuPerTurn, machineLoad, measure, rpcPerTurn } from "./support/window.ts";
import { benchClinics, clinicsFor } from "./support/bench-clinics.ts";
import { everySecond, progress } from "./support/progress.ts";

const PATIENTS = 100;
const WARMUP_MS = sized(5_000, 3_000);
const MEASURED_MS = sized(30_000, 10_000);
const MS_PER_S = 1_000;
/** Issue 10 §2: at least 500 turns a second on the 2-core machine, i.e. at most 4 ms of CPU per turn. */
const TARGET_TURNS_PER_S = 500;
const TARGET_CPU_MS = 4;

await runScenario("saturation", `Saturation, closed loop: ${PATIENTS} patients sending as fast as answered`, async () => {
  const target = await benchTarget();
  const clinics = await benchClinics(target.databaseUrl, target.function.functionUrl, clinicsFor(PATIENTS));
  const samples: TurnSample[] = [];
  const line = progress("saturation");
  const startedMs = performance.now();
  const measureFromMs = startedMs + WARMUP_MS;
  const stopAtMs = measureFromMs + MEASURED_MS;
  const stopTicking = everySecond(line, () => `${((performance.now() - startedMs) / MS_PER_S).toFixed(0)} s, ${samples.length} turns`);
  const patients = runPatients({ targets: clinics, patients: PATIENTS, stopAtMs, onSample: (sample) => samples.push(sample) });
  await sleep(measureFromMs - performance.now());
  const window = await measure(target, () => sleep(stopAtMs - performance.now()));
  const outcome = await patients;
  stopTicking();

  // Turns answered inside the window are what the CPU in the window served.
  const served = samples.filter((s) => s.startedMs + s.ms >= measureFromMs && s.startedMs + s.ms < stopAtMs);
  const perSecond = (served.length / window.cpu.wallMs) * MS_PER_S;
  const cpu = cpuPerTurn(window.cpu, served.length);
  const turns = latency(within(samples, measureFromMs, stopAtMs).map((s) => s.ms));
  line.done(`${served.length} turns in ${(window.cpu.wallMs / MS_PER_S).toFixed(1)} s = ${perSecond.toFixed(0)}/s; ${latencyLine(turns)}`);
  const ms = (name: string): number | null => cpu[name] ?? null;
  return {
    figures: [
      figure("turns/s", perSecond, "/s", atLeast(perSecond, TARGET_TURNS_PER_S, "/s")),
      figure("CPU per turn, stack", ms("stack"), "ms", atMost(ms("stack"), TARGET_CPU_MS, "ms")),
      figure("CPU per turn, gateway", ms("gateway"), "ms"),
      figure("CPU per turn, function", ms("function"), "ms"),
      figure("CPU per turn, PostgreSQL", ms("postgres"), "ms"),
      figure("CPU per turn, load generator (excluded)", ms("loadGenerator"), "ms"),
      figure("RPCs per turn", rpcPerTurn(window.rpc, served.length), ""),
      figure("turn p50", turns.p50, "ms"),
      figure("turn p99", turns.p99, "ms"),
    ],
    load: machineLoad(window.cpu),
    notes: [
      ...(conversationNotes("patients", outcome)),
      ...(target.processes.missing.length > 0 ? [`CPU not measured for: ${target.processes.missing.join("; ")}`] : []),
    ],
    details: {
      patients: PATIENTS,
      measuredMs: MEASURED_MS,
      turnsServed: served.length,
      cpuPerTurnMs: cpu,
      cpu: window.cpu,
      rpcCalls: window.rpc,
      latency: turns,
      latencyByStep: latencyByStep(within(samples, measureFromMs, stopAtMs)),
      conversations: outcome,
    },
  };
});
