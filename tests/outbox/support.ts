/**
 * Helpers for the outbox through the local stack: a channel of the test's own (so its claims see
 * only its own patients), the bot's claim and ack over signed HTTP, and booking as a patient.
 */
import pg from "pg";
import { expect } from "vitest";
import { OUTBOX_ACK_PATH, OUTBOX_CLAIM_PATH, outboxAckResponseSchema, outboxClaimResponseSchema, type OutboxMessage } from "../../shared/contract/index.ts";
import { choiceNumber, choices, Patient, toTimes } from "../function-flow/support.ts";
import { createChannel, deleteChannel, newSecret, postSigned, stackEnv } from "../function-http/support.ts";

export interface OutboxChannel {
  id: string;
  secret: string;
  /** A patient writing to this channel (a fresh number). */
  patient(name: string): Patient;
  /** The bot's claim: everything due, as the bot gets it (`pacedLimit` as an up-to-date bot sends it). */
  claim(options?: { pacedLimit?: number }): Promise<OutboxMessage[]>;
  ack(id: string, waMessageId: string, status?: "sent" | "failed"): Promise<string>;
  dispose(): Promise<void>;
}

/** A second number of the demo clinic, for one test file. */
export async function outboxChannel(admin: pg.Pool): Promise<OutboxChannel> {
  const env = stackEnv();
  const secret = newSecret();
  const client = await admin.connect();
  let id: string;
  try {
    id = await createChannel(client, env.channelId, { secret });
  } finally {
    client.release();
  }
  return {
    id,
    secret,
    patient: (name) => new Patient(name, { functionUrl: env.functionUrl, channelId: id, channelSecret: secret }),
    async claim(options = {}) {
      const body = { limit: 50, ...(options.pacedLimit === undefined ? {} : { pacedLimit: options.pacedLimit }) };
      const response = await postSigned(`${env.functionUrl}${OUTBOX_CLAIM_PATH}`, JSON.stringify(body), { channelId: id, secret });
      expect(response.status).toBe(200);
      return outboxClaimResponseSchema.parse(await response.json()).messages;
    },
    async ack(outboxId, waMessageId, status = "sent") {
      const response = await postSigned(`${env.functionUrl}${OUTBOX_ACK_PATH}`, JSON.stringify({ id: outboxId, status, waMessageId }), { channelId: id, secret });
      expect(response.status).toBe(200);
      return outboxAckResponseSchema.parse(await response.json()).status;
    },
    async dispose() {
      const c = await admin.connect();
      try {
        await deleteChannel(c, id);
      } finally {
        c.release();
      }
    },
  };
}

/** Books the first time offered for the 30-minute consultation; the appointment's id and start. */
export async function bookConsultation(patient: Patient, admin: pg.Pool): Promise<{ id: string; startsAt: Date }> {
  const { reply } = await toTimes(patient, "General consultation");
  const next = await patient.ask(String(choices(reply)[0]!.number));
  const summary = next.includes("What name") ? await patient.ask("1") : next;
  expect(await patient.ask(choiceNumber(summary, "Confirm"))).toMatch(/confirmed/);
  const { rows } = await admin.query<{ id: string; starts_at: Date }>(
    `select a.id, a.starts_at from public.appointments a join public.patients p on p.id = a.patient_id
      where p.phone = $1 and a.status = 'booked'`,
    [patient.phone],
  );
  return { id: rows[0]!.id, startsAt: rows[0]!.starts_at };
}

/** The patient's conversation on `channelId`, as the database has it. */
export async function conversationOf(admin: pg.Pool, patient: Patient, channelId: string): Promise<{ id: string; version: number; state: unknown; mode: string }> {
  const { rows } = await admin.query(
    `select c.id, c.version, c.state, c.mode::text as mode from public.conversations c join public.patients p on p.id = c.patient_id
      where p.phone = $1 and c.channel_id = $2`,
    [patient.phone, channelId],
  );
  return rows[0];
}
