/** Shared test fixtures: a manual clock, a silent logger, temp directories, a fake function and bot dependencies. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import {
  deadLetterReportSchema,
  inboundMessageSchema,
  outboxAckRequestSchema,
  outboxClaimRequestSchema,
  type DeadLetterReport,
  type InboundMessage,
  type OutboxAckRequest,
  type OutboxMessage,
} from "../../shared/index.ts";
import type { BotDeps } from "../src/app.ts";
import type { BotConfig } from "../src/config.ts";
import type { Clock } from "../src/shared/clock.ts";
import { LOCK_FILE_NAME } from "../src/shared/pid-lock.ts";
import { bundledVersion } from "../src/whatsapp/wa-version.ts";
import { FakeSocketFactory } from "./fake-socket.ts";

export const silentLogger = pino({ level: "silent" });

/** Time advances only when the code under test sleeps; sleeping yields to other tasks once. */
export function manualClock(startMs = Date.now()): Clock & { advance(ms: number): void; slept: number[] } {
  let now = startMs;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * A clock that stands still until the test moves it: `sleep` resolves once `advance` has passed
 * its deadline (or its signal aborts). For tests about what happens while something waits.
 */
export function steppedClock(startMs = Date.now()): Clock & { advance(ms: number): Promise<void>; sleepers(): number } {
  let now = startMs;
  const sleepers = new Set<{ until: number; wake: () => void }>();
  return {
    now: () => now,
    sleepers: () => sleepers.size,
    advance: async (ms) => {
      now += ms;
      for (const sleeper of [...sleepers]) if (sleeper.until <= now) sleeper.wake();
      // Let the woken tasks run before the test looks.
      for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        const sleeper = {
          until: now + ms,
          wake: () => {
            sleepers.delete(sleeper);
            signal?.removeEventListener("abort", sleeper.wake);
            resolve();
          },
        };
        if (ms <= 0 || signal?.aborted) return resolve();
        sleepers.add(sleeper);
        signal?.addEventListener("abort", sleeper.wake, { once: true });
      }),
  };
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `bot-${prefix}-`));
  // Retried: a process that just stopped (PM2's daemon) may still be writing its last file.
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 5 }) };
}

/** Above Linux's largest pid_max (2^22), so no process ever has it: the pid of a killed bot. */
export const DEAD_PID = 4_194_305;

/**
 * What a killed bot leaves behind: its lock files, naming a pid that no longer runs. Tests that
 * abandon a bot without stop() call this before starting the next one on the same directories.
 */
export async function leaveLocksOfKilledBot(config: BotConfig): Promise<void> {
  for (const directory of [config.authDir, config.queueDir]) await writeFile(join(directory, LOCK_FILE_NAME), `${DEAD_PID}\n`);
}

export function testConfig(dir: string, overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    functionUrl: "http://function.test/functions/v1/whatsapp-webhook",
    channelId: "00000000-0000-4000-8000-000000000001",
    channelSecret: "test-secret",
    authDir: join(dir, "auth"),
    queueDir: join(dir, "queue"),
    healthPort: 0,
    healthHost: "127.0.0.1",
    healthToken: undefined,
    healthAllowedHosts: [],
    language: "en",
    alertWebhookUrl: undefined,
    logLevel: "silent",
    logPatientText: false,
    // No pacing unless a test asks for it: most tests are about something else.
    pacing: { gapMs: 0, chatGapMs: 0, dailyCap: 1_000 },
    ...overrides,
  };
}

/**
 * Everything startBot needs, faked: a fresh socket factory and function, a manual clock, fixed
 * jitter, a silent logger, and neither the outbox poller nor the HTTP server unless asked for.
 */
export function testBotDeps(config: BotConfig, overrides: Partial<Omit<BotDeps, "config">> = {}): BotDeps {
  return {
    config,
    socketFactory: new FakeSocketFactory().create,
    versionProvider: async () => bundledVersion(),
    fetch: new FakeFunction().fetch,
    clock: manualClock(),
    random: () => 0.5,
    logger: silentLogger,
    outbox: false,
    health: false,
    ...overrides,
  };
}

/** Postgres text refuses NUL, and UTF-8 cannot encode an unpaired surrogate. */
function storableInPostgres(text: string): boolean {
  return !text.includes("\u0000") && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

const CONVERSATION_ID = "11111111-1111-4111-8111-111111111111";

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
export type TurnAnswer = HttpAnswer | "network_error";

/** The error body the function answers with. */
export function errorAnswer(status: number, code: string, message = code): HttpAnswer {
  return { status, body: { success: false, error: { code, message } } };
}

/**
 * The function, faked at the fetch boundary: records every turn and answers with `answer`.
 * Checks the signature headers are present and the body matches the contract.
 */
export class FakeFunction {
  readonly turns: InboundMessage[] = [];
  readonly claims: number[] = [];
  /** Each claim's body as the function parsed it. */
  readonly claimRequests: Array<{ limit: number; pacedLimit?: number }> = [];
  readonly acks: OutboxAckRequest[] = [];
  readonly outbox: OutboxMessage[] = [];
  readonly reports: DeadLetterReport[] = [];
  /** How POST /dead-letter answers; like a function that does not serve it yet by default. */
  reportAnswer: (report: DeadLetterReport, attempt: number) => TurnAnswer = () => errorAnswer(404, "not_found", "no such route");
  /** How claims answer; the outbox rows by default. */
  claimAnswer: ((limit: number) => TurnAnswer) | undefined;
  answer: (message: InboundMessage, attempt: number) => TurnAnswer = (message) => ({
    status: 200,
    body: { success: true, conversationId: CONVERSATION_ID, response: `echo: ${message.message}`, duplicate: false },
  });
  /** Awaited before each turn answers, to simulate the function's own latency. */
  latency: () => Promise<void> = async () => undefined;
  inFlight = 0;
  maxInFlight = 0;
  private readonly attempts = new Map<string, number>();

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    if (!headers.get("x-signature")?.startsWith("sha256=") || !headers.get("x-timestamp") || !headers.get("x-channel-id")) {
      return Response.json({ success: false, error: { code: "unauthorized", message: "unsigned" } }, { status: 401 });
    }
    const body: unknown = JSON.parse(String(init?.body));
    if (url.endsWith("/outbox/claim")) {
      const { limit, pacedLimit } = outboxClaimRequestSchema.parse(body);
      this.claims.push(limit);
      this.claimRequests.push(pacedLimit === undefined ? { limit } : { limit, pacedLimit });
      if (this.claimAnswer) return this.respond(this.claimAnswer(limit));
      return Response.json({ messages: this.takeDue(limit, pacedLimit) });
    }
    if (url.endsWith("/dead-letter")) {
      const report = deadLetterReportSchema.parse(body);
      this.reports.push(report);
      return this.respond(this.reportAnswer(report, this.reports.filter((r) => r.messageId === report.messageId).length));
    }
    if (url.endsWith("/outbox/ack")) {
      const ack = outboxAckRequestSchema.parse(body);
      this.acks.push(ack);
      return Response.json({ success: true, id: ack.id, status: ack.status === "sent" ? "sent" : "pending" });
    }
    const message = inboundMessageSchema.parse(body);
    if (!storableInPostgres(message.message) || (message.pushName !== null && !storableInPostgres(message.pushName))) {
      // As the real function does: Postgres would refuse the text, so the request is invalid.
      return Response.json({ success: false, error: { code: "invalid_payload", message: "text Postgres cannot store" } }, { status: 400 });
    }
    const attempt = (this.attempts.get(message.messageId) ?? 0) + 1;
    this.attempts.set(message.messageId, attempt);
    this.turns.push(message);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.latency();
    } finally {
      this.inFlight -= 1;
    }
    return this.respond(this.answer(message, attempt));
  };

  /** As claim_outbox does: oldest first, at most `limit`, of which at most `pacedLimit` not staff replies. */
  private takeDue(limit: number, pacedLimit: number | undefined): OutboxMessage[] {
    const taken: OutboxMessage[] = [];
    let paced = 0;
    for (const message of [...this.outbox]) {
      if (taken.length === limit) break;
      const isPaced = message.kind !== "staff_reply";
      if (isPaced && pacedLimit !== undefined && paced === pacedLimit) continue;
      if (isPaced) paced += 1;
      taken.push(message);
      this.outbox.splice(this.outbox.indexOf(message), 1);
    }
    return taken;
  }

  private respond(answer: TurnAnswer): Response {
    if (answer === "network_error") throw new TypeError("fetch failed");
    return Response.json(answer.body, { status: answer.status, headers: answer.headers ?? {} });
  }
}
