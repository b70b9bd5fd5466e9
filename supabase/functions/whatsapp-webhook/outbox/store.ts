/**
 * The outbox as the bot's routes see it: claim the channel's due messages, acknowledge one.
 * Both are single RPCs (`claim_outbox`, `ack_outbox`); locking, retry delays and reminder
 * scheduling live in SQL where concurrent claims are safe.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { z } from "zod";
import {
  type OutboxAckRequest,
  type OutboxAckResponse,
  type OutboxMessage,
  outboxKindSchema,
} from "../../../../shared/contract/index.ts";
import { callRpc, RpcError } from "../../_shared/rpc.ts";

/** SQLSTATE raised by ack_outbox for an id that is not this channel's outbox row. */
export const OUTBOX_NOT_FOUND_SQLSTATE = "OB001";

export type AckedStatus = OutboxAckResponse["status"];

export interface OutboxStore {
  claim(channelId: string, limit: number, now: Date): Promise<OutboxMessage[]>;
  /** The row's status afterwards; throws OutboxNotFoundError for a foreign or unknown id. */
  ack(channelId: string, request: OutboxAckRequest, now: Date): Promise<AckedStatus>;
}

export class OutboxNotFoundError extends Error {
  override readonly name = "OutboxNotFoundError";
  constructor(readonly id: string) {
    super(`outbox message ${id} not found for this channel`);
  }
}

const claimedRowsSchema = z.array(
  z.object({
    id: z.uuid(),
    chat_jid: z.string(),
    phone: z.string().nullable(),
    text: z.string(),
    kind: outboxKindSchema,
  }),
);

const ackResultSchema = z.enum(["sent", "pending", "failed"]);

export function rpcOutboxStore(db: SupabaseClient): OutboxStore {
  return {
    async claim(channelId, limit, now) {
      const rows = await callRpc(
        db,
        "claim_outbox",
        { p_channel_id: channelId, p_limit: limit, p_now: now.toISOString() },
        claimedRowsSchema,
      );
      return rows.map((row) => ({ id: row.id, chatJid: row.chat_jid, phone: row.phone, text: row.text, kind: row.kind }));
    },
    async ack(channelId, request, now) {
      try {
        return await callRpc(
          db,
          "ack_outbox",
          {
            p_channel_id: channelId,
            p_id: request.id,
            p_status: request.status,
            p_error: request.error ?? null,
            p_now: now.toISOString(),
          },
          ackResultSchema,
        );
      } catch (error) {
        if (error instanceof RpcError && error.code === OUTBOX_NOT_FOUND_SQLSTATE) {
          throw new OutboxNotFoundError(request.id);
        }
        throw error;
      }
    },
  };
}
