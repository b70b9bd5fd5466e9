/**
 * The outbox routes through the local stack: a staff reply written straight into the table is
 * claimed over HTTP, acknowledged, and then appears in the conversation's history. Each test
 * uses its own channel so nothing else's messages are claimed.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import pg from "pg";
import {
  errorBodySchema,
  OUTBOX_ACK_PATH,
  OUTBOX_CLAIM_PATH,
  outboxAckResponseSchema,
  outboxClaimResponseSchema,
} from "../../shared/contract/index.ts";
import { countRows, createChannel, deleteChannel, newSecret, postSigned, stackEnv } from "./support.ts";

const env = stackEnv();
const secret = newSecret();
let client: pg.Client;
let channelId: string;
let conversationId: string;

const claimUrl = () => `${env.functionUrl}${OUTBOX_CLAIM_PATH}`;
const ackUrl = () => `${env.functionUrl}${OUTBOX_ACK_PATH}`;
const sign = () => ({ channelId, secret });

beforeAll(async () => {
  client = new pg.Client({ connectionString: env.databaseUrl });
  await client.connect();
  channelId = await createChannel(client, env.channelId, { secret });
  const phone = `+1555${String(Math.floor(1e6 + Math.random() * 8e6))}`;
  const patient = await client.query<{ id: string }>(
    `insert into public.patients (clinic_id, phone, name)
     select clinic_id, $2, 'Outbox Test' from public.channels where id = $1 returning id`,
    [channelId, phone],
  );
  const conversation = await client.query<{ id: string }>(
    `insert into public.conversations (clinic_id, channel_id, patient_id, chat_jid)
     select clinic_id, id, $2, $3 from public.channels where id = $1 returning id`,
    [channelId, patient.rows[0]?.id, `${phone.slice(1)}@s.whatsapp.net`],
  );
  conversationId = conversation.rows[0]!.id;
});

afterAll(async () => {
  await deleteChannel(client, channelId);
  await client.end();
});

test("a staff reply is claimed over HTTP, acknowledged as sent, and joins the conversation", async () => {
  const inserted = await client.query<{ id: string }>(
    "insert into public.outbox (conversation_id, text) values ($1, 'Your results are ready.') returning id",
    [conversationId],
  );
  const id = inserted.rows[0]!.id;

  const claim = await postSigned(claimUrl(), JSON.stringify({ limit: 10 }), sign());
  expect(claim.status).toBe(200);
  const claimed = outboxClaimResponseSchema.parse(await claim.json());
  expect(claimed.messages).toEqual([
    { id, chatJid: expect.stringContaining("@s.whatsapp.net"), phone: expect.stringMatching(/^\+1555/), text: "Your results are ready.", kind: "staff_reply" },
  ]);

  const again = outboxClaimResponseSchema.parse(await (await postSigned(claimUrl(), "{}", sign())).json());
  expect(again.messages).toEqual([]);

  const ack = await postSigned(ackUrl(), JSON.stringify({ id, status: "sent" }), sign());
  expect(ack.status).toBe(200);
  expect(outboxAckResponseSchema.parse(await ack.json())).toEqual({ success: true, id, status: "sent" });
  expect(await countRows(client, "select 1 from public.outbox where id = $1 and status = 'sent'", [id])).toBe(1);
  expect(await countRows(
    client,
    "select 1 from public.messages where conversation_id = $1 and direction = 'out' and body = 'Your results are ready.'",
    [conversationId],
  )).toBe(1);
});

test("a failed send is acknowledged and goes back to the queue for later", async () => {
  const inserted = await client.query<{ id: string }>(
    "insert into public.outbox (conversation_id, text) values ($1, 'Please call us.') returning id",
    [conversationId],
  );
  const id = inserted.rows[0]!.id;
  await postSigned(claimUrl(), "{}", sign());
  const ack = await postSigned(ackUrl(), JSON.stringify({ id, status: "failed", error: "socket closed" }), sign());
  expect(outboxAckResponseSchema.parse(await ack.json()).status).toBe("pending");
  const row = await client.query<{ last_error: string; later: boolean }>(
    "select last_error, send_after > now() as later from public.outbox where id = $1",
    [id],
  );
  expect(row.rows[0]).toEqual({ last_error: "socket closed", later: true });
});

test("acknowledging another channel's message is 400 invalid_payload naming the id, and leaves the row alone", async () => {
  const inserted = await client.query<{ id: string }>(
    "insert into public.outbox (conversation_id, text) values ($1, 'Not yours to ack.') returning id",
    [conversationId],
  );
  const id = inserted.rows[0]!.id;
  // Signed as the demo channel: the row belongs to this test's channel.
  const response = await postSigned(ackUrl(), JSON.stringify({ id, status: "sent" }), { channelId: env.channelId, secret: env.channelSecret });
  expect(response.status).toBe(400);
  const error = errorBodySchema.parse(await response.json()).error;
  expect(error.code).toBe("invalid_payload");
  expect(error.message).toMatch(/^id: /);
  const row = await client.query<{ status: string }>("select status from public.outbox where id = $1", [id]);
  expect(row.rows[0]?.status).toBe("pending");
  await client.query("delete from public.outbox where id = $1", [id]);
});

test("acknowledging an id that names no outbox message is the same 400 invalid_payload", async () => {
  const response = await postSigned(ackUrl(), JSON.stringify({ id: randomUUID(), status: "sent" }), sign());
  expect(response.status).toBe(400);
  expect(errorBodySchema.parse(await response.json()).error.code).toBe("invalid_payload");
});

test("a claim of more than fifty messages is 400 invalid_payload", async () => {
  const response = await postSigned(claimUrl(), JSON.stringify({ limit: 51 }), sign());
  expect(response.status).toBe(400);
  expect(errorBodySchema.parse(await response.json()).error.code).toBe("invalid_payload");
});

test("outbox routes need the same signature as turns", async () => {
  const response = await postSigned(claimUrl(), "{}", { channelId, secret: newSecret() });
  expect(response.status).toBe(401);
});
