/**
 * The bot's relay overhead: time from a WhatsApp upsert on a fake socket (real `proto` messages)
 * to the reply sent on it, minus the time spent inside the function call (measured around each
 * fetch). What remains is the bot's own work: filter, fsync'd enqueue, signing, scheduling,
 * typing + send, fsync'd completion. The function is the stack's (FUNCTION_URL), or, run alone
 * without one, an in-process stand-in that answers at once.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { startBot, type Bot } from "../../bot/src/app.ts";
import { systemClock } from "../../bot/src/shared/clock.ts";
import { bundledVersion } from "../../bot/src/whatsapp/wa-version.ts";
import { FakeFunction, testConfig } from "../../bot/test/helpers.ts";
import { FakeSocketFactory, textMessage, type FakeSocket } from "../../bot/test/fake-socket.ts";
import { figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency, latencyLine } from "./support/stats.ts";

/** Messages relayed one after another (latency), then as many chats at once (throughput). */
const SEQUENTIAL_MESSAGES = sized(300, 50);
const CHATS = 50;
const PARALLEL_CHATS = 20;
const WARMUP_MESSAGES = 20;
/** A relay that takes longer than this is broken, not slow: fail instead of hanging the bench run. */
const STALL_DEADLINE_MS = 60_000;
const MS_PER_S = 1_000;

await runScenario("relay-overhead", "The bot's relay overhead (fake socket → reply sent, minus the function's time)", async () => {
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
  const dir = await mkdtemp(join(tmpdir(), "bench-relay-"));
  const sockets = new FakeSocketFactory();
  let bot: Bot | undefined;
  try {
    bot = await startBot({
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
    const running = bot;
    const socket: FakeSocket = sockets.latest;
    socket.open();

    const idle = async (what: string): Promise<void> => {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} stalled: ${running.status.snapshot().lastError ?? "no error recorded"}`)), STALL_DEADLINE_MS);
      });
      try {
        await Promise.race([running.idle(), stalled]);
      } finally {
        clearTimeout(timer);
      }
    };
    /** Relays one message; [upsert → reply sent, inside the function call] in ms. */
    const relayOne = async (chat: number, index: number): Promise<[number, number]> => {
      const sentBefore = socket.sent.length;
      const fetchBefore = fetchMs;
      const started = performance.now();
      socket.upsert([textMessage({ chatJid: `1555800${String(chat).padStart(4, "0")}@s.whatsapp.net`, text: "hi", id: `BENCH${Date.now()}x${index}` })]);
      await idle(`message ${index}`);
      const total = performance.now() - started;
      if (socket.sent.length !== sentBefore + 1) throw new Error(`message ${index} got no reply (dead letters: ${running.queue.deadCount}, last error: ${running.status.snapshot().lastError})`);
      return [total, fetchMs - fetchBefore];
    };

    for (let i = 0; i < WARMUP_MESSAGES; i += 1) await relayOne(i % CHATS, i);
    const totals: number[] = [];
    const inFunction: number[] = [];
    const overhead: number[] = [];
    for (let i = 0; i < SEQUENTIAL_MESSAGES; i += 1) {
      const [total, fn] = await relayOne(i % CHATS, WARMUP_MESSAGES + i);
      totals.push(total);
      inFunction.push(fn);
      overhead.push(total - fn);
    }
    const burstStarted = performance.now();
    const sentBefore = socket.sent.length;
    for (let i = 0; i < PARALLEL_CHATS; i += 1) {
      socket.upsert([textMessage({ chatJid: `1555700${String(i).padStart(4, "0")}@s.whatsapp.net`, text: "hi", id: `BURST${Date.now()}x${i}` })]);
    }
    await idle("the burst");
    const burstMs = performance.now() - burstStarted;
    const burstReplies = socket.sent.length - sentBefore;

    const relay = latency(overhead);
    const call = latency(inFunction);
    const whole = latency(totals);
    console.log(`upsert → reply sent        ${latencyLine(whole)}`);
    console.log(`inside the function call   ${latencyLine(call)}`);
    console.log(`relay overhead             ${latencyLine(relay)}`);
    return {
      figures: [
        figure("relay overhead p50", relay.p50, "ms"),
        figure("relay overhead p95", relay.p95, "ms"),
        figure("relay overhead p99", relay.p99, "ms"),
        figure("function call p50 (subtracted)", call.p50, "ms"),
        figure(`burst of ${PARALLEL_CHATS} chats: replies/s`, (burstReplies / burstMs) * MS_PER_S, "/s"),
      ],
      load: null,
      notes: [
        `function: ${real ? process.env.FUNCTION_URL : "in-process stand-in (answers at once)"}; queue on ${tmpdir()} (fsync per message)`,
      ],
      details: { messages: SEQUENTIAL_MESSAGES, endToEnd: whole, functionCall: call, overhead: relay, burst: { chats: PARALLEL_CHATS, replies: burstReplies, ms: burstMs } },
    };
  } finally {
    await bot?.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
