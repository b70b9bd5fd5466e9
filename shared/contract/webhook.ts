/**
 * zod schemas for every body exchanged between the bot and the whatsapp-webhook function.
 * This file is the only definition of those shapes; both sides take their types from z.infer.
 */
import { z } from "zod";
import { DEFAULT_OUTBOX_CLAIM, MAX_MESSAGE_CHARS, MAX_OUTBOX_CLAIM } from "./limits.ts";

/** Longest WhatsApp message id or chat JID we accept; real ones are far shorter. */
const MAX_ID_CHARS = 256;
/** Longest WhatsApp display name we keep (WhatsApp itself allows 25). */
const MAX_PUSH_NAME_CHARS = 256;
/** Longest quoted text relayed with a reply (WhatsApp's own cap on a message, as for `message`). */
const MAX_QUOTED_TEXT_CHARS = MAX_MESSAGE_CHARS;
/** Longest outbox kind name; kinds are short snake_case words. */
const MAX_KIND_CHARS = 64;
/** Longest outbox error text the bot reports back. */
const MAX_ACK_ERROR_CHARS = 1_000;

/** Length in Unicode code points, so an emoji counts as one character, as a patient sees it. */
export function countChars(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Cuts `text` to at most MAX_MESSAGE_CHARS code points without splitting a surrogate pair, so
 * the bot can forward an over-long WhatsApp message instead of having it rejected.
 */
export function truncateMessage(text: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text;
  return Array.from(text).slice(0, MAX_MESSAGE_CHARS).join("");
}

/**
 * A NUL character or a lone UTF-16 surrogate (half of an emoji, cut off). Postgres text cannot
 * hold either (SQLSTATE 22P05 "unsupported Unicode escape sequence"), and neither is anything a
 * person typed, so a body carrying one is bad input, answered 400 before anything is stored.
 * No `u` flag: the pattern must see surrogates one code unit at a time.
 */
const UNSTORABLE_CHAR = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether Postgres can store `text` as it is: no NUL and no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE_CHAR.test(text);
}

const UNSTORABLE_MESSAGE = "must not contain NUL characters or unpaired surrogates";

/** A string Postgres can store; see UNSTORABLE_CHAR. */
const storableString = () => z.string().refine(isStorableText, { message: UNSTORABLE_MESSAGE });

const nonEmptyId = storableString().min(1).max(MAX_ID_CHARS);
/**
 * A person's chat, the only kind the front desk answers: their number (`15551234567@s.whatsapp.net`)
 * or WhatsApp's private id for them (`123456789012345@lid`), with an optional device suffix. Groups,
 * broadcasts, status and newsletters are not. Checked here so a body the function could not act on
 * ("status@broadcast", "abc@s.whatsapp.net" with no phone) is a 400, not a 500 from deep inside.
 */
const PERSON_JID = /^[0-9]{1,20}(?::[0-9]{1,5})?@(?:s\.whatsapp\.net|lid)$/;
const chatJid = nonEmptyId.regex(PERSON_JID, "must be a person's WhatsApp chat (digits@s.whatsapp.net or digits@lid)");
const e164Phone = z.e164();

/** One patient message, as the bot relays it: `POST /`. */
export const inboundMessageSchema = z.object({
  messageId: nonEmptyId,
  chatJid,
  phone: e164Phone.nullable(),
  pushName: storableString().max(MAX_PUSH_NAME_CHARS).nullable(),
  message: storableString()
    .min(1)
    .refine((text) => countChars(text) <= MAX_MESSAGE_CHARS, {
      message: `must be at most ${MAX_MESSAGE_CHARS} characters`,
    }),
  timestamp: z.iso.datetime({ offset: true }),
  /**
   * The message this one replies to (WhatsApp's quote), when there is one: its WhatsApp id and, when
   * the bot could read it, its text. Optional: older bots omit it.
   */
  quoted: z
    .object({
      messageId: nonEmptyId,
      text: storableString().max(MAX_QUOTED_TEXT_CHARS).nullable(),
    })
    .optional(),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

/** The answer to a turn. `response` is null when nothing should be sent to the patient. */
export const turnResponseSchema = z.object({
  success: z.literal(true),
  conversationId: z.uuid(),
  response: z.string().nullable(),
  duplicate: z.boolean(),
});
export type TurnResponse = z.infer<typeof turnResponseSchema>;

/** Every error the function answers with; the HTTP status is fixed per code. */
export const errorCodeSchema = z.enum([
  "invalid_payload",
  "unauthorized",
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  "not_found",
  "unavailable",
  "internal_error",
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * HTTP status for each error code. `not_found` (404) is only for a path that is no route; a body
 * naming something that does not exist (an outbox id of another channel) is `invalid_payload`.
 * `unavailable` (503) is a transient failure; `internal_error`
 * (500) is a bug on the function's side, logged there as an error. The bot retries both (5xx): a
 * fix may be deployed meanwhile, and a message is never dropped on a 5xx.
 */
export const ERROR_STATUS = {
  invalid_payload: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal_error: 500,
} as const satisfies Record<ErrorCode, number>;

export const errorBodySchema = z.object({
  success: z.literal(false),
  error: z.object({ code: errorCodeSchema, message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * `POST /outbox/claim`: how many pending messages the bot is ready to send now, and optionally how
 * many of them may be of paced kinds (every kind but `staff_reply`: reminders, notices, alerts), so
 * a bot whose pacing holds proactive messages back still gets staff replies at once. Older bots
 * omit `pacedLimit`: then `limit` is the only bound.
 */
export const outboxClaimRequestSchema = z.object({
  limit: z.number().int().min(1).max(MAX_OUTBOX_CLAIM).default(DEFAULT_OUTBOX_CLAIM),
  pacedLimit: z.number().int().min(0).max(MAX_OUTBOX_CLAIM).optional(),
});
export type OutboxClaimRequest = z.infer<typeof outboxClaimRequestSchema>;

/**
 * What an outbox message is (staff_reply, reminder, staff_alert, …). A plain string on the wire: the
 * function adds kinds as the product grows, and the bot sends a claimed message whatever its kind,
 * including kinds it does not know (ARCHITECTURE.md), so one new kind never blocks a claim batch.
 */
export const outboxKindSchema = storableString().min(1).max(MAX_KIND_CHARS);
export type OutboxKind = z.infer<typeof outboxKindSchema>;

export const outboxMessageSchema = z.object({
  id: z.uuid(),
  chatJid,
  phone: e164Phone.nullable(),
  text: z.string().min(1),
  kind: outboxKindSchema,
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const outboxClaimResponseSchema = z.object({
  messages: z.array(outboxMessageSchema),
});
export type OutboxClaimResponse = z.infer<typeof outboxClaimResponseSchema>;

/**
 * `POST /dead-letter`: a patient message the bot gave up relaying (retries exhausted, or refused),
 * reported once the function answers again so that nothing accepted is lost: the function stores it
 * and alerts the clinic's staff. The bot has already apologised to the patient itself.
 */
export const deadLetterReportSchema = inboundMessageSchema.extend({
  /** Why the bot gave up, in the bot's words (never shown to the patient). */
  reason: storableString().min(1).max(MAX_ACK_ERROR_CHARS),
});
export type DeadLetterReport = z.infer<typeof deadLetterReportSchema>;

/** The answer to a dead-letter report: recorded (a repeated report of one message changes nothing). */
export const deadLetterResponseSchema = z.object({
  success: z.literal(true),
  conversationId: z.uuid().nullable(),
});
export type DeadLetterResponse = z.infer<typeof deadLetterResponseSchema>;

/** `POST /outbox/ack`: the outcome of sending one claimed message. */
export const outboxAckRequestSchema = z.object({
  id: z.uuid(),
  status: z.enum(["sent", "failed"]),
  error: storableString().max(MAX_ACK_ERROR_CHARS).optional(),
  /** WhatsApp's id of the message sent, so a staff member's quote of it can be traced back. */
  waMessageId: nonEmptyId.optional(),
});
export type OutboxAckRequest = z.infer<typeof outboxAckRequestSchema>;

/**
 * The row's status after the ack: `sent`; `pending` when a failed send will be retried later;
 * `failed` when the attempts are used up.
 */
export const outboxAckResponseSchema = z.object({
  success: z.literal(true),
  id: z.uuid(),
  status: z.enum(["sent", "pending", "failed"]),
});
export type OutboxAckResponse = z.infer<typeof outboxAckResponseSchema>;
