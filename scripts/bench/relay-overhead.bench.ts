/**
 * The bot's relay overhead: time from a WhatsApp upsert on a fake socket to the reply sent on it,
 * minus the time spent inside the function call (measured around each fetch). What remains is the
 * bot's own work: filter, fsync'd enqueue, signing, scheduling, typing + send, fsync'd completion.
 *
 * Uses the function at FUNCTION_URL (with CHANNEL_ID, CHANNEL_SECRET) when set, otherwise an
 * in-process stand-in that answers at once. Prints figures; asserts nothing about speed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startBot } from "../../bot/src/app.ts";
import { systemClock } from "../../bot/src/shared/clock.ts";
import { bundledVersion } from "../../bot/src/whatsapp/wa-version.ts";
import { FakeFunction, testConfig } from "../../bot/test/helpers.ts";
import { FakeSocketFactory, textMessage } from "../../bot/test/fake-socket.ts";
import { percentile } from "./percentile.ts";

/** Messages relayed one after another (latency), then as many chats at once (throughput). */
const SEQUENTIAL_MESSAGES = 200;
const PARALLEL_CHATS = 20;
const WARMUP_MESSAGES = 10;
const PERCENTILES = [50, 95, 99] as const;
/** A relay that takes longer than this is broken, not slow: fail instead of hanging the bench run. */
const STALL_DEADLINE_MS = 60_000;

async function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} stalled for ${STALL_DEADLINE_MS / 1000} s: ${bot.status.snapshot().lastError ?? "no error recorded"}`)), STALL_DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

const real = Boolean(process.env.FUNCTION_URL && process.env.CHANNEL_ID && process.env.CHANNEL_SECRET);
const fake = new FakeFunction();
let fetchMs = 0;
const timedFetch: typeof fetch = async (input, init) => {
  const started = performance.now();
  try {
    return await (real ? fetch(input, init) : fake.fetch(input, init));
  } finally {
    fetchMs += performance.now() - started;
  }
};

function summary(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const parts = PERCENTILES.map((p) => `p${p} ${percentile(sorted, p).toFixed(2)} ms`);
  console.log(`${label.padEnd(34)} n=${samples.length}  mean ${mean.toFixed(2)} ms  ${parts.join("  ")}`);
}

const dir = await mkdtemp(join(tmpdir(), "bench-relay-"));
const sockets = new FakeSocketFactory();
const bot = await startBot({
  config: testConfig(dir, {
    functionUrl: process.env.FUNCTION_URL ?? "http://function.bench/functions/v1/whatsapp-webhook",
    channelId: process.env.CHANNEL_ID ?? "bench",
    channelSecret: process.env.CHANNEL_SECRET ?? "bench",
  }),
  socketFactory: sockets.create,
  versionProvider: async () => bundledVersion(),
  fetch: timedFetch,
  clock: systemClock,
  random: Math.random,
  // BENCH_LOG_LEVEL=warn shows why a run stalls (e.g. the function answering 503).
  logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? "silent" }),
  outbox: false,
  health: false,
});
const socket = sockets.latest;
socket.open();

/** Relays one message and returns [end-to-end ms, function ms]. */
async function relayOne(chatJid: string, index: number): Promise<[number, number]> {
  const sentBefore = socket.sent.length;
  const fetchBefore = fetchMs;
  const started = performance.now();
  socket.upsert([textMessage({ chatJid, text: "hi", id: `BENCH${Date.now()}x${index}` })]);
  await withDeadline(bot.idle(), `message ${index}`);
  const total = performance.now() - started;
  if (socket.sent.length !== sentBefore + 1) throw new Error(`message ${index} got no reply (dead letters: ${bot.queue.deadCount}, last error: ${bot.status.snapshot().lastError})`);
  return [total, fetchMs - fetchBefore];
}

try {
  console.log(`function: ${real ? process.env.FUNCTION_URL : "in-process stand-in (answers at once)"}; queue on ${tmpdir()}`);
  for (let i = 0; i < WARMUP_MESSAGES; i += 1) await relayOne(`1555900${String(i).padStart(4, "0")}@s.whatsapp.net`, i);

  const totals: number[] = [];
  const functionTimes: number[] = [];
  const overheads: number[] = [];
  for (let i = 0; i < SEQUENTIAL_MESSAGES; i += 1) {
    const [total, inFunction] = await relayOne(`1555800${String(i % 50).padStart(4, "0")}@s.whatsapp.net`, WARMUP_MESSAGES + i);
    totals.push(total);
    functionTimes.push(inFunction);
    overheads.push(total - inFunction);
  }
  summary("upsert → reply sent", totals);
  summary("inside the function call", functionTimes);
  summary("relay overhead (difference)", overheads);

  const burstStarted = performance.now();
  const sentBefore = socket.sent.length;
  for (let i = 0; i < PARALLEL_CHATS; i += 1) {
    socket.upsert([textMessage({ chatJid: `1555700${String(i).padStart(4, "0")}@s.whatsapp.net`, text: "hi", id: `BURST${Date.now()}x${i}` })]);
  }
  await withDeadline(bot.idle(), "the burst");
  const burstMs = performance.now() - burstStarted;
  console.log(`burst of ${PARALLEL_CHATS} chats at once: ${(socket.sent.length - sentBefore)} replies in ${burstMs.toFixed(1)} ms (${((PARALLEL_CHATS / burstMs) * 1000).toFixed(0)} msg/s)`);
} catch (error) {
  console.error(`relay-overhead: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await bot.stop();
  await rm(dir, { recursive: true, force: true });
}
