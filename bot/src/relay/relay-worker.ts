/**
 * Processes one queued job: relay to the function (retrying transient failures with back-off),
 * show "typing", send the reply to the same chat, mark the message read, and only then remove it
 * from the queue. Rejections (4xx) and messages too old to answer become dead letters; the
 * patient then gets an apology in their chat, in order with their other messages (at most one per
 * APOLOGY_COOLDOWN_MS per chat), and dead-letter-follow-up.ts alerts the operator and reports it to
 * the function. A 401 is a configuration fault, not the message's: it waits, retried slowly
 * (CONFIG_FAULT_BACKOFF) for as long as it takes, and is never dead-lettered.
 *
 * Delivery is at-least-once: a crash after the reply is sent but before the queue file is removed
 * relays the message again on restart; the function answers the repeated messageId with
 * `duplicate: true` and the reply it already computed, which is then sent a second time.
 */
import type { Logger } from "pino";
import { CONFIG_FAULT_BACKOFF, RETRY_BACKOFF, backoffDelay } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";
import type { BotStatus } from "../health/status.ts";
import type { BotReplies } from "../whatsapp/replies/index.ts";
import { initialFollowUp } from "./dead-letter-follow-up.ts";
import type { CallOutcome, FunctionClient } from "./function-client.ts";
import type { InboundQueue } from "./inbound-queue.ts";
import type { QueueItem, StoredMessageKey } from "./queue-item.ts";

/** A message nobody could answer within this long is dead-lettered: a reply hours late confuses. */
export const MAX_RELAY_AGE_MS = 60 * 60_000;
/** A patient whose messages keep failing gets one apology in this long, not one per message. */
export const APOLOGY_COOLDOWN_MS = 6 * 60 * 60_000;

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
  /** The bot's own texts in the clinic's language (the apology). */
  replies: BotReplies;
  /** Whether ALERT_WEBHOOK_URL is set, so a dead letter's alert is pending. */
  alerting: boolean;
  /** Told about each new dead letter (alert and report run there). */
  onDeadLetter(): void;
  /**
   * Before a message is relayed: the outbox's acks of what it sent to that chat, or as the quoted
   * message, not yet confirmed (OutboxPoller.ackBeforeRelay), so the function reads the message
   * with them: which alert a staff member answers, the state a reminder set.
   */
  ackBeforeRelay(inbound: { chatJid: string; quotedMessageId: string | undefined }): Promise<CallOutcome<void>>;
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
    let transientRetries = 0;
    let faultRetries = 0;
    for (let attempts = 0; ; attempts += 1) {
      // The first attempt always runs, so a job started before shutdown is finished; only retries stop.
      if (attempts > 0 && signal.aborted) return { kind: "interrupted" };
      const outcome = await attempt();
      switch (outcome.kind) {
        case "ok":
          return { kind: "done", value: outcome.value };
        case "rejected":
          return { kind: "dead", reason: `${what}: ${outcome.reason}` };
        case "unauthorized": {
          // Not this message's fault: the signing observer shows and logs it once; the message waits.
          status.count("relayRetries");
          const delayMs = backoffDelay(CONFIG_FAULT_BACKOFF, faultRetries++, random);
          deps.logger.debug({ chatJid: item.chatJid, seq: item.seq, delayMs }, `${what} refused (401); waiting for the configuration to be fixed`);
          await clock.sleep(delayMs, signal);
          break;
        }
        case "retry": {
          status.count("relayRetries");
          status.recordError(`${what}: ${outcome.reason}`);
          if (clock.now() - item.receivedAtMs > MAX_RELAY_AGE_MS) {
            return { kind: "dead", reason: `${what}: gave up after ${attempts + 1} attempts: ${outcome.reason}` };
          }
          const delayMs = backoffDelay(RETRY_BACKOFF, transientRetries++, random);
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
        const inbound = { chatJid: job.payload.chatJid, quotedMessageId: job.payload.quoted?.messageId };
        const acked = await withRetries(item, "outbox ack before the relay", () => deps.ackBeforeRelay(inbound));
        if (acked.kind !== "done") return acked;
        const turn = await withRetries(item, "function", () => client.postTurn(job.payload));
        if (turn.kind !== "done") return turn;
        status.count("relayed");
        return { kind: "done", value: turn.value.response };
      }
      default:
        return assertNever(job);
    }
  }

  /** Whether this chat got an apology within APOLOGY_COOLDOWN_MS (dead letters record them). */
  function apologisedRecently(chatJid: string): boolean {
    const since = clock.now() - APOLOGY_COOLDOWN_MS;
    return queue.deadLetters().some((dead) => dead.item.chatJid === chatJid && dead.followUp?.apology === "queued" && dead.atMs >= since);
  }

  /**
   * Dead-letters `item`. A patient's message (not the bot's own notice) gets an apology, queued in
   * the chat and sent right here, before the chat's next message; the rest is followed up elsewhere.
   */
  async function giveUp(item: QueueItem, reason: string, log: Logger): Promise<void> {
    const reportable = item.job.kind === "relay";
    const apologyState = !reportable ? "none" : apologisedRecently(item.chatJid) ? "recent" : "queued";
    await queue.deadLetter(item, reason, initialFollowUp({ apology: apologyState, reportable, alerting: deps.alerting, nowMs: clock.now() }));
    status.count("deadLettered");
    status.recordError(`dead letter: ${reason}`);
    log.error({ reason }, "dead-lettered");
    deps.onDeadLetter();
    if (apologyState !== "queued") return;
    const apology = await queue.enqueue({
      // Per dead-lettering (the seq), so a message retried by the operator and given up on again
      // can be apologised for again.
      dedupeKey: `${item.dedupeKey}|apology|${item.seq}`,
      chatJid: item.chatJid,
      messageKey: item.messageKey,
      job: { kind: "notice", text: deps.replies.deadLetterApology },
    });
    if (!apology) return;
    status.count("deadLetterApologies");
    await processItem(apology);
  }

  async function processItem(item: QueueItem): Promise<void> {
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
        await giveUp(item, outcome.reason, log);
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
  }

  return processItem;
}
