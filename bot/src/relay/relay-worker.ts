/**
 * Processes one queued job: relay to the function (retrying transient failures with back-off),
 * show "typing", send the reply to the same chat, mark the message read, and only then remove it
 * from the queue. Rejections (4xx) and messages too old to answer become dead letters.
 *
 * Delivery is at-least-once: a crash after the reply is sent but before the queue file is removed
 * relays the message again on restart; the function answers the repeated messageId with
 * `duplicate: true` and the reply it already computed, which is then sent a second time.
 */
import type { Logger } from "pino";
import { RETRY_BACKOFF, backoffDelay } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";
import type { BotStatus } from "../health/status.ts";
import type { CallOutcome, FunctionClient } from "./function-client.ts";
import type { InboundQueue } from "./inbound-queue.ts";
import type { QueueItem, StoredMessageKey } from "./queue-item.ts";

/** A message nobody could answer within this long is dead-lettered: a reply hours late confuses. */
export const MAX_RELAY_AGE_MS = 60 * 60_000;

/** What the relay needs from the WhatsApp side. */
export interface ChatSender {
  /** Shows "typing", then sends `text` to `chatJid`; waits for the socket to be open. Throws on failure. */
  sendReply(chatJid: string, text: string, signal: AbortSignal): Promise<void>;
  /** Blue ticks for a message we answered. */
  markRead(key: StoredMessageKey): Promise<void>;
}

export interface RelayWorkerDeps {
  queue: InboundQueue;
  client: FunctionClient;
  sender: ChatSender;
  clock: Clock;
  random: () => number;
  status: BotStatus;
  logger: Logger;
  /** Shutdown: cuts retry waits short and stops retrying; the job then stays queued. */
  signal: AbortSignal;
}

type Step<T> = { kind: "done"; value: T } | { kind: "dead"; reason: string } | { kind: "interrupted" };

export function createRelayWorker(deps: RelayWorkerDeps): (item: QueueItem) => Promise<void> {
  const { queue, client, sender, clock, random, status, signal } = deps;

  /** Repeats `attempt` with back-off until it succeeds, is rejected, the item expires or we stop. */
  async function withRetries<T>(
    item: QueueItem,
    what: string,
    attempt: () => Promise<CallOutcome<T>>,
  ): Promise<Step<T>> {
    for (let retry = 0; ; retry += 1) {
      // The first attempt always runs, so a job started before shutdown is finished; only retries stop.
      if (retry > 0 && signal.aborted) return { kind: "interrupted" };
      const outcome = await attempt();
      switch (outcome.kind) {
        case "ok":
          return { kind: "done", value: outcome.value };
        case "rejected":
          return { kind: "dead", reason: `${what}: ${outcome.reason}` };
        case "retry": {
          status.count("relayRetries");
          status.recordError(`${what}: ${outcome.reason}`);
          if (clock.now() - item.receivedAtMs > MAX_RELAY_AGE_MS) {
            return { kind: "dead", reason: `${what}: gave up after ${retry + 1} attempts: ${outcome.reason}` };
          }
          const delayMs = backoffDelay(RETRY_BACKOFF, retry, random);
          deps.logger.warn({ chatJid: item.chatJid, seq: item.seq, delayMs, reason: outcome.reason }, `${what} failed; retrying`);
          await clock.sleep(delayMs, signal);
          break;
        }
        default:
          return assertNever(outcome);
      }
    }
  }

  async function send(item: QueueItem, text: string): Promise<Step<void>> {
    return withRetries(item, "send", async () => {
      try {
        await sender.sendReply(item.chatJid, text, signal);
        return { kind: "ok", value: undefined };
      } catch (error) {
        return { kind: "retry", reason: describeError(error) };
      }
    });
  }

  async function replyFor(item: QueueItem): Promise<Step<string | null>> {
    const { job } = item;
    switch (job.kind) {
      case "notice":
        return { kind: "done", value: job.text };
      case "relay": {
        const turn = await withRetries(item, "function", () => client.postTurn(job.payload));
        if (turn.kind !== "done") return turn;
        status.count("relayed");
        return { kind: "done", value: turn.value.response };
      }
      default:
        return assertNever(job);
    }
  }

  return async (item) => {
    const log = deps.logger.child({ chatJid: item.chatJid, seq: item.seq, job: item.job.kind });
    const reply = await replyFor(item);
    let outcome: Step<unknown> = reply;
    if (reply.kind === "done" && reply.value !== null) {
      outcome = await send(item, reply.value);
      if (outcome.kind === "done") status.count("replied");
    }
    switch (outcome.kind) {
      case "interrupted":
        log.info("stopping: left in the queue for the next start");
        return;
      case "dead":
        await queue.deadLetter(item, outcome.reason);
        status.count("deadLettered");
        status.recordError(`dead letter: ${outcome.reason}`);
        log.error({ reason: outcome.reason }, "dead-lettered");
        return;
      case "done":
        await queue.complete(item);
        try {
          await sender.markRead(item.messageKey);
        } catch (error) {
          // Read receipts are cosmetic; the reply was delivered, so this is not worth a retry.
          log.warn({ err: describeError(error) }, "could not mark the message read");
        }
        return;
      default:
        return assertNever(outcome);
    }
  };
}
