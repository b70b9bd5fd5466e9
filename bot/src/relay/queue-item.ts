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

/**
 * What the bot does about a patient message it gave up on (dead-letter-follow-up.ts), recorded in
 * the dead letter itself so that a restart carries on where it stopped.
 */
export const followUpSchema = z.object({
  /**
   * The patient's apology: queued as a notice in their chat; not again when one went to that chat
   * recently; none for what the patient did not write (the bot's own note that failed to send).
   */
  apology: z.enum(["queued", "recent", "none"]),
  /** The operator's ALERT_WEBHOOK_URL post: none when no URL is configured. */
  alert: z.enum(["pending", "sent", "failed", "none"]),
  /** `POST /dead-letter` to the function: none for what has no patient message to report. */
  report: z.enum(["pending", "done", "dropped", "none"]),
  reportAttempts: z.number().int().nonnegative(),
  /** When the next report attempt is due (ms since the epoch). */
  nextReportAtMs: z.number(),
  /** How the last report attempt ended, for /health and for choosing the next delay. */
  lastReport: z.enum(["unreachable", "not_served", "unauthorized", "refused"]).nullable(),
  lastReportError: z.string().nullable(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const deadLetterSchema = z.object({
  item: queueItemSchema,
  reason: z.string(),
  atMs: z.number(),
  /** Absent in dead letters written before follow-ups existed: nothing is done about those. */
  followUp: followUpSchema.optional(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

/** `remoteJid|participant|id`: unique per WhatsApp message across chats and group senders. */
export function dedupeKeyOf(key: { remoteJid?: string | null; participant?: string | null; id?: string | null }): string {
  return `${key.remoteJid ?? ""}|${key.participant ?? ""}|${key.id ?? ""}`;
}
