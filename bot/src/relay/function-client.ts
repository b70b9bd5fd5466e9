/**
 * Signed JSON POSTs to the whatsapp-webhook function (ARCHITECTURE.md "Wire contract"). Each call
 * returns an outcome instead of throwing: `ok`; `retry` (network error, timeout, 5xx);
 * `unauthorized` (401: the function refused our signature, a configuration fault such as a wrong
 * secret or a clock more than 300 s off, which an operator fixes while the message waits); or
 * `rejected` (another 4xx, or an answer that breaks the contract: retrying would get the same answer).
 */
import type { z } from "zod";
import {
  DEAD_LETTER_PATH,
  MAX_CLOCK_SKEW_S,
  OUTBOX_ACK_PATH,
  OUTBOX_CLAIM_PATH,
  deadLetterResponseSchema,
  errorBodySchema,
  outboxAckResponseSchema,
  outboxClaimResponseSchema,
  signedHeaders,
  turnResponseSchema,
  type DeadLetterReport,
  type DeadLetterResponse,
  type InboundMessage,
  type OutboxAckRequest,
  type OutboxAckResponse,
  type OutboxClaimResponse,
  type TurnResponse,
} from "../../../shared/index.ts";
import type { Clock } from "../shared/clock.ts";
import { describeError } from "../shared/errors.ts";

/** A turn may call Claude (short timeout, one retry) and Postgres; give up on a hung request after this. */
export const REQUEST_TIMEOUT_MS = 30_000;
const MS_PER_S = 1_000;
const FIRST_SERVER_ERROR = 500;
const FIRST_CLIENT_ERROR = 400;
const HTTP_UNAUTHORIZED = 401;
/** How much of an unexpected body a dead letter quotes. */
const MAX_QUOTED_BODY_CHARS = 200;

export type CallOutcome<T> =
  | { kind: "ok"; value: T }
  | { kind: "retry"; reason: string }
  | { kind: "unauthorized"; reason: string }
  | { kind: "rejected"; status: number; reason: string };

/** Told about every answer that says whether the function accepts our signature. */
export interface SignatureObserver {
  /** A 401: `reason` says what to check (secret, channel id, clock). */
  unauthorized(reason: string): void;
  /** A 2xx: whatever was wrong is fixed. */
  accepted(): void;
}

export interface FunctionClientOptions {
  functionUrl: string;
  channelId: string;
  channelSecret: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  observer?: SignatureObserver;
}

export interface FunctionClient {
  postTurn(message: InboundMessage): Promise<CallOutcome<TurnResponse>>;
  /**
   * At most `limit` messages, of which at most `pacedLimit` of paced kinds (every kind but
   * staff_reply); without it, `limit` bounds them all (as for a function that predates it).
   */
  claimOutbox(limit: number, pacedLimit?: number): Promise<CallOutcome<OutboxClaimResponse>>;
  ackOutbox(ack: OutboxAckRequest): Promise<CallOutcome<OutboxAckResponse>>;
  /** `POST /dead-letter`: a patient message the bot gave up on, so the function can alert staff. */
  reportDeadLetter(report: DeadLetterReport): Promise<CallOutcome<DeadLetterResponse>>;
}

function errorReason(status: number, text: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return `${status} ${parsed.data.error.code}: ${parsed.data.error.message}`;
  } catch {
    // Not JSON (a proxy's HTML error page, say): quote it instead.
  }
  return `${status} ${text.slice(0, MAX_QUOTED_BODY_CHARS)}`;
}

/**
 * What a 401 means for an operator. The function gives one answer for a bad signature, a stale
 * timestamp and an unknown channel; the answer's Date header tells a clock problem apart.
 */
export function unauthorizedReason(errorText: string, functionDate: string | null, nowMs: number): string {
  const functionMs = functionDate === null ? Number.NaN : Date.parse(functionDate);
  const skewS = Math.round((nowMs - functionMs) / MS_PER_S);
  if (Number.isFinite(skewS) && Math.abs(skewS) > MAX_CLOCK_SKEW_S) {
    const direction = skewS > 0 ? "ahead of" : "behind";
    return `${errorText}: this machine's clock is ${Math.abs(skewS)} s ${direction} the function's (at most ${MAX_CLOCK_SKEW_S} s are accepted); keep the clock in sync (timedatectl set-ntp true)`;
  }
  return `${errorText}: the function refused the signature; check CHANNEL_ID and CHANNEL_SECRET against the channels table (a rotated secret?) and this machine's clock`;
}

export function createFunctionClient(options: FunctionClientOptions): FunctionClient {
  const base = options.functionUrl.replace(/\/+$/, "");

  async function post<T>(url: string, body: unknown, schema: z.ZodType<T>): Promise<CallOutcome<T>> {
    const rawBody = JSON.stringify(body);
    const headers = await signedHeaders(options.channelId, options.channelSecret, rawBody, options.clock.now() / MS_PER_S);
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url, {
        method: "POST",
        headers,
        body: rawBody,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await response.text();
    } catch (error) {
      return { kind: "retry", reason: `network: ${describeError(error)}` };
    }
    if (response.status >= FIRST_SERVER_ERROR) return { kind: "retry", reason: errorReason(response.status, text) };
    if (response.status === HTTP_UNAUTHORIZED) {
      const reason = unauthorizedReason(errorReason(response.status, text), response.headers.get("date"), options.clock.now());
      options.observer?.unauthorized(reason);
      return { kind: "unauthorized", reason };
    }
    if (response.status >= FIRST_CLIENT_ERROR) {
      return { kind: "rejected", status: response.status, reason: errorReason(response.status, text) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: "rejected", status: response.status, reason: `${response.status} body is not JSON` };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      return { kind: "rejected", status: response.status, reason: `${response.status} body breaks the contract: ${parsed.error.message}` };
    }
    options.observer?.accepted();
    return { kind: "ok", value: parsed.data };
  }

  return {
    postTurn: (message) => post(base, message, turnResponseSchema),
    claimOutbox: (limit, pacedLimit) =>
      post(`${base}${OUTBOX_CLAIM_PATH}`, pacedLimit === undefined ? { limit } : { limit, pacedLimit }, outboxClaimResponseSchema),
    ackOutbox: (ack) => post(`${base}${OUTBOX_ACK_PATH}`, ack, outboxAckResponseSchema),
    reportDeadLetter: (report) => post(`${base}${DEAD_LETTER_PATH}`, report, deadLetterResponseSchema),
  };
}
