/**
 * A slow Claude must not slow anyone else (issue 10 §2): patients having full conversations at a
 * steady rate while other patients keep asking FAQ questions, in windows of equal length with the
 * Claude stub answering at once (A) or after 800 ms (B), interleaved A B B A B A A B so that slow
 * drift of a shared machine falls on both alike. The figure is the p99 of the conversation
 * patients' turns other than FAQ questions over all A windows and over all B windows; B counts as
 * raised only when the bootstrap interval of p99(B) / p99(A) lies wholly above 1.1
 * (support/tail-compare.ts, which says why and tests that the rule sees real raises). Needs the
 * stack `npm run bench` starts (its function talks to our stub).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { FAQ_QUESTIONS } from "./support/conversation.ts";
import { claudeRequests, setClaudeDelay } from "./support/claude-control.ts";
import { figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency, within } from "./support/stats.ts";
import { compareP99, thueMorse } from "./support/tail-compare.ts";
import { benchTarget } from "./support/stack-target.ts";
import { conversationNotes, exponentialMs, httpSay, runPatients, type TurnSample } from "./support/traffic.ts";
import { combinedLoad, measure } from "./support/window.ts";
import { benchClinics, clinicsFor } from "./support/bench-clinics.ts";
import { everySecond, progress } from "./support/progress.ts";
import { randomPhone } from "../patient/client.ts";
import type { CpuUse } from "./support/cpu.ts";

const CLAUDE_DELAY_MS = 800;
const PATIENTS = sized(200, 50);
const OFFERED_PER_S = sized(20, 10);
const ASKERS = sized(10, 5);
/** Each asker's pause between an answer and its next question. */
const ASKER_THINK_MS = 1_000;
/** An asker changes number after this many questions, to stay under the clinic's 20 a minute. */
const QUESTIONS_PER_ASKER_NUMBER = 10;
const WARMUP_MS = sized(10_000, 3_000);
/** Windows (a power of two, for the Thue–Morse order) and their length: 112 s in all (was 3 × 30 s). */
const WINDOWS = sized(8, 4);
const WINDOW_MS = sized(14_000, 6_000);
/** Turns sent this close to a window change are left out: the delay changed while they were in flight. */
const BOUNDARY_MS = 1_000;
/** B's p99 may exceed A's by this fraction before it counts as raised. */
const ALLOWANCE = 0.1;
/** The bootstrap interval's confidence, and its seed (the verdict can be recomputed from the samples). */
const CONFIDENCE = 0.9;
const SEED = 1;
const MS_PER_S = 1_000;

async function askQuestions(target: Parameters<typeof httpSay>[0], stopAtMs: number, onSample: (s: TurnSample) => void): Promise<number> {
  let asked = 0;
  while (performance.now() < stopAtMs) {
    const say = httpSay(target, randomPhone(), onSample);
    for (let i = 0; i < QUESTIONS_PER_ASKER_NUMBER && performance.now() < stopAtMs; i += 1) {
      await say(FAQ_QUESTIONS[Math.floor(Math.random() * FAQ_QUESTIONS.length)]!, "FAQ question");
      asked += 1;
      await sleep(ASKER_THINK_MS);
    }
  }
  return asked;
}

await runScenario("claude-isolation", `Claude answering after ${CLAUDE_DELAY_MS} ms does not raise other patients' p99`, async () => {
  const target = await benchTarget();
  const clinics = await benchClinics(target.databaseUrl, target.function.functionUrl, clinicsFor(PATIENTS));
  if (target.claudeStubUrl === null) {
    return {
      figures: [figure("others' p99, Claude delayed", null, "ms")],
      load: null,
      notes: ["not measured: needs the stack `npm run bench` starts itself (its function talks to the bench's Claude stub); run without --stack-env"],
      details: {},
    };
  }
  const stub = target.claudeStubUrl;
  await setClaudeDelay(stub, 0);
  const claudeBefore = await claudeRequests(stub);
  const others: TurnSample[] = [];
  const questions: TurnSample[] = [];
  const startedMs = performance.now();
  const phases = thueMorse(WINDOWS).map((name, i) => ({
    name,
    delayMs: name === "B" ? CLAUDE_DELAY_MS : 0,
    fromMs: startedMs + WARMUP_MS + i * WINDOW_MS,
    toMs: startedMs + WARMUP_MS + (i + 1) * WINDOW_MS,
  }));
  const stopAtMs = phases.at(-1)!.toMs;
  const line = progress("claude-isolation");
  const stopTicking = everySecond(line, () => `${((performance.now() - startedMs) / MS_PER_S).toFixed(0)} s, ${others.length} turns, ${questions.length} questions`);

  const conversations = runPatients({
    targets: clinics,
    patients: PATIENTS,
    stopAtMs,
    thinkMs: exponentialMs((PATIENTS / OFFERED_PER_S) * MS_PER_S),
    onSample: (sample) => others.push(sample),
  });
  const askers = Promise.all(Array.from({ length: ASKERS }, () => askQuestions(target.function, stopAtMs, (s) => questions.push(s))));
  const windows: CpuUse[] = [];
  for (const phase of phases) {
    await sleep(phase.fromMs - performance.now());
    await setClaudeDelay(stub, phase.delayMs);
    windows.push((await measure(target, () => sleep(phase.toMs - performance.now()))).cpu);
  }
  const [outcome] = await Promise.all([conversations, askers]);
  await setClaudeDelay(stub, 0);
  stopTicking();
  const claudeCalls = (await claudeRequests(stub)) - claudeBefore;

  const arm = (name: "A" | "B") => {
    const windows = phases.filter((phase) => phase.name === name);
    const inWindows = (samples: TurnSample[]): TurnSample[] =>
      windows.flatMap((phase) => within(samples, phase.fromMs + BOUNDARY_MS, phase.toMs - BOUNDARY_MS));
    return {
      others: inWindows(others).filter((s) => s.step !== "FAQ question").map((s) => s.ms),
      questions: inWindows(questions).map((s) => s.ms),
    };
  };
  const a = arm("A");
  const b = arm("B");
  const compared = compareP99(a.others, b.others, { allowance: ALLOWANCE, confidence: CONFIDENCE, seed: SEED });
  const [othersA, othersB, questionsB] = [latency(a.others), latency(b.others), latency(b.questions)];
  const interval = `[${compared.low.toFixed(2)}, ${compared.high.toFixed(2)}]`;
  line.done(`others' p99: A ${othersA.p99.toFixed(1)} ms, B ${othersB.p99.toFixed(1)} ms, B/A ${compared.ratio.toFixed(2)} (${CONFIDENCE * 100} % ${interval}); questions p50 in B ${questionsB.p50.toFixed(0)} ms`);
  const notes: string[] = [];
  if (claudeCalls === 0) notes.push("the Claude stub received no request: the function did not use it, so nothing was measured");
  notes.push(...conversationNotes("patients", outcome));
  return {
    figures: [
      figure("others' p99, Claude at once (A windows)", othersA.p99, "ms"),
      figure(`others' p99, Claude after ${CLAUDE_DELAY_MS} ms (B windows)`, othersB.p99, "ms"),
      figure(`B/A p99 ratio (${CONFIDENCE * 100} % interval ${interval})`, compared.ratio, "", {
        text: `not raised: interval not wholly above ${(1 + ALLOWANCE).toFixed(1)}`,
        met: Number.isNaN(compared.ratio) ? null : !compared.raised,
      }),
      figure("FAQ question p50 in B (shows the delay took effect)", questionsB.p50, "ms"),
      figure("Claude stub requests", claudeCalls, ""),
    ],
    load: combinedLoad(windows),
    notes,
    details: { windows: phases.map((p) => p.name).join(""), a: othersA, b: othersB, questionsB, comparison: compared, allowance: ALLOWANCE, patients: PATIENTS, offeredPerSecond: OFFERED_PER_S, askers: ASKERS, claudeCalls, conversations: outcome },
  };
});
