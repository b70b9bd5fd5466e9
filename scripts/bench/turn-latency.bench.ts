/**
 * Turn latency through the whole function (HTTP, signature, begin_turn, flow, slot RPCs,
 * complete_turn): patients walk a realistic conversation (menu, book, confirm, list, question), one
 * message at a time. Prints p50/p95/p99 overall and per kind of turn, sequentially and with
 * several patients at once. Asserts nothing about speed.
 *
 * Uses the function at FUNCTION_URL (with CHANNEL_ID, CHANNEL_SECRET) when set, otherwise starts a
 * throw-away stack of its own.
 */
import { type FunctionTarget, randomPhone, sendAsPatient } from "../patient/client.ts";
import { percentile } from "./percentile.ts";
import { startIsolatedStack } from "../test/isolated-stack.ts";
import type { StackHandle } from "../stack/stack.ts";

/** Patients walked one after another; each conversation is CONVERSATION.length turns. */
const SEQUENTIAL_PATIENTS = 10;
/** Patients talking at the same time in the second round. */
const PARALLEL_PATIENTS = 10;
/** Untimed turns first, so Deno's module compilation and connection set-up are not counted. */
const WARMUP_PATIENTS = 1;
const PERCENTILES = [50, 95, 99] as const;

/** The conversation: [message, kind of turn]. Stays under the clinic's per-minute rate limit. */
const CONVERSATION: ReadonlyArray<readonly [string, string]> = [
  ["hi", "menu"],
  ["1", "menu choice"],
  ["2", "load free days"],
  ["1", "load free times"],
  ["1", "claim a slot"],
  ["1", "name"],
  ["1", "confirm booking"],
  ["2", "list appointments"],
  ["menu", "menu"],
  ["What are your opening hours?", "FAQ question"],
];

interface Sample {
  kind: string;
  ms: number;
}

async function converse(target: FunctionTarget, samples: Sample[] | null): Promise<void> {
  const phone = randomPhone();
  for (const [text, kind] of CONVERSATION) {
    const started = performance.now();
    const result = await sendAsPatient(target, { phone, text, pushName: "Bench Patient" });
    const ms = performance.now() - started;
    if (result.kind !== "answered" || result.body.response === null) {
      throw new Error(`"${text}" (${kind}) was not answered: ${JSON.stringify(result)}`);
    }
    samples?.push({ kind, ms });
  }
}

function line(label: string, values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const figures = PERCENTILES.map((p) => `p${p} ${percentile(sorted, p).toFixed(1)} ms`).join("  ");
  return `  ${label.padEnd(20)} n=${String(values.length).padStart(4)}  ${figures}`;
}

function report(title: string, samples: readonly Sample[], wallMs: number): void {
  console.log(`${title}: ${samples.length} turns in ${wallMs.toFixed(0)} ms = ${((samples.length / wallMs) * 1000).toFixed(1)} turns/s`);
  console.log(line("all turns", samples.map((s) => s.ms)));
  for (const kind of new Set(samples.map((s) => s.kind))) {
    console.log(line(kind, samples.filter((s) => s.kind === kind).map((s) => s.ms)));
  }
}

async function main(): Promise<void> {
  const { FUNCTION_URL, CHANNEL_ID, CHANNEL_SECRET } = process.env;
  let stack: StackHandle | null = null;
  let target: FunctionTarget;
  if (FUNCTION_URL && CHANNEL_ID && CHANNEL_SECRET) {
    target = { functionUrl: FUNCTION_URL, channelId: CHANNEL_ID, channelSecret: CHANNEL_SECRET };
  } else {
    stack = await startIsolatedStack(() => {});
    target = { functionUrl: stack.env.FUNCTION_URL, channelId: stack.env.CHANNEL_ID, channelSecret: stack.env.CHANNEL_SECRET };
  }
  try {
    for (let i = 0; i < WARMUP_PATIENTS; i += 1) await converse(target, null);

    const sequential: Sample[] = [];
    let started = performance.now();
    for (let i = 0; i < SEQUENTIAL_PATIENTS; i += 1) await converse(target, sequential);
    report("one patient at a time", sequential, performance.now() - started);

    const parallel: Sample[] = [];
    started = performance.now();
    await Promise.all(Array.from({ length: PARALLEL_PATIENTS }, () => converse(target, parallel)));
    report(`${PARALLEL_PATIENTS} patients at once`, parallel, performance.now() - started);
  } finally {
    await stack?.stop();
  }
}

await main();
