/**
 * Delivers messages not caused by an inbound one (staff replies, reminders, notices, alerts): claim
 * a batch through the function, send each, acknowledge `sent` (with WhatsApp's id of the message)
 * or `failed`. A staff reply goes out at once; every other kind, known or not, is paced
 * (pacing.ts): it waits in memory for its slot, with "typing" first, and the claim never takes
 * more of them than can go out within the claim's lease. Polls again at once while there is work,
 * and backs off (jittered, capped) while idle or failing.
 *
 * Exactly-once is impossible across a crash; the window is kept small. Each id is appended
 * (fsync'd) to `<queue>/outbox-sent.log`, with WhatsApp's id of the message, right after WhatsApp
 * accepted the message and before the ack. If the ack is lost (crash, network), the row's claim
 * expires and the function hands it out again; an id found in the log is then acknowledged without
 * being sent. What remains: a crash between WhatsApp accepting the message and the log write
 * (microseconds) leaves the row claimed but unrecorded; it is sent twice after its claim expires.
 * Paced messages still waiting at a stop are not acknowledged: their claim expires and the next
 * run gets them again.
 */
import type { Logger } from "pino";
import type { OutboxMessage } from "../../../shared/index.ts";
import { DEFAULT_OUTBOX_CLAIM } from "../../../shared/index.ts";
import type { AlertSink } from "../alerts/alert-webhook.ts";
import type { PacingConfig } from "../config.ts";
import type { BotStatus, PacingStats } from "../health/status.ts";
import type { CallOutcome, FunctionClient } from "../relay/function-client.ts";
import { CONFIG_FAULT_BACKOFF, RETRY_BACKOFF, backoffDelay, type BackoffPolicy } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";
import type { KeyLog } from "../shared/key-log.ts";
import { capResumesAt, claimCapacity, isPaced, nextClaimAt, projectSlots, sentInWindow, slotFor, typingMs } from "./pacing.ts";
import type { SendHistory } from "./send-history.ts";

/** Idle polling: 2 s, growing to 30 s while nothing is pending. Reminders are not to-the-second. */
export const IDLE_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 30_000, factor: 2, jitter: 0.2 };
/** Ids of sent messages remembered for re-acks; far more than one claim's worth. */
export const SENT_LOG_CAPACITY = 5_000;
/** Longest error text sent in a `failed` ack (the contract allows 1,000). */
const MAX_ACK_ERROR_CHARS = 500;
const MS_PER_S = 1_000;

export interface OutboxSender {
  /**
   * Sends `text` to `chatJid`, showing "typing" for `typingMs` first when given, and returns
   * WhatsApp's id of the message sent (undefined if WhatsApp gave none). Throws on failure.
   */
  sendText(chatJid: string, text: string, options: { typingMs?: number }, signal: AbortSignal): Promise<string | undefined>;
}

export interface OutboxPollerDeps {
  client: FunctionClient;
  sender: OutboxSender;
  sentLog: KeyLog;
  history: SendHistory;
  pacing: PacingConfig;
  alerts: AlertSink;
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

export type PollResult =
  | { kind: "worked"; count: number }
  | { kind: "idle" }
  /** Pacing let no proactive message be claimed now (nor was a staff reply waiting); `untilMs` is when one may be, if time alone decides. */
  | { kind: "paused"; untilMs: number | null }
  | { kind: "failed"; reason: string; configFault: boolean };

interface PacedEntry {
  message: OutboxMessage;
  /** Drawn once in [0, 1), so the message's slot does not move between looks. */
  jitter: number;
}

export class OutboxPoller {
  private readonly stopper = new AbortController();
  private loop: Promise<void> | undefined;
  /**
   * Ids whose ack has not been confirmed yet (re-acked on the next poll, or at once by
   * ackBeforeRelay), with WhatsApp's id and the chat; set the moment WhatsApp accepted the message.
   */
  private readonly unacked = new Map<string, { waMessageId: string | undefined; chatJid: string }>();
  /** Claimed proactive messages waiting for their slot, in claim order. */
  private readonly paced: PacedEntry[] = [];
  /** Whether the daily cap is holding messages back (alerted once per such period). */
  private capped = false;

  constructor(private readonly deps: OutboxPollerDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the message in flight (send and ack), then stops. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
    if (this.paced.length > 0) {
      this.deps.logger.info({ count: this.paced.length }, "stopping: proactive messages not sent yet go back to the outbox when their claim expires");
    }
  }

  /** For /health: the paced queue and the cap. */
  pacingStats(): PacingStats {
    const { pacing, history, clock, status } = this.deps;
    const nowMs = clock.now();
    const view = history.view();
    const linked = status.connectionState === "open";
    const slots = projectSlots(this.paced.map((entry) => ({ chatJid: entry.message.chatJid, jitter: entry.jitter })), view, pacing, nowMs);
    return {
      waiting: this.paced.map((entry, index) => ({ kind: entry.message.kind, chatJid: entry.message.chatJid, dueAtMs: linked ? (slots[index] ?? null) : null })),
      sentLast24h: sentInWindow(view, nowMs),
      dailyCap: pacing.dailyCap,
      gapS: pacing.gapMs / MS_PER_S,
      chatGapS: pacing.chatGapMs / MS_PER_S,
      capResumesAtMs: capResumesAt(view, this.paced.length, pacing, nowMs),
    };
  }

  /**
   * One claim round: re-acks, then claims staff replies (sent at once) and as many paced messages
   * as pacing allows (the claim's pacedLimit), none while the daily cap holds: staff replies never
   * wait for pacing.
   */
  async pollOnce(): Promise<PollResult> {
    const { client, pacing, history, clock, logger } = this.deps;
    const stuck = await this.ackOutstanding();
    if (stuck !== null) return { kind: "failed", reason: `ack: ${stuck.reason}`, configFault: stuck.configFault };
    const nowMs = clock.now();
    const limit = this.deps.claimLimit ?? DEFAULT_OUTBOX_CLAIM;
    const capacity = Math.min(limit, claimCapacity(history.view(), this.paced.length, pacing, nowMs));
    this.noteCap(nowMs);
    const claim = await client.claimOutbox(limit, capacity);
    if (claim.kind !== "ok") return { kind: "failed", reason: `claim: ${claim.reason}`, configFault: claim.kind === "unauthorized" };
    const { messages } = claim.value;
    if (messages.length === 0) {
      return capacity === 0 ? { kind: "paused", untilMs: nextClaimAt(history.view(), this.paced.length, pacing, nowMs) } : { kind: "idle" };
    }
    for (const message of messages) {
      if (this.stopper.signal.aborted) {
        // Claimed but not sent: the claim expires and the function hands it out again later.
        logger.info({ id: message.id }, "stopping: leaving a claimed outbox message for its claim to expire");
        continue;
      }
      if (this.deps.sentLog.has(message.id) || !isPaced(message.kind)) await this.deliver(message, false);
      else if (!this.paced.some((entry) => entry.message.id === message.id)) this.paced.push({ message, jitter: this.deps.random() });
    }
    this.deps.status.changed();
    return { kind: "worked", count: messages.length };
  }

  /** Sends every paced message whose slot has come, one after another. Returns how many. */
  async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      if (this.stopper.signal.aborted || !this.deps.isConnected()) return sent;
      const next = this.nextPaced();
      if (next === undefined || next.slotMs > this.deps.clock.now()) return sent;
      this.paced.splice(this.paced.indexOf(next.entry), 1);
      await this.deliver(next.entry.message, true);
      this.deps.status.changed();
      sent += 1;
    }
  }

  /** The paced message due first (ties: the one claimed first), with its slot. */
  private nextPaced(): { entry: PacedEntry; slotMs: number } | undefined {
    const { history, pacing, clock } = this.deps;
    const view = history.view();
    const nowMs = clock.now();
    let best: { entry: PacedEntry; slotMs: number } | undefined;
    for (const entry of this.paced) {
      const slotMs = slotFor(entry.message.chatJid, entry.jitter, view, pacing, nowMs);
      if (best === undefined || slotMs < best.slotMs) best = { entry, slotMs };
    }
    return best;
  }

  /** Alerts once when the daily cap starts holding messages back. */
  private noteCap(nowMs: number): void {
    const resumesAt = capResumesAt(this.deps.history.view(), this.paced.length, this.deps.pacing, nowMs);
    const capped = resumesAt !== null;
    if (capped && !this.capped) {
      const resumes = new Date(resumesAt).toISOString();
      this.deps.logger.warn({ dailyCap: this.deps.pacing.dailyCap, resumesAt: resumes }, "daily cap of proactive messages reached; the rest wait in the outbox");
      void this.deps.alerts.send({ event: "daily_cap_reached", dailyCap: this.deps.pacing.dailyCap, resumesAt: resumes }, this.stopper.signal);
    }
    this.capped = capped;
  }

  private async deliver(message: OutboxMessage, paced: boolean): Promise<void> {
    const { sender, sentLog, history, status, clock, logger } = this.deps;
    const log = logger.child({ outboxId: message.id, kind: message.kind });
    if (!sentLog.has(message.id)) {
      let waMessageId: string | undefined;
      try {
        waMessageId = await sender.sendText(message.chatJid, message.text, paced ? { typingMs: typingMs(message.text) } : {}, this.stopper.signal);
      } catch (error) {
        const reason = describeError(error).slice(0, MAX_ACK_ERROR_CHARS);
        status.count("outboxFailed");
        status.recordError(`outbox send: ${reason}`);
        log.warn({ err: reason }, "outbox send failed");
        await this.ack(message.id, "failed", { error: reason });
        return;
      }
      // From here its recipient may answer it: ackBeforeRelay finds it outstanding.
      this.unacked.set(message.id, { waMessageId, chatJid: message.chatJid });
      await sentLog.add(message.id, waMessageId);
      if (paced) {
        await history.record(message.chatJid, clock.now());
        status.count("outboxPaced");
      }
      status.count("outboxSent");
    } else {
      log.info("already sent before a restart; acknowledging without sending again");
      this.unacked.set(message.id, { waMessageId: sentLog.get(message.id), chatJid: message.chatJid });
    }
    // A failed ack stays outstanding: the next round re-sends it first and reports why it failed.
    await this.ack(message.id, "sent", { waMessageId: this.unacked.get(message.id)?.waMessageId });
  }

  /**
   * Called before an inbound message is relayed: acknowledges now whatever this poller sent to that
   * chat, or sent as the message it quotes, whose ack is not confirmed yet. The function needs the
   * ack first: it learns there which alert a staff member's quote answers (WhatsApp's id), and it
   * applies there the state a message carries (a reminder's confirm / cancel question, a rebook
   * offer's times). A reply sent at once, or while a failed ack waits for the next poll (up to the
   * idle back-off's 30 s), was otherwise read without them: staff were told to reply to an alert,
   * their answer passed on to nobody. The quote matters beside the chat because a staff member may
   * write from a LID chat while the alert went to their phone's. Acks are idempotent, so one racing
   * deliver()'s own is harmless. "ok" when nothing is outstanding.
   */
  async ackBeforeRelay(inbound: { chatJid: string; quotedMessageId: string | undefined }): Promise<CallOutcome<void>> {
    const outstanding = [...this.unacked].filter(
      ([, sent]) => sent.chatJid === inbound.chatJid || (sent.waMessageId !== undefined && sent.waMessageId === inbound.quotedMessageId),
    );
    for (const [id, sent] of outstanding) {
      const acked = await this.ack(id, "sent", { waMessageId: sent.waMessageId });
      if (!acked.ok) return acked.configFault ? { kind: "unauthorized", reason: acked.reason } : { kind: "retry", reason: acked.reason };
    }
    return { kind: "ok", value: undefined };
  }

  /** Re-sends acks that failed earlier: null when none is outstanding, else why one still fails. */
  private async ackOutstanding(): Promise<{ reason: string; configFault: boolean } | null> {
    for (const [id, { waMessageId }] of [...this.unacked]) {
      const acked = await this.ack(id, "sent", { waMessageId });
      if (!acked.ok) return acked;
    }
    return null;
  }

  /**
   * A retryable failure is returned, not logged: the poll round reports it once (run()). A rejection
   * is final and logged here, since nothing will try that ack again.
   */
  private async ack(
    id: string,
    outcome: "sent" | "failed",
    details: { error?: string; waMessageId?: string | undefined },
  ): Promise<{ ok: true } | { ok: false; reason: string; configFault: boolean }> {
    const request = {
      id,
      status: outcome,
      ...(details.error === undefined ? {} : { error: details.error }),
      ...(details.waMessageId === undefined ? {} : { waMessageId: details.waMessageId }),
    };
    const result: CallOutcome<unknown> = await this.deps.client.ackOutbox(request);
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
        return { ok: false, reason: result.reason, configFault: false };
      case "unauthorized":
        return { ok: false, reason: result.reason, configFault: true };
      default:
        return assertNever(result);
    }
  }

  private async run(): Promise<void> {
    const { clock, random, logger } = this.deps;
    const signal = this.stopper.signal;
    let idleRounds = 0;
    let failedRounds = 0;
    let nextPollAtMs = clock.now();
    while (!signal.aborted) {
      if (!this.deps.isConnected()) {
        await this.deps.waitForConnection(signal);
        continue;
      }
      try {
        if ((await this.sendDue()) > 0) nextPollAtMs = Math.min(nextPollAtMs, clock.now());
      } catch (error) {
        // A disk error recording a send: reported like a failed round, and tried again later.
        logger.warn({ err: describeError(error) }, "sending a paced outbox message failed");
        this.deps.status.recordError(`outbox: ${describeError(error)}`);
      }
      if (signal.aborted) break;
      if (clock.now() >= nextPollAtMs) {
        let result: PollResult;
        try {
          result = await this.pollOnce();
        } catch (error) {
          result = { kind: "failed", reason: describeError(error), configFault: false };
        }
        const nowMs = clock.now();
        switch (result.kind) {
          case "worked":
            idleRounds = 0;
            failedRounds = 0;
            nextPollAtMs = nowMs;
            break;
          case "idle":
            failedRounds = 0;
            nextPollAtMs = nowMs + backoffDelay(IDLE_BACKOFF, idleRounds++, random);
            break;
          case "paused":
            // Looked at again after the next paced send (sendDue above), when time makes room for
            // paced messages, or at the idle pace for staff replies, whichever comes first.
            failedRounds = 0;
            nextPollAtMs = Math.min(result.untilMs ?? Number.POSITIVE_INFINITY, nowMs + backoffDelay(IDLE_BACKOFF, idleRounds++, random));
            break;
          case "failed":
            idleRounds = 0;
            // The signing observer reports a 401 once; other failures are reported per round.
            if (!result.configFault) {
              logger.warn({ reason: result.reason }, "outbox poll failed");
              this.deps.status.recordError(`outbox: ${result.reason}`);
            }
            nextPollAtMs = nowMs + backoffDelay(result.configFault ? CONFIG_FAULT_BACKOFF : RETRY_BACKOFF, failedRounds++, random);
            break;
          default:
            assertNever(result);
        }
        continue;
      }
      const nextSlotMs = this.nextPaced()?.slotMs ?? Number.POSITIVE_INFINITY;
      const wakeAtMs = Math.min(nextSlotMs, nextPollAtMs);
      // Nothing scheduled at all cannot happen (a pause always has a queued message or an end);
      // the idle back-off's cap bounds the wait anyway.
      const waitMs = Number.isFinite(wakeAtMs) ? Math.max(0, wakeAtMs - clock.now()) : IDLE_BACKOFF.maxMs;
      await clock.sleep(waitMs, signal);
    }
  }
}
