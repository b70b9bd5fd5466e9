/**
 * Nobody is left in silence: for every patient message the bot gives up on, besides the apology
 * the relay worker queues in the patient's chat, this posts an operator alert (ALERT_WEBHOOK_URL)
 * and reports the message to the function (`POST /dead-letter`) so that it can alert staff, once
 * the function is reachable again. Progress is written into the dead letter itself, so a restart
 * carries on where it stopped.
 *
 * Report outcomes: 200 done. Network error or 5xx: again after 10 s doubling to 10 min (±20 %), and
 * at once when the function answers anything again. 404: the function does not take reports yet
 * (an older deploy): kept, tried again after 15 min doubling to 6 h. 401: a configuration fault
 * (relay-worker.ts): kept, tried again as slowly as the relay retries. Another 4xx: the report is
 * dropped and logged; the dead letter itself stays, on /health.
 */
import type { Logger } from "pino";
import { MAX_MESSAGE_CHARS, type DeadLetterReport } from "../../../shared/index.ts";
import type { AlertSink } from "../alerts/alert-webhook.ts";
import type { BotStatus } from "../health/status.ts";
import { CONFIG_FAULT_BACKOFF, backoffDelay, type BackoffPolicy } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";
import type { FunctionClient } from "./function-client.ts";
import type { InboundQueue } from "./inbound-queue.ts";
import { wellFormedText } from "./payload.ts";
import type { DeadLetter, FollowUp } from "./queue-item.ts";

export const REPORT_RETRY_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 10 * 60_000, factor: 2, jitter: 0.2 };
export const REPORT_NOT_SERVED_BACKOFF: BackoffPolicy = { initialMs: 15 * 60_000, maxMs: 6 * 60 * 60_000, factor: 2, jitter: 0.2 };
const HTTP_NOT_FOUND = 404;
/** The contract's cap on a report's reason. */
const MAX_REASON_CHARS = 1_000;

/** The follow-up of a new dead letter: what is still to be done. */
export function initialFollowUp(options: { apology: FollowUp["apology"]; reportable: boolean; alerting: boolean; nowMs: number }): FollowUp {
  return {
    apology: options.apology,
    alert: options.alerting ? "pending" : "none",
    report: options.reportable ? "pending" : "none",
    reportAttempts: 0,
    nextReportAtMs: options.nowMs,
    lastReport: null,
    lastReportError: null,
  };
}

const APOLOGY_WORDS: Record<FollowUp["apology"], string> = {
  queued: "patient told staff will follow up",
  recent: "patient already told about an earlier message",
  none: "the bot's own note, nothing to apologise for",
};

/** What was done about a dead letter, in an operator's words (/health). */
export function describeFollowUp(followUp: FollowUp | undefined, nowMs: number): string {
  if (!followUp) return "dead-lettered before follow-ups existed";
  const parts = [APOLOGY_WORDS[followUp.apology]];
  if (followUp.alert !== "none") parts.push(`alert ${followUp.alert}`);
  switch (followUp.report) {
    case "done":
      parts.push("reported to the front desk");
      break;
    case "dropped":
      parts.push(`report refused: ${followUp.lastReportError ?? "?"}`);
      break;
    case "pending": {
      const inS = Math.max(0, Math.round((followUp.nextReportAtMs - nowMs) / 1_000));
      const why = followUp.lastReport === "not_served" ? "the function does not take reports yet (404)" : followUp.lastReport === null ? "not tried yet" : (followUp.lastReportError ?? followUp.lastReport);
      parts.push(`report waiting (${why}; next try in ${inS} s)`);
      break;
    }
    case "none":
      break;
    default:
      return assertNever(followUp.report);
  }
  return parts.join(" · ");
}

function reportOf(dead: DeadLetter): DeadLetterReport | undefined {
  if (dead.item.job.kind !== "relay") return undefined;
  const reason = Array.from(wellFormedText(dead.reason)).slice(0, Math.min(MAX_REASON_CHARS, MAX_MESSAGE_CHARS)).join("");
  return { ...dead.item.job.payload, reason: reason.trim() === "" ? "gave up" : reason };
}

export interface DeadLetterFollowUpDeps {
  queue: InboundQueue;
  client: FunctionClient;
  alerts: AlertSink;
  clock: Clock;
  random: () => number;
  status: BotStatus;
  logger: Logger;
}

export class DeadLetterFollowUp {
  private readonly stopper = new AbortController();
  private wakeUp = new AbortController();
  private loop: Promise<void> | undefined;
  /** The function answered again: reports waiting on a network error or a 401 are due now. */
  private functionBack = false;
  /** Whether any report waits for the function to answer again (so a relay's success is worth a wake). */
  private waitingOnFunction = false;

  constructor(private readonly deps: DeadLetterFollowUpDeps) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.wakeUp.abort();
    await this.loop;
  }

  /** A new dead letter: look at it now. */
  wake(): void {
    this.wakeUp.abort();
  }

  /** The function answered a request: retry reports that were waiting for it. */
  functionReachable(): void {
    if (!this.waitingOnFunction) return;
    this.waitingOnFunction = false;
    this.functionBack = true;
    this.wakeUp.abort();
  }

  private async run(): Promise<void> {
    const { clock, logger } = this.deps;
    while (!this.stopper.signal.aborted) {
      this.wakeUp = new AbortController();
      try {
        await this.round();
      } catch (error) {
        // A disk error writing progress: logged, and the round runs again after the next wake or delay.
        logger.error({ err: describeError(error) }, "dead-letter follow-up failed");
      }
      const due = this.deps.queue
        .deadLetters()
        .flatMap((dead) => (dead.followUp?.report === "pending" ? [dead.followUp.nextReportAtMs] : []));
      if (this.stopper.signal.aborted) break;
      if (this.wakeUp.signal.aborted) continue;
      const waitMs = due.length === 0 ? undefined : Math.max(0, Math.min(...due) - clock.now());
      if (waitMs === 0) continue;
      if (waitMs === undefined) await new Promise<void>((resolve) => this.wakeUp.signal.addEventListener("abort", () => resolve(), { once: true }));
      else await clock.sleep(waitMs, AbortSignal.any([this.wakeUp.signal, this.stopper.signal]));
    }
  }

  private async round(): Promise<void> {
    const back = this.functionBack;
    this.functionBack = false;
    for (const dead of this.deps.queue.deadLetters()) {
      if (this.stopper.signal.aborted) return;
      let followUp = dead.followUp;
      if (!followUp) continue;
      if (back && followUp.report === "pending" && (followUp.lastReport === "unreachable" || followUp.lastReport === "unauthorized")) {
        followUp = { ...followUp, nextReportAtMs: this.deps.clock.now() };
      }
      if (followUp.alert === "pending") followUp = await this.alert(dead, followUp);
      if (followUp.report === "pending" && followUp.nextReportAtMs <= this.deps.clock.now()) followUp = await this.report(dead, followUp);
      if (followUp !== dead.followUp) await this.deps.queue.updateFollowUp(dead.item.seq, followUp);
      if (followUp.report === "pending" && (followUp.lastReport === "unreachable" || followUp.lastReport === "unauthorized")) this.waitingOnFunction = true;
    }
  }

  private async alert(dead: DeadLetter, followUp: FollowUp): Promise<FollowUp> {
    const payload = dead.item.job.kind === "relay" ? dead.item.job.payload : undefined;
    const sent = await this.deps.alerts.send(
      {
        event: "dead_letter",
        chatJid: dead.item.chatJid,
        phone: payload?.phone ?? null,
        messageId: payload?.messageId ?? dead.item.messageKey.id,
        reason: dead.reason,
        deadLetters: this.deps.queue.deadCount,
      },
      this.stopper.signal,
    );
    return { ...followUp, alert: sent ? "sent" : "failed" };
  }

  private async report(dead: DeadLetter, followUp: FollowUp): Promise<FollowUp> {
    const { client, clock, random, status, logger } = this.deps;
    const report = reportOf(dead);
    if (!report) return { ...followUp, report: "none" };
    const log = logger.child({ seq: dead.item.seq, chatJid: dead.item.chatJid });
    const outcome = await client.reportDeadLetter(report);
    const attempts = followUp.reportAttempts + 1;
    const later = (policy: BackoffPolicy, lastReport: NonNullable<FollowUp["lastReport"]>, error: string): FollowUp => ({
      ...followUp,
      reportAttempts: attempts,
      nextReportAtMs: clock.now() + backoffDelay(policy, followUp.reportAttempts, random),
      lastReport,
      lastReportError: error,
    });
    switch (outcome.kind) {
      case "ok":
        status.count("deadLetterReports");
        log.info("dead letter reported to the function");
        return { ...followUp, report: "done", reportAttempts: attempts, lastReport: null, lastReportError: null };
      case "retry":
        log.debug({ reason: outcome.reason }, "dead-letter report failed; trying again later");
        return later(REPORT_RETRY_BACKOFF, "unreachable", outcome.reason);
      case "unauthorized":
        return later(CONFIG_FAULT_BACKOFF, "unauthorized", outcome.reason);
      case "rejected":
        if (outcome.status === HTTP_NOT_FOUND) {
          log.info("the function does not take dead-letter reports yet (404); keeping the report");
          return later(REPORT_NOT_SERVED_BACKOFF, "not_served", outcome.reason);
        }
        status.recordError(`dead-letter report refused: ${outcome.reason}`);
        log.error({ reason: outcome.reason }, "the function refused the dead-letter report; dropping the report (the dead letter stays)");
        return { ...followUp, report: "dropped", reportAttempts: attempts, lastReport: "refused", lastReportError: outcome.reason };
      default:
        return assertNever(outcome);
    }
  }
}
