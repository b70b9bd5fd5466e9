/**
 * Talks to the whatsapp-webhook function as the bot does for one patient: the binding wire format,
 * signed with the channel secret. Used by `npm run chat`, the function-flow tests and the turn
 * latency benchmark.
 */
import { randomUUID } from "node:crypto";
import {
  errorBodySchema,
  type InboundMessage,
  turnResponseSchema,
  type TurnResponse,
} from "../../shared/contract/index.ts";
import { signedHeaders } from "../../shared/signing/index.ts";

export interface FunctionTarget {
  functionUrl: string;
  channelId: string;
  channelSecret: string;
}

export interface PatientMessage {
  /** E.164, or null for a LID-only sender (then give chatJid). */
  phone: string | null;
  text: string;
  chatJid?: string;
  pushName?: string | null;
  /** Reuse one to simulate a redelivery. */
  messageId?: string;
}

export type SendResult =
  | { kind: "answered"; status: 200; body: TurnResponse }
  | { kind: "error"; status: number; code: string; message: string };

/** The chat JID WhatsApp uses for a phone number: digits @s.whatsapp.net. */
export function jidOf(phone: string): string {
  return `${phone.replace(/^\+/, "")}@s.whatsapp.net`;
}

/** A random E.164 number under the +1 555 exchange (used for fiction), distinct with near certainty per call. */
export function randomPhone(): string {
  const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, "0");
  return `+1555${digits}`;
}

export function newMessageId(): string {
  return `TEST${randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`;
}

export async function sendAsPatient(target: FunctionTarget, message: PatientMessage): Promise<SendResult> {
  const chatJid = message.chatJid ?? (message.phone ? jidOf(message.phone) : null);
  if (chatJid === null) throw new Error("a message needs a phone or a chatJid");
  const payload: InboundMessage = {
    messageId: message.messageId ?? newMessageId(),
    chatJid,
    phone: message.phone,
    pushName: message.pushName ?? null,
    message: message.text,
    timestamp: new Date().toISOString(),
  };
  const raw = JSON.stringify(payload);
  const headers = await signedHeaders(target.channelId, target.channelSecret, raw, Date.now() / 1000);
  const response = await fetch(target.functionUrl, { method: "POST", headers, body: raw });
  const json: unknown = await response.json();
  if (response.status === 200) return { kind: "answered", status: 200, body: turnResponseSchema.parse(json) };
  const error = errorBodySchema.safeParse(json);
  return {
    kind: "error",
    status: response.status,
    code: error.success ? error.data.error.code : "unreadable",
    message: error.success ? error.data.error.message : JSON.stringify(json),
  };
}
