/**
 * Delivers messages not caused by an inbound one (staff replies, reminders, notices): claim a
 * batch through the function, send each, acknowledge `sent` or `failed`. Polls again at once while
 * there is work, and backs off (jittered, capped) while idle or failing.
 *
 * Exactly-once is impossible across a crash; the window is kept small. Each id is appended
 * (fsync'd) to `<queue>/outbox-sent.log` right after WhatsApp accepted the message and before the
 * ack. If the ack is lost (crash, network), the row's claim expires and the function hands it out
 * again; an id found in the log is then acknowledged without being sent. What remains: a crash between WhatsApp accepting the message
 * and the log write (microseconds) leaves the row claimed but unrecorded; when its claim expires
 * the function hands it out again and it is sent twice.
 */
import type { Logger } from "pino";
import type { OutboxMessage } from "../../../shared/index.ts";
import { DEFAULT_OUTBOX_CLAIM } from "../../../shared/index.ts";
import type { BotStatus } from "../health/status.ts";
import type { CallOutcome, FunctionClient } from "../relay/function-client.ts";
import { RETRY_BACKOFF, backoffDelay, type BackoffPolicy } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";
import type { KeyLog } from "../shared/key-log.ts";

/** Idle polling: 2 s, growing to 30 s while nothing is pending. Reminders are not to-the-second. */
export const IDLE_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 30_000, factor: 2, jitter: 0.2 };
/** Ids of sent messages remembered for re-acks; far more than one claim's worth. */
export const SENT_LOG_CAPACITY = 5_000;
/** Longest error text sent in a `failed` ack (the contract allows 1,000). */
const MAX_ACK_ERROR_CHARS = 500;

export interface OutboxSender {
  /** Sends `text` and returns WhatsApp's id of the message sent (undefined if WhatsApp gave none). */
  sendText(chatJid: string, text: string, signal: AbortSignal): Promise<string | undefined>;
}

export interface OutboxPollerDeps {
  client: FunctionClient;
  sender: OutboxSender;
  sentLog: KeyLog;
  clock: Clock;
  random: () => number;
  status: BotStatus;
  logger: Logger;
  /** Sending only makes sense while linked; the poller waits while this is false. */
  isConnected(): boolean;
  /** Resolves once linked (or when `signal` aborts). */
  waitForConnection(signal: AbortSignal): Promise<void>;
  claimLimit?: number;
}

export type PollResult = { kind: "worked"; count: number } | { kind: "idle" } | { kind: "failed"; reason: string };

export class OutboxPoller {
  private readonly stopper = new AbortController();
  private loop: Promise<void> | undefined;
  /** Ids whose ack has not been confirmed yet (re-acked on the next poll), with WhatsApp's id of what was sent. */
  private readonly unacked = new Map<string, string | undefined>();

  constructor(private readonly deps: OutboxPollerDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the message in flight (send and ack), then stops. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  /** One claim → send → ack round. Exposed for tests. */
  async pollOnce(): Promise<PollResult> {
    const { client, logger } = this.deps;
    const stuck = await this.ackOutstanding();
    if (stuck !== null) return { kind: "failed", reason: `ack: ${stuck}` };
    const claim = await client.claimOutbox(this.deps.claimLimit ?? DEFAULT_OUTBOX_CLAIM);
    if (claim.kind !== "ok") return { kind: "failed", reason: `claim: ${claim.reason}` };
    const { messages } = claim.value;
    if (messages.length === 0) return { kind: "idle" };
    for (const message of messages) {
      if (this.stopper.signal.aborted) {
        // Claimed but not sent: the claim expires and the function hands it out again later.
        logger.info({ id: message.id }, "stopping: leaving a claimed outbox message for its claim to expire");
        continue;
      }
      await this.deliver(message);
    }
    return { kind: "worked", count: messages.length };
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const { sender, sentLog, status, logger } = this.deps;
    const log = logger.child({ outboxId: message.id, kind: message.kind });
    let waMessageId: string | undefined;
    if (!sentLog.has(message.id)) {
      try {
        waMessageId = await sender.sendText(message.chatJid, message.text, this.stopper.signal);
      } catch (error) {
        const reason = describeError(error).slice(0, MAX_ACK_ERROR_CHARS);
        status.count("outboxFailed");
        status.recordError(`outbox send: ${reason}`);
        log.warn({ err: reason }, "outbox send failed");
        await this.ack(message.id, "failed", reason);
        return;
      }
      await sentLog.add(message.id);
      status.count("outboxSent");
    } else {
      log.info("already sent before a restart; acknowledging without sending again");
    }
    this.unacked.set(message.id, waMessageId);
    // A failed ack stays outstanding: the next round re-sends it first and reports why it failed.
    await this.ack(message.id, "sent", undefined, waMessageId);
  }

  /** Re-sends acks that failed earlier: null when none is outstanding, else why one still fails. */
  private async ackOutstanding(): Promise<string | null> {
    for (const [id, waMessageId] of [...this.unacked]) {
      const acked = await this.ack(id, "sent", undefined, waMessageId);
      if (!acked.ok) return acked.reason;
    }
    return null;
  }

  /**
   * A retryable failure is returned, not logged: the poll round reports it once (run()). A rejection
   * is final and logged here, since nothing will try that ack again.
   */
  private async ack(id: string, outcome: "sent" | "failed", error?: string, waMessageId?: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const result: CallOutcome<unknown> = await this.deps.client.ackOutbox({
      id,
      status: outcome,
      ...(error === undefined ? {} : { error }),
      ...(waMessageId === undefined ? {} : { waMessageId }),
    });
    switch (result.kind) {
      case "ok":
        this.unacked.delete(id);
        return { ok: true };
      case "rejected":
        // The function will never accept this ack (e.g. the row is gone): nothing more to do.
        this.unacked.delete(id);
        this.deps.status.recordError(`outbox ack rejected: ${result.reason}`);
        this.deps.logger.error({ id, reason: result.reason }, "outbox ack rejected");
        return { ok: true };
      case "retry":
        return { ok: false, reason: result.reason };
      default:
        return assertNever(result);
    }
  }

  private async run(): Promise<void> {
    const { clock, random, logger } = this.deps;
    const signal = this.stopper.signal;
    let idleRounds = 0;
    let failedRounds = 0;
    while (!signal.aborted) {
      if (!this.deps.isConnected()) {
        await this.deps.waitForConnection(signal);
        continue;
      }
      let result: PollResult;
      try {
        result = await this.pollOnce();
      } catch (error) {
        result = { kind: "failed", reason: describeError(error) };
      }
      switch (result.kind) {
        case "worked":
          idleRounds = 0;
          failedRounds = 0;
          continue;
        case "idle":
          failedRounds = 0;
          await clock.sleep(backoffDelay(IDLE_BACKOFF, idleRounds++, random), signal);
          continue;
        case "failed":
          idleRounds = 0;
          logger.warn({ reason: result.reason }, "outbox poll failed");
          this.deps.status.recordError(`outbox: ${result.reason}`);
          await clock.sleep(backoffDelay(RETRY_BACKOFF, failedRounds++, random), signal);
          continue;
        default:
          return assertNever(result);
      }
    }
  }
}
