/**
 * Signed JSON POSTs to the whatsapp-webhook function (ARCHITECTURE.md "Wire contract"). Each call
 * returns an outcome instead of throwing: `ok`, `retry` (network error, timeout, 5xx) or `rejected`
 * (4xx or an answer that breaks the contract: retrying would get the same answer).
 */
import type { z } from "zod";
import {
  OUTBOX_ACK_PATH,
  OUTBOX_CLAIM_PATH,
  errorBodySchema,
  outboxAckResponseSchema,
  outboxClaimResponseSchema,
  signedHeaders,
  turnResponseSchema,
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
/** How much of an unexpected body a dead letter quotes. */
const MAX_QUOTED_BODY_CHARS = 200;

export type CallOutcome<T> =
  | { kind: "ok"; value: T }
  | { kind: "retry"; reason: string }
  | { kind: "rejected"; status: number; reason: string };

export interface FunctionClientOptions {
  functionUrl: string;
  channelId: string;
  channelSecret: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
}

export interface FunctionClient {
  postTurn(message: InboundMessage): Promise<CallOutcome<TurnResponse>>;
  claimOutbox(limit: number): Promise<CallOutcome<OutboxClaimResponse>>;
  ackOutbox(ack: OutboxAckRequest): Promise<CallOutcome<OutboxAckResponse>>;
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
    return { kind: "ok", value: parsed.data };
  }

  return {
    postTurn: (message) => post(base, message, turnResponseSchema),
    claimOutbox: (limit) => post(`${base}${OUTBOX_CLAIM_PATH}`, { limit }, outboxClaimResponseSchema),
    ackOutbox: (ack) => post(`${base}${OUTBOX_ACK_PATH}`, ack, outboxAckResponseSchema),
  };
}
