/**
 * Helpers for staff alerts and answers from the phone through the local stack: a channel of the demo
 * clinic for one test file (its outbox is the file's alone), alert phones added for the file and
 * removed after, the clinic's alert hours opened for the file, messages sent as the bot relays them
 * (with WhatsApp's quote), and the outbox claimed and acknowledged as the bot does.
 */
import pg from "pg";
import { expect } from "vitest";
import {
  DEAD_LETTER_PATH,
  type InboundMessage,
  OUTBOX_ACK_PATH,
  OUTBOX_CLAIM_PATH,
  outboxClaimResponseSchema,
  type OutboxMessage,
  turnResponseSchema,
  type TurnResponse,
} from "../../shared/contract/index.ts";
import { jidOf, newMessageId, randomPhone } from "../../scripts/patient/client.ts";
import { createChannel, deleteChannel, newSecret, postSigned, stackEnv } from "../function-http/support.ts";

export interface StaffFixture {
  env: ReturnType<typeof stackEnv>;
  admin: pg.Pool;
  channelId: string;
  secret: string;
  clinicId: string;
  /** Restores what the file changed on the demo clinic, removes its channel and alert phones. */
  close(): Promise<void>;
}

/** A channel of the demo clinic for this file, with the clinic's alert hours open all day meanwhile. */
export async function staffFixture(): Promise<StaffFixture> {
  const env = stackEnv();
  const admin = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  const secret = newSecret();
  const client = await admin.connect();
  let channelId: string;
  try {
    channelId = await createChannel(client, env.channelId, { secret });
  } finally {
    client.release();
  }
  const { rows } = await admin.query<{ clinic_id: string; alert_hours_start: string; alert_hours_end: string }>(
    `select c.id as clinic_id, c.alert_hours_start::text, c.alert_hours_end::text
       from public.clinics c join public.channels ch on ch.clinic_id = c.id where ch.id = $1`,
    [channelId],
  );
  const clinic = rows[0]!;
  await alertHours(admin, clinic.clinic_id, "00:00", "23:59:59.999");
  return {
    env,
    admin,
    channelId,
    secret,
    clinicId: clinic.clinic_id,
    async close() {
      await admin.query("delete from public.staff where clinic_id = $1 and alert_phone like '+1555%' and user_id is null", [clinic.clinic_id]);
      await alertHours(admin, clinic.clinic_id, clinic.alert_hours_start, clinic.alert_hours_end);
      const c = await admin.connect();
      try {
        await deleteChannel(c, channelId);
      } finally {
        c.release();
      }
      await admin.end();
    },
  };
}

export async function alertHours(admin: pg.Pool, clinicId: string, start: string, end: string): Promise<void> {
  await admin.query("update public.clinics set alert_hours_start = $2, alert_hours_end = $3 where id = $1", [clinicId, start, end]);
}

/** A staff member alerted on a fresh +1555 number (no login), in `language` (null: the clinic's). */
export async function addAlertPhone(f: StaffFixture, name: string, language: string | null = null): Promise<{ id: string; phone: string }> {
  const phone = randomPhone();
  const { rows } = await f.admin.query<{ id: string }>(
    "insert into public.staff (clinic_id, display_name, alert_phone, alert_language) values ($1, $2, $3, $4) returning id",
    [f.clinicId, name, phone, language],
  );
  return { id: rows[0]!.id, phone };
}

export interface Sender {
  phone: string | null;
  chatJid: string;
  pushName: string | null;
}

export function senderOf(phone: string, pushName: string | null = null): Sender {
  return { phone, chatJid: jidOf(phone), pushName };
}

/** A message as the bot relays it, with WhatsApp's quote when given; the function's answer. */
export async function say(
  f: StaffFixture,
  from: Sender,
  text: string,
  options: { quoted?: string; messageId?: string } = {},
): Promise<TurnResponse & { messageId: string }> {
  const message: InboundMessage = {
    messageId: options.messageId ?? newMessageId(),
    chatJid: from.chatJid,
    phone: from.phone,
    pushName: from.pushName,
    message: text,
    timestamp: new Date().toISOString(),
    ...(options.quoted === undefined ? {} : { quoted: { messageId: options.quoted, text: null } }),
  };
  const response = await postSigned(f.env.functionUrl, JSON.stringify(message), { channelId: f.channelId, secret: f.secret });
  expect(response.status, `"${text}"`).toBe(200);
  return { ...turnResponseSchema.parse(await response.json()), messageId: message.messageId };
}

export async function claim(f: StaffFixture): Promise<OutboxMessage[]> {
  const response = await postSigned(`${f.env.functionUrl}${OUTBOX_CLAIM_PATH}`, JSON.stringify({ limit: 50 }), { channelId: f.channelId, secret: f.secret });
  expect(response.status).toBe(200);
  return outboxClaimResponseSchema.parse(await response.json()).messages;
}

/** Acknowledges a sent message with the WhatsApp id the bot would report. */
export async function ack(f: StaffFixture, id: string, waMessageId: string): Promise<void> {
  const response = await postSigned(`${f.env.functionUrl}${OUTBOX_ACK_PATH}`, JSON.stringify({ id, status: "sent", waMessageId }), {
    channelId: f.channelId,
    secret: f.secret,
  });
  expect(response.status).toBe(200);
}

/** Claims everything due, acknowledges each with a made-up WhatsApp id, and returns them with it. */
export async function deliver(f: StaffFixture): Promise<Array<OutboxMessage & { waMessageId: string }>> {
  const messages = await claim(f);
  const delivered = [];
  for (const message of messages) {
    const waMessageId = `BOT${newMessageId()}`;
    await ack(f, message.id, waMessageId);
    delivered.push({ ...message, waMessageId });
  }
  return delivered;
}

export async function deadLetter(f: StaffFixture, from: Sender, text: string, messageId = newMessageId()): Promise<Response> {
  const report = {
    messageId,
    chatJid: from.chatJid,
    phone: from.phone,
    pushName: from.pushName,
    message: text,
    timestamp: new Date().toISOString(),
    reason: "function unavailable for 60 minutes",
  };
  return postSigned(`${f.env.functionUrl}${DEAD_LETTER_PATH}`, JSON.stringify(report), { channelId: f.channelId, secret: f.secret });
}

export function newPatient(pushName = "Ana Lopez"): Sender {
  return senderOf(randomPhone(), pushName);
}
