/**
 * The operator's alerts: a JSON POST to ALERT_WEBHOOK_URL when the number is logged out or stops,
 * when a patient's message is given up on, when the function refuses the bot's signature, and when
 * the daily cap holds proactive messages back. A logged-out number cannot alert through itself,
 * and the function (which alerts staff on WhatsApp) may be what is down.
 *
 * The body carries `text` (a one-line summary, so Slack, Mattermost and Google Chat incoming
 * webhooks show it as it is), `event`, `channelId`, `number`, `at` and the event's details. Never a
 * patient's text. Delivery: up to ALERT_MAX_ATTEMPTS tries, waiting 2 s doubling to 60 s (±20 %)
 * after a network error or a 5xx; a 4xx is final (the URL is wrong). /health.json stays the
 * monitor's signal; an alert is a courtesy on top of it.
 */
import type { Logger } from "pino";
import type { BotStatus } from "../health/status.ts";
import { backoffDelay, type BackoffPolicy } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { assertNever, describeError } from "../shared/errors.ts";

export type AlertEvent =
  | { event: "logged_out"; reason: string }
  | { event: "stopped"; reason: string }
  | { event: "dead_letter"; chatJid: string; phone: string | null; messageId: string | null; reason: string; deadLetters: number }
  | { event: "function_unauthorized"; reason: string }
  | { event: "daily_cap_reached"; dailyCap: number; resumesAt: string };

export interface AlertSink {
  /** Whether alerts go anywhere (ALERT_WEBHOOK_URL is set). */
  readonly configured: boolean;
  /** Posts the alert, retrying as above; true once the webhook took it, false when it never did. */
  send(alert: AlertEvent, signal?: AbortSignal): Promise<boolean>;
}

/** Tries per alert: about a minute in all with ALERT_BACKOFF. */
export const ALERT_MAX_ATTEMPTS = 6;
export const ALERT_BACKOFF: BackoffPolicy = { initialMs: 2_000, maxMs: 60_000, factor: 2, jitter: 0.2 };
/** A webhook that has not answered in this long is treated like a network error. */
export const ALERT_TIMEOUT_MS = 10_000;
const FIRST_CLIENT_ERROR = 400;
const FIRST_SERVER_ERROR = 500;
const MAX_QUOTED_ANSWER_CHARS = 200;

/** One line a person reads in a chat channel. */
export function alertText(alert: AlertEvent, number: string | null): string {
  const who = number ?? "the clinic's WhatsApp number";
  switch (alert.event) {
    case "logged_out":
      return `WhatsApp front desk: ${who} is no longer linked (${alert.reason}). Open /health and scan the new QR code.`;
    case "stopped":
      return `WhatsApp front desk: ${who} stopped: ${alert.reason}`;
    case "dead_letter":
      return `WhatsApp front desk: a message from ${alert.phone ?? alert.chatJid} could not be answered (${alert.reason}). The patient was told that staff will follow up.`;
    case "function_unauthorized":
      return `WhatsApp front desk: the function refuses the bot's requests (${alert.reason}). Patients' messages wait until this is fixed.`;
    case "daily_cap_reached":
      return `WhatsApp front desk: ${who} reached its daily cap of ${alert.dailyCap} reminders and notices; the rest wait until ${alert.resumesAt}.`;
    default:
      return assertNever(alert);
  }
}

export interface AlertWebhookDeps {
  url: string | undefined;
  channelId: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  random: () => number;
  status: BotStatus;
  logger: Logger;
}

export function createAlertWebhook(deps: AlertWebhookDeps): AlertSink {
  const { url, clock, status, logger } = deps;

  async function attempt(body: string): Promise<{ kind: "ok" } | { kind: "retry" | "final"; reason: string }> {
    if (url === undefined) return { kind: "final", reason: "no ALERT_WEBHOOK_URL" };
    try {
      const response = await deps.fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),
      });
      const answer = (await response.text()).slice(0, MAX_QUOTED_ANSWER_CHARS);
      if (response.status < FIRST_CLIENT_ERROR) return { kind: "ok" };
      const reason = `${response.status} ${answer}`.trim();
      return response.status >= FIRST_SERVER_ERROR ? { kind: "retry", reason } : { kind: "final", reason };
    } catch (error) {
      return { kind: "retry", reason: `network: ${describeError(error)}` };
    }
  }

  return {
    configured: url !== undefined,
    async send(alert, signal) {
      if (url === undefined) return false;
      const body = JSON.stringify({
        text: alertText(alert, status.linkedNumber),
        ...alert,
        channelId: deps.channelId,
        number: status.linkedNumber,
        at: new Date(clock.now()).toISOString(),
      });
      let reason = "";
      for (let attemptNo = 0; attemptNo < ALERT_MAX_ATTEMPTS; attemptNo += 1) {
        if (attemptNo > 0) {
          if (signal?.aborted) break;
          await clock.sleep(backoffDelay(ALERT_BACKOFF, attemptNo - 1, deps.random), signal);
        }
        const result = await attempt(body);
        if (result.kind === "ok") {
          status.count("alertsSent");
          logger.info({ event: alert.event }, "alert posted to ALERT_WEBHOOK_URL");
          return true;
        }
        reason = result.reason;
        if (result.kind === "final") break;
      }
      status.count("alertsFailed");
      status.recordError(`alert webhook: ${reason}`);
      logger.error({ event: alert.event, reason }, "could not post the alert to ALERT_WEBHOOK_URL");
      return false;
    },
  };
}
