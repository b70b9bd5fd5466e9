/**
 * Builds the wire payload for one patient message. WhatsApp allows far longer texts than the
 * contract's 4,096 characters; the function would reject those with 400, so instead of a dead
 * letter the bot forwards the beginning with a note saying it was shortened.
 */
import { MAX_MESSAGE_CHARS, type InboundMessage } from "../../../shared/index.ts";
import { REPLIES } from "../whatsapp/replies.ts";

/** Cuts by code points (as the contract counts), so an emoji is never split. */
export function fitMessage(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= MAX_MESSAGE_CHARS) return text;
  const note = Array.from(REPLIES.truncatedNote);
  return chars.slice(0, MAX_MESSAGE_CHARS - note.length).join("") + REPLIES.truncatedNote;
}

export interface PayloadInput {
  messageId: string;
  chatJid: string;
  phone: string | null;
  pushName: string | null | undefined;
  text: string;
  timestampS: number | null;
  nowMs: number;
}

/** WhatsApp caps display names at 25 characters; the contract allows more, we keep a safe margin. */
const MAX_PUSH_NAME_CHARS = 100;
const MS_PER_S = 1_000;

export function buildPayload(input: PayloadInput): InboundMessage {
  const pushName = input.pushName?.trim() ? Array.from(input.pushName.trim()).slice(0, MAX_PUSH_NAME_CHARS).join("") : null;
  const timestampMs = input.timestampS !== null && input.timestampS > 0 ? input.timestampS * MS_PER_S : input.nowMs;
  return {
    messageId: input.messageId,
    chatJid: input.chatJid,
    phone: input.phone,
    pushName,
    message: fitMessage(input.text),
    timestamp: new Date(timestampMs).toISOString(),
  };
}
