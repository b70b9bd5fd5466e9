/**
 * The outbox as the bot's routes see it: claim the channel's due messages, acknowledge one.
 * Claim is two RPCs for any batch: `claim_outbox` (due rows, with what each text is written from),
 * then, when some rows need writing, `render_outbox` (the texts written here, ./render.ts, and any
 * next conversation state). Ack is one RPC, `ack_outbox`. Locking, retry delays, reminder and
 * rebook scheduling, and applying a next state live in SQL where concurrent claims are safe.
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
import { type Rendered, renderRow } from "./render.ts";

/** SQLSTATE raised by ack_outbox for an id that is not this channel's outbox row. */
export const OUTBOX_NOT_FOUND_SQLSTATE = "OB001";

export type AckedStatus = OutboxAckResponse["status"];

export interface OutboxStore {
  /** At most `limit` messages, of which at most `pacedLimit` of paced kinds (all but staff_reply); undefined: no separate bound. */
  claim(channelId: string, limit: number, now: Date, pacedLimit?: number): Promise<OutboxMessage[]>;
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
    /** Null until written: the row then carries params and context instead. */
    text: z.string().nullable(),
    kind: outboxKindSchema,
    params: z.unknown(),
    context: z.unknown(),
  }),
);

const renderedCountSchema = z.number().int();
const ackResultSchema = z.enum(["sent", "pending", "failed"]);

/** render_outbox's item for one row. */
function wireItem(rendered: Rendered): Record<string, unknown> {
  return rendered.kind === "written"
    ? { id: rendered.id, text: rendered.text, nextState: rendered.nextState, stateVersion: rendered.stateVersion }
    : { id: rendered.id, error: rendered.error };
}

export function rpcOutboxStore(db: SupabaseClient): OutboxStore {
  return {
    async claim(channelId, limit, now, pacedLimit) {
      const rows = await callRpc(
        db,
        "claim_outbox",
        { p_channel_id: channelId, p_limit: limit, p_now: now.toISOString(), p_paced_limit: pacedLimit ?? null },
        claimedRowsSchema,
      );
      const rendered = rows.filter((row) => row.text === null).map((row) => renderRow(row, now));
      if (rendered.length > 0) {
        await callRpc(
          db,
          "render_outbox",
          { p_channel_id: channelId, p_rendered: rendered.map(wireItem), p_now: now.toISOString() },
          renderedCountSchema,
        );
      }
      const written = new Map(rendered.flatMap((r) => (r.kind === "written" ? [[r.id, r.text] as const] : [])));
      // A row that could not be written was failed by render_outbox and is not the bot's to send.
      return rows.flatMap((row) => {
        const text = row.text ?? written.get(row.id);
        return text === undefined ? [] : [{ id: row.id, chatJid: row.chat_jid, phone: row.phone, text, kind: row.kind }];
      });
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
            p_wa_message_id: request.waMessageId ?? null,
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
