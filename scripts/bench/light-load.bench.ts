/**
 * Light load, open loop (issue 10 §2): 500 patients, each thinking before every message (an
 * exponential wait, mean 500 / 50 s), so about 50 turns a second are offered whatever the answers'
 * speed. After a warm-up at the same rate, turns sent in the measured window give p50 and p99;
 * meanwhile a prober sends floor requests at a low rate, so the floor is measured under the same
 * load and the ratio compares like with like. Patients have full conversations one after another.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { floorRequest } from "./support/floor.ts";
import { atMost, figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency, latencyByStep, latencyLine, within } from "./support/stats.ts";
import { benchTarget } from "./support/stack-target.ts";
import { conversationNotes, exponentialMs, runPatients, type TurnSample } from "./support/traffic.ts";
import { machineLoad, measure } from "./support/window.ts";
import { benchClinics, clinicsFor } from "./support/bench-clinics.ts";
import { everySecond, progress } from "./support/progress.ts";

const PATIENTS = sized(500, 100);
const OFFERED_PER_S = sized(50, 10);
const WARMUP_MS = sized(20_000, 5_000);
const MEASURED_MS = sized(60_000, 15_000);
/** Floor requests per second during the measured window: a tenth of the turns, so they barely add load. */
const FLOOR_PER_S = OFFERED_PER_S / 10;
const MS_PER_S = 1_000;
/** Issue 10 §2 targets at light load. */
const TARGET_P50_MS = 10;
const TARGET_P99_MS = 40;
const TARGET_FLOOR_RATIO = 4;

/** Floor requests at Poisson arrivals until `stopAtMs`; their latencies. */
async function floorProber(target: Parameters<typeof floorRequest>[0], perSecond: number, stopAtMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const wait = exponentialMs(MS_PER_S / perSecond);
  const inFlight: Promise<void>[] = [];
  for (;;) {
    await sleep(wait());
    if (performance.now() >= stopAtMs) break;
    inFlight.push(floorRequest(target).then((ms) => void latencies.push(ms)));
  }
  await Promise.all(inFlight);
  return latencies;
}

await runScenario("light-load", `Light load, open loop: ${PATIENTS} patients with think time, ${OFFERED_PER_S} turns/s offered`, async () => {
  const target = await benchTarget();
  const clinics = await benchClinics(target.databaseUrl, target.function.functionUrl, clinicsFor(PATIENTS));
  const samples: TurnSample[] = [];
  const line = progress("light-load");
  const startedMs = performance.now();
  const measureFromMs = startedMs + WARMUP_MS;
  const stopAtMs = measureFromMs + MEASURED_MS;
  const stopTicking = everySecond(line, () =>
    `${((performance.now() - startedMs) / MS_PER_S).toFixed(0)} s of ${(WARMUP_MS + MEASURED_MS) / MS_PER_S}, ${samples.length} turns`);
  const patients = runPatients({
    targets: clinics,
    patients: PATIENTS,
    stopAtMs,
    // Think time before every message, the first included, so patients start spread out.
    thinkMs: exponentialMs((PATIENTS / OFFERED_PER_S) * MS_PER_S),
    onSample: (sample) => samples.push(sample),
  });
  await sleep(measureFromMs - performance.now());
  const window = await measure(target, () => floorProber(target.function, FLOOR_PER_S, stopAtMs));
  const outcome = await patients;
  stopTicking();

  const measured = within(samples, measureFromMs, stopAtMs);
  const turns = latency(measured.map((s) => s.ms));
  const floor = latency(window.value);
  const offered = (measured.length / MEASURED_MS) * MS_PER_S;
  line.done(`${measured.length} turns measured (${offered.toFixed(1)}/s): ${latencyLine(turns)}; floor p50 ${floor.p50.toFixed(1)} ms`);
  const ratio = turns.p50 / floor.p50;
  return {
    figures: [
      figure("turns/s offered (measured window)", offered, "/s"),
      figure("turn p50", turns.p50, "ms", atMost(turns.p50, TARGET_P50_MS, "ms")),
      figure("turn p99", turns.p99, "ms", atMost(turns.p99, TARGET_P99_MS, "ms")),
      figure("floor p50 (same window)", floor.p50, "ms"),
      figure("turn p50 / floor p50", ratio, "×", atMost(ratio, TARGET_FLOOR_RATIO, "×")),
    ],
    load: machineLoad(window.cpu),
    notes: conversationNotes("patients", outcome),
    details: {
      patients: PATIENTS,
      offeredPerSecond: OFFERED_PER_S,
      warmupMs: WARMUP_MS,
      measuredMs: MEASURED_MS,
      turns,
      latencyByStep: latencyByStep(measured),
      floor,
      conversations: outcome,
      cpu: window.cpu,
      rpcCalls: window.rpc,
    },
  };
});
