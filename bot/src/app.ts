/**
 * Wires one bot: durable queue, relay workers, dead-letter follow-up, WhatsApp lifecycle, paced
 * outbox poller, operator alerts and /health. Every edge (socket factory, fetch, clock, randomness,
 * directories) is passed in, so tests and the end-to-end run use the same wiring as production
 * with a fake socket.
 */
import { join, resolve } from "node:path";
import type { Logger } from "pino";
import { createAlertWebhook } from "./alerts/alert-webhook.ts";
import type { BotConfig } from "./config.ts";
import { startHealthServer, type HealthServer } from "./health/server.ts";
import { BotStatus } from "./health/status.ts";
import { OutboxPoller, SENT_LOG_CAPACITY } from "./outbox/outbox-poller.ts";
import { SendHistory } from "./outbox/send-history.ts";
import { ChatScheduler } from "./relay/chat-scheduler.ts";
import { DeadLetterFollowUp, describeFollowUp } from "./relay/dead-letter-follow-up.ts";
import { createFunctionClient, type FunctionClient, type SignatureObserver } from "./relay/function-client.ts";
import { InboundQueue } from "./relay/inbound-queue.ts";
import type { QueueItem } from "./relay/queue-item.ts";
import { createRelayWorker } from "./relay/relay-worker.ts";
import { systemClock, type Clock } from "./shared/clock.ts";
import { describeError } from "./shared/errors.ts";
import { KeyLog } from "./shared/key-log.ts";
import { lockDirectory, type PidLock } from "./shared/pid-lock.ts";
import { makeTreePrivate } from "./shared/private-files.ts";
import { createInboundHandler, type InboundHandler } from "./whatsapp/inbound-handler.ts";
import { repliesFor } from "./whatsapp/replies/index.ts";
import { SocketLifecycle } from "./whatsapp/socket-lifecycle.ts";
import type { SocketFactory } from "./whatsapp/socket-types.ts";
import type { VersionProvider } from "./whatsapp/wa-version.ts";

/** SIGTERM waits this long for work in flight; PM2's kill_timeout must be longer (ecosystem.config.cjs). */
export const DRAIN_TIMEOUT_MS = 20_000;

export interface BotDeps {
  config: BotConfig;
  socketFactory: SocketFactory;
  versionProvider: VersionProvider;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** Skip the outbox poller (unit tests that do not serve /outbox). */
  outbox?: boolean;
  /** Skip the HTTP server (unit tests). */
  health?: boolean;
}

export interface Bot {
  status: BotStatus;
  queue: InboundQueue;
  client: FunctionClient;
  lifecycle: SocketLifecycle;
  outbox: OutboxPoller;
  followUp: DeadLetterFollowUp;
  health: HealthServer | undefined;
  /** Puts dead letters back in the queue and relays them, oldest first (the /health "Retry"). */
  retryDeadLetters(selection: "all" | readonly number[]): Promise<number>;
  /** Resolves when every received upsert is stored and no chat has work left. */
  idle(): Promise<void>;
  /** Stops taking work, finishes what is in flight (up to DRAIN_TIMEOUT_MS), closes everything. */
  stop(): Promise<void>;
}

/**
 * Locks AUTH_DIR and QUEUE_DIR for this bot (one lock when they are the same directory), or throws
 * BotError `directory_locked` naming the variable, before anything reads the session or the queue.
 */
function lockBotDirectories(config: BotConfig): PidLock[] {
  const locks = [lockDirectory(config.authDir, "AUTH_DIR")];
  try {
    if (resolve(config.queueDir) !== resolve(config.authDir)) locks.push(lockDirectory(config.queueDir, "QUEUE_DIR"));
  } catch (error) {
    for (const lock of locks) lock.release();
    throw error;
  }
  return locks;
}

export async function startBot(deps: BotDeps): Promise<Bot> {
  const locks = lockBotDirectories(deps.config);
  const releaseLocks = (): void => {
    for (const lock of locks) lock.release();
  };
  for (const lock of locks) if (lock.tookOverStale) deps.logger.warn({ lockFile: lock.file }, "took over the lock of a bot that did not stop cleanly");
  try {
    return await startLocked(deps, releaseLocks);
  } catch (error) {
    releaseLocks();
    throw error;
  }
}

async function startLocked(deps: BotDeps, releaseLocks: () => void): Promise<Bot> {
  const { config, clock, random, logger } = deps;
  for (const [variable, directory] of [["AUTH_DIR", config.authDir], ["QUEUE_DIR", config.queueDir]] as const) {
    const changed = await makeTreePrivate(directory);
    if (changed > 0) logger.warn({ [variable]: directory, changed }, "made the session and queue files readable by this user only (0600 files, 0700 folders)");
  }
  const replies = repliesFor(config.language);
  const status = new BotStatus(clock);
  const queue = await InboundQueue.open(config.queueDir, clock);
  const stopping = new AbortController();
  const alerts = createAlertWebhook({ url: config.alertWebhookUrl, channelId: config.channelId, fetch: deps.fetch, clock, random, status, logger: logger.child({ module: "alerts" }) });

  let followUp: DeadLetterFollowUp | undefined;
  const observer: SignatureObserver = {
    unauthorized(reason) {
      status.count("functionUnauthorized");
      if (!status.setConfigFault(reason)) return;
      logger.error({ reason }, "the function refuses the bot's requests (401): a configuration fault; messages stay queued and are retried slowly");
      void alerts.send({ event: "function_unauthorized", reason }, stopping.signal);
    },
    accepted() {
      if (status.clearConfigFault()) logger.info("the function accepts the bot's requests again");
      followUp?.functionReachable();
    },
  };
  const client = createFunctionClient({
    functionUrl: config.functionUrl,
    channelId: config.channelId,
    channelSecret: config.channelSecret,
    fetch: deps.fetch,
    clock,
    observer,
  });
  followUp = new DeadLetterFollowUp({ queue, client, alerts, clock, random, status, logger: logger.child({ module: "dead-letters" }) });
  const deadLetters = followUp;
  status.useQueueStats(() => {
    const nowMs = clock.now();
    return {
      depth: queue.depth,
      deadCount: queue.deadCount,
      latestDeadLetters: queue.latestDeadLetters().map((d) => ({ seq: d.item.seq, reason: d.reason, atMs: d.atMs, chatJid: d.item.chatJid, followUp: describeFollowUp(d.followUp, nowMs) })),
      reportsPending: queue.deadLetters().filter((d) => d.followUp?.report === "pending").length,
    };
  });

  let inbound: InboundHandler | undefined;
  let outboxPoller: OutboxPoller | undefined;
  const lifecycle = new SocketLifecycle({
    authDir: config.authDir,
    socketFactory: deps.socketFactory,
    versionProvider: deps.versionProvider,
    clock,
    random,
    status,
    logger: logger.child({ module: "whatsapp" }),
    alerts,
    logPatientText: config.logPatientText,
    onUpsert: (socket, upsert) => inbound?.(socket, upsert),
  });
  const worker = createRelayWorker({
    queue,
    client,
    sender: lifecycle,
    clock,
    random,
    status,
    logger: logger.child({ module: "relay" }),
    replies,
    alerting: alerts.configured,
    onDeadLetter: () => deadLetters.wake(),
    // The poller is made below (after awaits): a message resumed from the last run may be relayed
    // first, when nothing of this run's is unacknowledged yet.
    ackBeforeRelay: async (inbound) => (outboxPoller === undefined ? { kind: "ok", value: undefined } : outboxPoller.ackBeforeRelay(inbound)),
    signal: stopping.signal,
  });
  const scheduler = new ChatScheduler<QueueItem>(worker, (error, item) => {
    status.recordError(`relay: ${describeError(error)}`);
    logger.error({ err: describeError(error), chatJid: item.chatJid, seq: item.seq }, "relay job failed; it stays queued for the next start");
  });
  inbound = createInboundHandler({
    queue,
    clock,
    status,
    logger: logger.child({ module: "inbound" }),
    replies,
    logPatientText: config.logPatientText,
    schedule: (item) => scheduler.schedule(item.chatJid, item),
  });

  // Resume what a previous run left queued, in arrival order.
  const leftover = queue.pending();
  if (leftover.length > 0) logger.info({ count: leftover.length }, "resuming queued messages from the previous run");
  for (const item of leftover) scheduler.schedule(item.chatJid, item);

  const retryDeadLetters = async (selection: "all" | readonly number[]): Promise<number> => {
    const retried = await queue.retryDeadLetters(selection);
    for (const item of retried) scheduler.schedule(item.chatJid, item);
    status.changed();
    return retried.length;
  };

  const sentLog = await KeyLog.open(join(config.queueDir, "outbox-sent.log"), SENT_LOG_CAPACITY);
  const history = await SendHistory.open(join(config.queueDir, "paced-sends.json"));
  const outbox = new OutboxPoller({
    client,
    sender: lifecycle,
    sentLog,
    history,
    pacing: config.pacing,
    alerts,
    clock,
    random,
    status,
    logger: logger.child({ module: "outbox" }),
    isConnected: () => status.connectionState === "open",
    waitForConnection: (signal) =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          unsubscribe();
          signal.removeEventListener("abort", done);
          resolve();
        };
        const unsubscribe = status.onChange(() => {
          if (status.connectionState === "open") done();
        });
        signal.addEventListener("abort", done, { once: true });
        if (signal.aborted || status.connectionState === "open") done();
      }),
  });
  outboxPoller = outbox;
  status.usePacingStats(() => outbox.pacingStats());

  const health =
    deps.health === false
      ? undefined
      : await startHealthServer(
          {
            status,
            clock,
            random,
            logger: logger.child({ module: "health" }),
            token: config.healthToken,
            allowedHosts: config.healthAllowedHosts,
            requestNewPairing: () => lifecycle.requestNewPairing(),
            unlink: () => lifecycle.unlink(),
            retryDeadLetters,
          },
          config.healthHost,
          config.healthPort,
        );

  await lifecycle.start();
  if (deps.outbox !== false) outbox.start();
  followUp.start();

  const inboundHandler = inbound;
  return {
    status,
    queue,
    client,
    lifecycle,
    outbox,
    followUp,
    health,
    retryDeadLetters,
    idle: async () => {
      await inboundHandler.settled();
      await scheduler.idle();
    },
    stop: async () => {
      logger.info("stopping: finishing work in flight; the rest stays queued on disk");
      // Cut retry waits short first: a job waiting to retry is not in flight, it stays queued.
      stopping.abort();
      const drained = Promise.all([inboundHandler.settled(), scheduler.stop(), outbox.stop(), deadLetters.stop()]);
      const timeout = new AbortController();
      // Wall time on purpose: the deadline is PM2's kill_timeout, which no injected clock bends.
      const timedOut = systemClock.sleep(DRAIN_TIMEOUT_MS, timeout.signal).then(() => "timeout" as const);
      const result = await Promise.race([drained.then(() => "drained" as const), timedOut]);
      timeout.abort();
      if (result === "timeout") logger.warn({ timeoutMs: DRAIN_TIMEOUT_MS }, "drain timed out; unfinished messages stay queued");
      try {
        await lifecycle.stop();
        await health?.close();
      } finally {
        releaseLocks();
      }
    },
  };
}
