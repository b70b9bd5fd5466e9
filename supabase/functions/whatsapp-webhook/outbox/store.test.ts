/** The outbox store's mapping between the RPCs' rows and the wire contract's shapes. */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { RpcError } from "../../_shared/rpc.ts";
import { OutboxNotFoundError, rpcOutboxStore } from "./store.ts";

const CHANNEL = "6f1c7c1e-8a51-4c89-9a57-0d5c3b1f2e01";
const ID = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const NOW = new Date("2030-01-10T12:00:00.000Z");

function fakeDb(answer: { data: unknown; error: { code: string; message: string } | null; status: number }) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const db = {
    rpc: (fn: string, args: Record<string, unknown>) => {
      calls.push([fn, args]);
      return Promise.resolve(answer);
    },
  } as unknown as SupabaseClient;
  return { db, calls };
}

Deno.test("claimed rows become contract messages and the claim passes channel, limit and time", async () => {
  const row = { id: ID, chat_jid: "447700900001@s.whatsapp.net", phone: "+447700900001", text: "Hi", kind: "reminder" };
  const { db, calls } = fakeDb({ data: [row], error: null, status: 200 });
  const messages = await rpcOutboxStore(db).claim(CHANNEL, 7, NOW);
  assert.deepEqual(messages, [{ id: ID, chatJid: row.chat_jid, phone: row.phone, text: "Hi", kind: "reminder" }]);
  assert.deepEqual(calls, [["claim_outbox", { p_channel_id: CHANNEL, p_limit: 7, p_now: NOW.toISOString() }]]);
});

Deno.test("an ack passes a missing error as null and returns the row's status", async () => {
  const { db, calls } = fakeDb({ data: "pending", error: null, status: 200 });
  assert.equal(await rpcOutboxStore(db).ack(CHANNEL, { id: ID, status: "failed" }, NOW), "pending");
  assert.deepEqual(calls[0]?.[1], { p_channel_id: CHANNEL, p_id: ID, p_status: "failed", p_error: null, p_now: NOW.toISOString() });
});

Deno.test("the database's OB001 becomes OutboxNotFoundError", async () => {
  const { db } = fakeDb({ data: null, error: { code: "OB001", message: "outbox message not found" }, status: 400 });
  await assert.rejects(rpcOutboxStore(db).ack(CHANNEL, { id: ID, status: "sent" }, NOW), OutboxNotFoundError);
});

Deno.test("other database failures pass through as RpcError", async () => {
  const { db } = fakeDb({ data: null, error: { code: "08006", message: "connection failure" }, status: 503 });
  await assert.rejects(rpcOutboxStore(db).ack(CHANNEL, { id: ID, status: "sent" }, NOW), (error: unknown) => {
    assert.ok(error instanceof RpcError);
    assert.equal(error.kind, "transient");
    return true;
  });
});
