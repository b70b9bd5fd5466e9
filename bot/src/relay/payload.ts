/**
 * Builds the wire payload for one patient message. Whatever WhatsApp delivers is made acceptable
 * to the function before it is relayed, because the function answers 400 (and the bot dead-letters
 * 4xx) otherwise and the patient's message would be lost:
 * - far longer texts than the contract's 4,096 characters: the beginning is forwarded with a note
 *   saying it was shortened;
 * - text Postgres cannot store (a NUL, an unpaired UTF-16 surrogate from a broken client), in the
 *   message, the display name or the quoted text: made well-formed first.
 */
import { MAX_MESSAGE_CHARS, type InboundMessage } from "../../../shared/index.ts";

/**
 * Control characters dropped from relayed text: C0 (U+0000–U+001F) but tab and line feed, which
 * patients type. NUL is what Postgres refuses; the others are invisible in WhatsApp anyway.
 */
const DROPPED_CONTROLS = /[\u0000-\u0008\u000B-\u001F]/g;

/**
 * A high surrogate not followed by a low one, or a low one not preceded by a high one. This is
 * String.prototype.toWellFormed (Node 20), spelled out because the project's TypeScript lib is
 * ES2023, which does not declare it.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT_CHARACTER = "\uFFFD";

/**
 * `text` as Postgres and JSON accept it: an unpaired surrogate becomes U+FFFD (the replacement
 * character, as a decoder shows broken text) and C0 controls other than \t and \n are removed.
 */
export function wellFormedText(text: string): string {
  return text.replace(LONE_SURROGATE, REPLACEMENT_CHARACTER).replace(DROPPED_CONTROLS, "");
}

/**
 * The message text to relay, or undefined when nothing readable is left once made well-formed
 * (a message of control characters only): the function rejects an empty message.
 */
export function relayableText(text: string): string | undefined {
  const cleaned = wellFormedText(text);
  return cleaned.trim() === "" ? undefined : cleaned;
}

/** Cuts by code points (as the contract counts), so an emoji is never split; `note` says it was cut. */
export function fitMessage(text: string, note: string): string {
  const chars = Array.from(text);
  if (chars.length <= MAX_MESSAGE_CHARS) return text;
  return chars.slice(0, MAX_MESSAGE_CHARS - Array.from(note).length).join("") + note;
}

export interface PayloadInput {
  messageId: string;
  chatJid: string;
  phone: string | null;
  pushName: string | null | undefined;
  text: string;
  /** When the patient sent it, if WhatsApp says (inbound-filter.ts sentAtMs); else `nowMs` stands in. */
  sentAtMs: number | null;
  nowMs: number;
  /** The message this one quotes (whatsapp/quoted.ts), if any. */
  quoted?: { messageId: string; text: string | null };
  /** Appended to a message shortened to fit (the clinic's language, whatsapp/replies). */
  truncatedNote: string;
}

/** WhatsApp caps display names at 25 characters; the contract allows more, we keep a safe margin. */
const MAX_PUSH_NAME_CHARS = 100;

/** The contract's cap on a quoted message id (WhatsApp's are about 20 characters). */
const MAX_QUOTED_ID_CHARS = 256;

/** The quote as the contract takes it: its text storable and at most MAX_MESSAGE_CHARS, or null. */
function quotedPayload(quoted: NonNullable<PayloadInput["quoted"]>): NonNullable<InboundMessage["quoted"]> | undefined {
  const messageId = wellFormedText(quoted.messageId).trim();
  if (messageId === "" || messageId.length > MAX_QUOTED_ID_CHARS) return undefined;
  const text = quoted.text === null ? undefined : relayableText(quoted.text);
  return { messageId, text: text === undefined ? null : Array.from(text).slice(0, MAX_MESSAGE_CHARS).join("") };
}

/** `input.text` must have passed `relayableText` (the handler answers other messages with a notice). */
export function buildPayload(input: PayloadInput): InboundMessage {
  const name = wellFormedText(input.pushName ?? "").trim();
  const pushName = name === "" ? null : Array.from(name).slice(0, MAX_PUSH_NAME_CHARS).join("");
  const quoted = input.quoted === undefined ? undefined : quotedPayload(input.quoted);
  return {
    messageId: input.messageId,
    chatJid: input.chatJid,
    phone: input.phone,
    pushName,
    message: fitMessage(wellFormedText(input.text), input.truncatedNote),
    timestamp: new Date(input.sentAtMs ?? input.nowMs).toISOString(),
    ...(quoted === undefined ? {} : { quoted }),
  };
}
