/**
 * Round trips from the function to the database per turn, per step of the conversation: one
 * patient at a time, nothing else on the stack, the gateway's RPC counters read before and after
 * each turn, so each difference is exactly that turn's RPCs (which, and how long the gateway took
 * for them). In production a turn costs about round trips × the function's network latency to the
 * database API, so issue 10 §2 asks for common steps in at most 2.
 */
import { floorRequest } from "./support/floor.ts";
import { STEPS, type Say, type Step, fullConversation } from "./support/conversation.ts";
import { atMost, figure, type Figure } from "./support/results.ts";
import { readRpcCalls, rpcCallsBetween, totalCalls, type RpcCalls } from "./support/rpc-calls.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency } from "./support/stats.ts";
import { benchTarget } from "./support/stack-target.ts";
import { httpSay } from "./support/traffic.ts";
import { randomPhone } from "../patient/client.ts";
import { benchClinics } from "./support/bench-clinics.ts";

const CONVERSATIONS = sized(5, 1);
const WARMUP_CONVERSATIONS = 2;
/** Issue 10 §2: common steps reach the database at most this often. */
const MAX_ROUND_TRIPS = 2;

/** begin_turn opens every turn and complete_turn closes it; the effects' RPCs come in between. */
function callOrder(name: string): number {
  return name === "begin_turn" ? 0 : name === "complete_turn" ? 2 : 1;
}

interface StepRecord {
  rpcs: number[];
  names: Map<string, number>;
  rpcMs: number[];
  turnMs: number[];
}

await runScenario("round-trips", "Round trips to the database per turn, per step (one patient at a time)", async () => {
  const target = await benchTarget();
  if ((await readRpcCalls(target.supabaseUrl)) === null) throw new Error("this stack's gateway keeps no RPC counters (GET /stack/rpc-calls)");
  // A fresh copy of the demo clinic, so its calendar is empty whatever ran before.
  const [clinic] = await benchClinics(target.databaseUrl, target.function.functionUrl, 1);
  for (let i = 0; i < WARMUP_CONVERSATIONS; i += 1) await fullConversation(httpSay(clinic!, randomPhone(), () => {}));

  const steps = new Map<Step, StepRecord>();
  for (let i = 0; i < CONVERSATIONS; i += 1) {
    let turnMs = 0;
    const inner = httpSay(clinic!, randomPhone(), (sample) => (turnMs = sample.ms));
    const say: Say = async (text, step) => {
      const before = (await readRpcCalls(target.supabaseUrl)) as RpcCalls;
      const reply = await inner(text, step);
      const made = rpcCallsBetween(before, (await readRpcCalls(target.supabaseUrl)) as RpcCalls);
      const record: StepRecord = steps.get(step) ?? { rpcs: [], names: new Map(), rpcMs: [], turnMs: [] };
      record.rpcs.push(totalCalls(made));
      record.rpcMs.push(Object.values(made).reduce((sum, entry) => sum + entry.ms, 0));
      record.turnMs.push(turnMs);
      for (const [name, entry] of Object.entries(made)) record.names.set(name, (record.names.get(name) ?? 0) + entry.calls);
      steps.set(step, record);
      return reply;
    };
    await fullConversation(say);
  }

  // The first request on the demo channel also looks its secret up (then cached): not counted.
  await floorRequest(target.function);
  const before = (await readRpcCalls(target.supabaseUrl)) as RpcCalls;
  await floorRequest(target.function);
  const floorRpcs = totalCalls(rpcCallsBetween(before, (await readRpcCalls(target.supabaseUrl)) as RpcCalls));

  const figures: Figure[] = [];
  const perStep: Record<string, unknown> = {};
  for (const step of STEPS) {
    const record = steps.get(step);
    if (record === undefined) continue;
    const most = Math.max(...record.rpcs);
    const calls = [...record.names].sort(([a], [b]) => callOrder(a) - callOrder(b) || a.localeCompare(b)).map(([name, n]) => `${name}${n / record.rpcs.length === 1 ? "" : ` ×${(n / record.rpcs.length).toFixed(1)}`}`);
    figures.push(figure(`RPCs: ${step}`, most, "", atMost(most, MAX_ROUND_TRIPS, "")));
    perStep[step] = {
      turns: record.rpcs.length,
      rpcs: { min: Math.min(...record.rpcs), max: most },
      calls,
      turnMs: latency(record.turnMs),
      rpcMsInGateway: latency(record.rpcMs),
    };
    console.log(`${step.padEnd(30)} ${String(most).padStart(2)} RPCs  ${calls.join(", ").padEnd(70)} turn p50 ${latency(record.turnMs).p50.toFixed(1)} ms, in RPCs ${latency(record.rpcMs).p50.toFixed(1)} ms`);
  }
  const all = [...steps.values()].flatMap((r) => r.rpcs);
  figures.push(
    figure("RPCs per turn, mean over a conversation", all.reduce((a, b) => a + b, 0) / all.length, ""),
    // Only the steps this run reached: "time → hold (taken, again)" happens only when another patient takes the time first.
    figure("steps within 2 RPCs", [...steps.values()].filter((r) => r.rpcs.every((n) => n <= MAX_ROUND_TRIPS)).length, `of ${steps.size}`),
    figure("RPCs of the floor request", floorRpcs, ""),
  );
  return {
    figures,
    load: null,
    notes: [
      "the local gateway makes one round trip to Postgres per RPC of a function it has called before (three on the first call: begin; settings and lookup; call and commit); the figures count RPCs, i.e. the function's round trips to the database API",
    ],
    details: { perStep, floorRpcs, conversations: CONVERSATIONS },
  };
});
