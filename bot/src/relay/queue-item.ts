/**
 * The shape of one queued inbound job on disk, validated when the queue is loaded after a restart.
 */
import { z } from "zod";
import { inboundMessageSchema } from "../../../shared/contract/index.ts";

/** Version of the on-disk record, so a future shape can migrate old files instead of failing. */
export const QUEUE_RECORD_VERSION = 1;

export const messageKeySchema = z.object({
  remoteJid: z.string(),
  id: z.string(),
  participant: z.string().optional(),
});
export type StoredMessageKey = z.infer<typeof messageKeySchema>;

export const jobSchema = z.discriminatedUnion("kind", [
  /** Relay the text to the function and send its reply. */
  z.object({ kind: z.literal("relay"), payload: inboundMessageSchema }),
  /** Send a fixed text ourselves (e.g. "we only read text"), in order with the chat's other jobs. */
  z.object({ kind: z.literal("notice"), text: z.string().min(1) }),
]);
export type Job = z.infer<typeof jobSchema>;

export const queueItemSchema = z.object({
  v: z.literal(QUEUE_RECORD_VERSION),
  seq: z.number().int().nonnegative(),
  dedupeKey: z.string().min(1),
  chatJid: z.string().min(1),
  /** The WhatsApp key, to mark the message read once answered. */
  messageKey: messageKeySchema,
  receivedAtMs: z.number(),
  job: jobSchema,
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const deadLetterSchema = z.object({
  item: queueItemSchema,
  reason: z.string(),
  atMs: z.number(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** `remoteJid|participant|id`: unique per WhatsApp message across chats and group senders. */
export function dedupeKeyOf(key: { remoteJid?: string | null; participant?: string | null; id?: string | null }): string {
  return `${key.remoteJid ?? ""}|${key.participant ?? ""}|${key.id ?? ""}`;
}
