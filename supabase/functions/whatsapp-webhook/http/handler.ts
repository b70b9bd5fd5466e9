/**
 * The function's request handler: routing, the contract's checks in their fixed order, the work
 * (a turn, an outbox claim or ack, a dead-letter report), and one JSON log line per request.
 *
 * Order of checks: route (404) → method (405) → content type (415) → body size (413) →
 * channel and signature (401) → JSON and schema (400) → work (200; 400 for an ack of an id that
 * is not this channel's; 503 when transient, 500 for a bug).
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { z } from "zod";
import {
  deadLetterReportSchema,
  HEADER_CHANNEL_ID,
  inboundMessageSchema,
  type OutboxAckResponse,
  outboxAckRequestSchema,
  type OutboxClaimResponse,
  outboxClaimRequestSchema,
  type TurnResponse,
} from "../../../../shared/contract/index.ts";
import type { ChannelContext, RunTurn } from "../../_shared/deps.ts";
import type { LogFields, Logger } from "../../_shared/logger.ts";
import type { AnswerQuestion } from "../faq/types.ts";
import { OutboxNotFoundError, type OutboxStore, rpcOutboxStore } from "../outbox/store.ts";
import { deadLetterResponse, type DeadLetterStore, rpcDeadLetterStore } from "../staff/dead-letter.ts";
import { authenticate } from "./auth.ts";
import { readBodyText, isJsonContentType } from "./body.ts";
import { type ChannelDirectory, createChannelDirectory, rpcFetchChannel } from "./channel-directory.ts";
import { errorResponse, HttpError, jsonResponse } from "./errors.ts";
import { matchRoute, type Route } from "./routes.ts";
import { describeFailure } from "./failures.ts";

const HTTP_OK = 200;
/** How much of an unauthenticated x-channel-id header the log keeps. */
const MAX_LOGGED_HEADER_CHARS = 64;

export interface HandlerOptions {
  db: SupabaseClient;
  runTurn: RunTurn;
  answerQuestion: AnswerQuestion;
  now: () => Date;
  log: Logger;
  /** Defaults to the `channel_secrets` RPC behind a per-isolate cache. */
  channels?: ChannelDirectory;
  /** Defaults to the `claim_outbox` / `ack_outbox` RPCs. */
  outbox?: OutboxStore;
  /** Defaults to the `record_dead_letter` RPC. */
  deadLetters?: DeadLetterStore;
  /** Debug logs carry patients' texts only when this is set (LOG_PATIENT_TEXT); default off. */
  logPatientText?: boolean;
}

export type Handler = (request: Request) => Promise<Response>;

function parseBody<S extends z.ZodType>(raw: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new HttpError("invalid_payload", "body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") ?? "";
    throw new HttpError("invalid_payload", `${path === "" ? "body" : path}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

export function createHandler(options: HandlerOptions): Handler {
  const { db, runTurn, answerQuestion, now, log } = options;
  const logTexts = (requestLog: Logger): boolean => options.logPatientText === true && requestLog.enabled("debug");
  const channels = options.channels ?? createChannelDirectory(rpcFetchChannel(db), () => now().getTime());
  const outbox = options.outbox ?? rpcOutboxStore(db);
  const deadLetters = options.deadLetters ?? rpcDeadLetterStore(db);

  async function work(route: Route, raw: string, channel: ChannelContext, fields: LogFields, requestLog: Logger): Promise<unknown> {
    switch (route) {
      case "turn": {
        const message = parseBody(raw, inboundMessageSchema);
        // The WhatsApp id (never the text) lets a failed turn be found in the database.
        fields.message_id = message.messageId;
        if (logTexts(requestLog)) requestLog.debug("inbound", { message_id: message.messageId, text: message.message });
        const result = await runTurn({ db, answerQuestion, now, log: requestLog }, { channel, message });
        fields.conversation = result.conversationId;
        fields.duplicate = result.duplicate;
        fields.replied = result.response !== null;
        if (logTexts(requestLog)) requestLog.debug("reply", { text: result.response });
        const body: TurnResponse = { success: true, ...result };
        return body;
      }
      case "outbox_claim": {
        const { limit, pacedLimit } = parseBody(raw, outboxClaimRequestSchema);
        const messages = await outbox.claim(channel.id, limit, now(), pacedLimit);
        fields.claimed = messages.length;
        const body: OutboxClaimResponse = { messages };
        return body;
      }
      case "outbox_ack": {
        const ack = parseBody(raw, outboxAckRequestSchema);
        fields.outbox_id = ack.id;
        try {
          const status = await outbox.ack(channel.id, ack, now());
          const body: OutboxAckResponse = { success: true, id: ack.id, status };
          return body;
        } catch (error) {
          // The route exists; the id in the body names no row of this channel. That is bad input
          // (the contract's 400 invalid_payload, naming the field), and retrying cannot fix it:
          // the bot drops a 4xx ack. 404 stays reserved for paths that are not routes.
          if (error instanceof OutboxNotFoundError) {
            throw new HttpError("invalid_payload", "id: no outbox message with this id on this channel");
          }
          throw error;
        }
      }
      case "dead_letter": {
        const report = parseBody(raw, deadLetterReportSchema);
        fields.message_id = report.messageId;
        const recorded = await deadLetters.record(channel.id, report, now());
        fields.conversation = recorded.conversationId;
        fields.duplicate = recorded.duplicate;
        fields.alerted = recorded.alerted;
        return deadLetterResponse(recorded);
      }
      default: {
        const unreachable: never = route;
        throw new Error(`unhandled route ${String(unreachable)}`);
      }
    }
  }

  return async (request) => {
    const startedMs = performance.now();
    const requestId = crypto.randomUUID();
    const url = new URL(request.url);
    const fields: LogFields = { request_id: requestId, method: request.method, path: url.pathname };
    let status = HTTP_OK;
    let severity: "expected" | "bug" = "expected";
    try {
      const route = matchRoute(url.pathname);
      if (route === null) throw new HttpError("not_found", "no such route");
      fields.route = route;
      if (request.method !== "POST") throw new HttpError("method_not_allowed", "use POST");
      if (!isJsonContentType(request.headers)) {
        throw new HttpError("unsupported_media_type", "content-type must be application/json");
      }
      const raw = await readBodyText(request);
      const claimedChannel = request.headers.get(HEADER_CHANNEL_ID);
      // Until verified, the header is only what the caller claims; log it as such.
      if (claimedChannel !== null) fields.claimed_channel = claimedChannel.slice(0, MAX_LOGGED_HEADER_CHARS);
      const channel = await authenticate(request.headers, raw, channels, now());
      delete fields.claimed_channel;
      fields.channel = channel.id;
      const requestLog = log.child({ request_id: requestId, channel: channel.id });
      const body = await work(route, raw, channel, fields, requestLog);
      fields.outcome = "ok";
      return jsonResponse(HTTP_OK, body);
    } catch (error) {
      const failure = describeFailure(error);
      status = failure.error.status;
      severity = failure.severity;
      fields.outcome = failure.error.code;
      if (failure.detail !== undefined) fields.detail = failure.detail;
      return errorResponse(failure.error);
    } finally {
      fields.status = status;
      fields.duration_ms = Math.round(performance.now() - startedMs);
      // Bugs are errors; outages and refused signatures are worth a look; bad input is routine.
      const level = severity === "bug" ? "error" : status >= 500 || status === 401 ? "warn" : "info";
      log[level]("request", fields);
    }
  };
}
