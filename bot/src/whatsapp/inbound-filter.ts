/**
 * Which upserted messages the front desk handles: direct messages from people, not our own sends,
 * groups, broadcasts, newsletters, protocol/reaction messages or undecryptable stubs. Pure.
 */
import {
  getContentType,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  normalizeMessageContent,
  proto,
  type MessageUpsertType,
  type WAMessage,
} from "@whiskeysockets/baileys";
import { extractText } from "./extract-text.ts";

export type SkipReason =
  | "upsert_type"
  | "malformed"
  | "from_me"
  | "group"
  | "broadcast"
  | "newsletter"
  | "undecryptable"
  | "no_content"
  | "protocol"
  | "reaction"
  | "stale";

export type InboundVerdict =
  | { kind: "skip"; reason: SkipReason }
  /** A person wrote text (or chose a button/list option): relay it. */
  | { kind: "text"; chatJid: string; messageId: string; text: string }
  /** A person sent something the front desk cannot read (voice, sticker, …): answer politely. */
  | { kind: "unsupported"; chatJid: string; messageId: string; contentType: string };

/**
 * Messages older than this when they reach us are not answered: after a long outage (or when a
 * phone is linked and WhatsApp appends old chats) a reply days late would only confuse.
 */
export const STALE_INBOUND_MS = 24 * 60 * 60_000;
const MS_PER_S = 1_000;

/** Upsert types we accept: live messages and those appended while we were offline. */
const ACCEPTED_UPSERT_TYPES: ReadonlySet<MessageUpsertType> = new Set(["notify", "append"]);

/** Chat JIDs that are not a person's direct chat. */
export function ignoredJidReason(jid: string): SkipReason | undefined {
  if (isJidGroup(jid)) return "group";
  if (isJidStatusBroadcast(jid) || isJidBroadcast(jid)) return "broadcast";
  if (isJidNewsletter(jid)) return "newsletter";
  return undefined;
}

/** For Baileys' `shouldIgnoreJid`: such chats are not even decrypted. */
export function shouldIgnoreJid(jid: string): boolean {
  return ignoredJidReason(jid) !== undefined;
}

/** Content kinds that carry no patient input: WhatsApp housekeeping. */
const HOUSEKEEPING_KEYS: ReadonlySet<string> = new Set([
  "protocolMessage",
  "senderKeyDistributionMessage",
  "messageContextInfo",
  "keepInChatMessage",
  "pinInChatMessage",
  "pollUpdateMessage",
  "encReactionMessage",
]);

/** When the sender sent the message (WhatsApp gives Unix seconds, as a number or a Long), if known. */
export function sentAtMs(message: WAMessage): number | undefined {
  const value = message.messageTimestamp;
  if (value === null || value === undefined) return undefined;
  const seconds = typeof value === "number" ? value : value.toNumber();
  return seconds > 0 ? seconds * MS_PER_S : undefined;
}

export function classifyInbound(message: WAMessage, upsertType: MessageUpsertType, nowMs: number): InboundVerdict {
  if (!ACCEPTED_UPSERT_TYPES.has(upsertType)) return { kind: "skip", reason: "upsert_type" };
  const { key } = message;
  const chatJid = key?.remoteJid;
  const messageId = key?.id;
  if (!chatJid || !messageId) return { kind: "skip", reason: "malformed" };
  if (key.fromMe) return { kind: "skip", reason: "from_me" };
  const jidReason = ignoredJidReason(chatJid);
  if (jidReason) return { kind: "skip", reason: jidReason };
  // A message WhatsApp could not decrypt for us yet: the phone resends it; never mark it seen.
  if (message.messageStubType === proto.WebMessageInfo.StubType.CIPHERTEXT) {
    return { kind: "skip", reason: "undecryptable" };
  }
  const sentAt = sentAtMs(message);
  if (sentAt !== undefined && nowMs - sentAt > STALE_INBOUND_MS) return { kind: "skip", reason: "stale" };
  const content = normalizeMessageContent(message.message);
  if (!content) return { kind: "skip", reason: "no_content" };
  if (content.protocolMessage) return { kind: "skip", reason: "protocol" };
  if (content.reactionMessage || content.encReactionMessage) return { kind: "skip", reason: "reaction" };

  const text = extractText(content);
  if (text !== undefined) return { kind: "text", chatJid, messageId, text };
  const contentType = getContentType(content);
  if (contentType === undefined || HOUSEKEEPING_KEYS.has(contentType)) {
    return contentType === undefined ? { kind: "skip", reason: "no_content" } : { kind: "skip", reason: "protocol" };
  }
  return { kind: "unsupported", chatJid, messageId, contentType };
}
