/**
 * POST /dead-letter: a patient message the bot gave up relaying. One RPC, record_dead_letter, stores
 * it in the patient's chat (nothing accepted is lost) and alerts staff at once; a repeated report of
 * the same message changes nothing.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { z } from "zod";
import type { DeadLetterReport, DeadLetterResponse } from "../../../../shared/contract/index.ts";
import { callRpc } from "../../_shared/rpc.ts";

const recordedSchema = z.object({ conversationId: z.string().nullable(), alerted: z.boolean(), duplicate: z.boolean() });
export type DeadLetterRecorded = z.infer<typeof recordedSchema>;

export interface DeadLetterStore {
  record(channelId: string, report: DeadLetterReport, now: Date): Promise<DeadLetterRecorded>;
}

export function rpcDeadLetterStore(db: SupabaseClient): DeadLetterStore {
  return {
    record: (channelId, report, now) =>
      callRpc(db, "record_dead_letter", {
        p_channel_id: channelId,
        p_message_id: report.messageId,
        p_chat_jid: report.chatJid,
        p_phone: report.phone,
        p_push_name: report.pushName,
        p_body: report.message,
        p_sent_at: report.timestamp,
        p_reason: report.reason,
        p_quoted_message_id: report.quoted?.messageId ?? null,
        p_now: now.toISOString(),
      }, recordedSchema),
  };
}

export function deadLetterResponse(recorded: DeadLetterRecorded): DeadLetterResponse {
  return { success: true, conversationId: recorded.conversationId };
}
