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
  const row = { id: ID, chat_jid: "447700900001@s.whatsapp.net", phone: "+447700900001", text: "Hi", kind: "staff_reply", params: {}, context: null };
  const { db, calls } = fakeDb({ data: [row], error: null, status: 200 });
  const messages = await rpcOutboxStore(db).claim(CHANNEL, 7, NOW);
  assert.deepEqual(messages, [{ id: ID, chatJid: row.chat_jid, phone: row.phone, text: "Hi", kind: "staff_reply" }]);
  assert.deepEqual(calls, [["claim_outbox", { p_channel_id: CHANNEL, p_limit: 7, p_now: NOW.toISOString(), p_paced_limit: null }]]);
});

Deno.test("the claim passes the bot's bound on paced messages", async () => {
  const { db, calls } = fakeDb({ data: [], error: null, status: 200 });
  await rpcOutboxStore(db).claim(CHANNEL, 20, NOW, 0);
  assert.deepEqual(calls, [["claim_outbox", { p_channel_id: CHANNEL, p_limit: 20, p_now: NOW.toISOString(), p_paced_limit: 0 }]]);
});

Deno.test("an ack passes a missing error and WhatsApp id as null and returns the row's status", async () => {
  const { db, calls } = fakeDb({ data: "pending", error: null, status: 200 });
  assert.equal(await rpcOutboxStore(db).ack(CHANNEL, { id: ID, status: "failed" }, NOW), "pending");
  assert.deepEqual(calls[0]?.[1], {
    p_channel_id: CHANNEL,
    p_id: ID,
    p_status: "failed",
    p_error: null,
    p_now: NOW.toISOString(),
    p_wa_message_id: null,
  });
});

Deno.test("an ack of a sent message passes WhatsApp's id of it", async () => {
  const { db, calls } = fakeDb({ data: "sent", error: null, status: 200 });
  await rpcOutboxStore(db).ack(CHANNEL, { id: ID, status: "sent", waMessageId: "3EB0ABC" }, NOW);
  assert.equal(calls[0]?.[1].p_wa_message_id, "3EB0ABC");
});

const CONTEXT = {
  clinic: { name: "Lakeside Physio", timezone: "Europe/London", language: "en", locale: "en-GB" },
  patient: null,
  conversation: null,
  appointment: null,
  freeTimes: null,
  catalog: { services: {}, providers: {} },
};

/** A database that answers each RPC by name, recording the calls. */
function scriptedDb(answers: Record<string, unknown>) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  const db = {
    rpc: (fn: string, args: Record<string, unknown>) => {
      calls.push([fn, args]);
      return Promise.resolve({ data: answers[fn], error: null, status: 200 });
    },
  } as unknown as SupabaseClient;
  return { db, calls };
}

Deno.test("rows without text are written, stored with one render_outbox call, and handed to the bot", async () => {
  const rows = [
    { id: ID, chat_jid: "1@s.whatsapp.net", phone: null, text: null, kind: "hand_back", params: {}, context: CONTEXT },
    { id: CHANNEL, chat_jid: "2@s.whatsapp.net", phone: null, text: "Hi", kind: "staff_reply", params: {}, context: null },
  ];
  const { db, calls } = scriptedDb({ claim_outbox: rows, render_outbox: 1 });
  const messages = await rpcOutboxStore(db).claim(CHANNEL, 20, NOW);
  assert.deepEqual(calls.map(([fn]) => fn), ["claim_outbox", "render_outbox"]);
  const rendered = calls[1]?.[1].p_rendered as Array<Record<string, unknown>>;
  assert.equal(rendered.length, 1);
  assert.match(String(rendered[0]?.text), /the assistant is back/);
  assert.deepEqual(messages.map((m) => [m.id, m.kind]), [[ID, "hand_back"], [CHANNEL, "staff_reply"]]);
  assert.equal(messages[0]?.text, rendered[0]?.text);
});

Deno.test("a row that cannot be written is reported to render_outbox with the reason and not handed to the bot", async () => {
  const rows = [{ id: ID, chat_jid: "1@s.whatsapp.net", phone: null, text: null, kind: "mystery", params: {}, context: CONTEXT }];
  const { db, calls } = scriptedDb({ claim_outbox: rows, render_outbox: 1 });
  assert.deepEqual(await rpcOutboxStore(db).claim(CHANNEL, 20, NOW), []);
  assert.deepEqual(calls[1]?.[1].p_rendered, [{ id: ID, error: 'no text is known for kind "mystery"' }]);
});

Deno.test("a claim with nothing to write is one round trip", async () => {
  const { db, calls } = scriptedDb({ claim_outbox: [] });
  assert.deepEqual(await rpcOutboxStore(db).claim(CHANNEL, 20, NOW), []);
  assert.deepEqual(calls.map(([fn]) => fn), ["claim_outbox"]);
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
