/**
 * The message a patient's message replies to (WhatsApp's quote): its id from the content's
 * `contextInfo.stanzaId`, and its text read with the same helpers as any message's. Baileys keeps
 * `contextInfo` on the inner content (extendedTextMessage, imageMessage, …) once ephemeral and
 * view-once wrappers are unwrapped, which is where it puts it itself when sending a quote. Pure.
 */
import { getContentType, normalizeMessageContent, type proto } from "@whiskeysockets/baileys";
import { extractText } from "./extract-text.ts";

export interface Quoted {
  messageId: string;
  /** The quoted message's text, or null when it has none we can read (a voice note, a sticker). */
  text: string | null;
}

export function quotedOf(message: proto.IMessage | null | undefined): Quoted | undefined {
  const content = normalizeMessageContent(message);
  if (!content) return undefined;
  const type = getContentType(content);
  if (type === undefined) return undefined;
  const inner = content[type] as { contextInfo?: proto.IContextInfo | null } | string | null | undefined;
  const contextInfo = typeof inner === "object" && inner !== null ? inner.contextInfo : undefined;
  const messageId = contextInfo?.stanzaId;
  if (!messageId) return undefined;
  return { messageId, text: extractText(contextInfo.quotedMessage) ?? null };
}
