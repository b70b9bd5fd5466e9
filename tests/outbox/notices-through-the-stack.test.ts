/**
 * Messages the clinic sends first, through the local stack: staff edit in Studio (as a Studio-like
 * role), the bot claims over HTTP and gets texts the function wrote, acks with WhatsApp's id, and
 * the patient answers through the real function. Covers the hand-back, the rebook offer whose
 * numbered answer moves the appointment through the normal flow (next state applied only to an
 * idle chat, version bumped), consent, and a row that cannot be written. Uses a channel of its own
 * (the consent case goes out on the clinic's first number, the demo channel).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { OUTBOX_ACK_PATH, OUTBOX_CLAIM_PATH, outboxAckResponseSchema, outboxClaimResponseSchema, type OutboxMessage } from "../../shared/contract/index.ts";
import { randomPhone } from "../../scripts/patient/client.ts";
import { choiceNumber, choices, Patient } from "../function-flow/support.ts";
import { bookConsultation, conversationOf as conversationOfOn } from "./support.ts";
import { createChannel, deleteChannel, newSecret, postSigned, stackEnv } from "../function-http/support.ts";
import { ensureStudioRole, studioPool } from "../db/support/studio-role.ts";

const env = stackEnv();
const secret = newSecret();
let channelId: string;
let admin: pg.Pool;
let studio: pg.Pool;
/** Closures added here, removed afterwards: other test files book the demo clinic's first free times. */
const closures: string[] = [];

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: env.databaseUrl, max: 2 });
  await ensureStudioRole(admin);
  studio = studioPool(env.databaseUrl, 2);
  const client = await admin.connect();
  try {
    channelId = await createChannel(client, env.channelId, { secret });
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await admin.query("delete from public.closures where id = any($1)", [closures]);
  const client = await admin.connect();
  try {
    await deleteChannel(client, channelId);
  } finally {
    client.release();
  }
  await Promise.all([admin.end(), studio.end()]);
});

const patientOnOurNumber = (name: string) =>
  new Patient(name, { functionUrl: env.functionUrl, channelId, channelSecret: secret });

async function claim(channel = channelId, channelSecret = secret): Promise<OutboxMessage[]> {
  const response = await postSigned(`${env.functionUrl}${OUTBOX_CLAIM_PATH}`, JSON.stringify({ limit: 50 }), { channelId: channel, secret: channelSecret });
  expect(response.status).toBe(200);
  return outboxClaimResponseSchema.parse(await response.json()).messages;
}

async function ack(id: string, waMessageId: string, channel = channelId, channelSecret = secret): Promise<string> {
  const response = await postSigned(`${env.functionUrl}${OUTBOX_ACK_PATH}`, JSON.stringify({ id, status: "sent", waMessageId }), {
    channelId: channel,
    secret: channelSecret,
  });
  expect(response.status).toBe(200);
  return outboxAckResponseSchema.parse(await response.json()).status;
}

const conversationOf = (patient: Patient) => conversationOfOn(admin, patient, channelId);
const book = (patient: Patient) => bookConsultation(patient, admin);

/** Staff close the clinic over the appointment's time, and the offer's grace period is skipped. */
async function closeOver(appointmentId: string): Promise<void> {
  const { rows } = await studio.query<{ id: string }>(
    `insert into public.closures (clinic_id, starts_at, ends_at, reason)
     select clinic_id, starts_at, ends_at, 'Burst pipe' from public.appointments where id = $1 returning id`,
    [appointmentId],
  );
  closures.push(rows[0]!.id);
  await claim(); // enqueues the offer, due after its grace period
  await admin.query("update public.outbox set send_after = now() where appointment_id = $1 and kind = 'rebook_offer'", [appointmentId]);
}

describe("messages the clinic sends first, through the stack", () => {
  it("a hand-back is written with the main menu, sent, and stored with WhatsApp's id", async () => {
    const patient = patientOnOurNumber("Hana Back");
    await patient.ask("hi");
    const conversation = await conversationOf(patient);
    await studio.query("update public.conversations set mode = 'human' where id = $1", [conversation.id]);
    await studio.query("update public.conversations set mode = 'bot' where id = $1", [conversation.id]);

    const [message] = (await claim()).filter((m) => m.kind === "hand_back");
    expect(message?.text).toMatch(/the assistant is back/);
    expect(message?.text).toContain("1. Book an appointment");
    expect(await ack(message!.id, "3EB0HANDBACK")).toBe("sent");
    const { rows } = await admin.query("select text, wa_message_id from public.outbox where id = $1", [message!.id]);
    expect(rows[0]).toEqual({ text: message!.text, wa_message_id: "3EB0HANDBACK" });
    expect(await patient.ask("1")).toMatch(/Which service/);
  });

  it("a rebook offer to an idle chat lists the first free times, and the patient's number moves the appointment", async () => {
    const patient = patientOnOurNumber("Rita Rebook");
    const old = await book(patient);
    await closeOver(old.id);
    const before = await conversationOf(patient);

    const [offer] = (await claim()).filter((m) => m.kind === "rebook_offer");
    expect(offer?.text).toMatch(/can't go ahead: the clinic is closed then/);
    const times = choices(offer!.text);
    expect(times.length).toBeGreaterThan(0);
    expect(await ack(offer!.id, "3EB0REBOOK")).toBe("sent");
    const after = await conversationOf(patient);
    expect(after.version).toBe(before.version + 1);
    expect(after.state).toMatchObject({ step: { kind: "pick_time", draft: { rescheduleOf: { appointmentId: old.id } } } });

    const summary = await patient.ask("1");
    expect(summary).toContain(`to *`);
    expect(summary).toContain(times[0]!.label);
    expect(await patient.ask(choiceNumber(summary, "Confirm"))).toMatch(/The old time is cancelled/);
    const { rows } = await admin.query(
      `select a.status::text, a.cancelled_by, a.rescheduled_from_id = $1 as rebooked from public.appointments a
        join public.patients p on p.id = a.patient_id where p.phone = $2 order by a.created_at`,
      [old.id, patient.phone],
    );
    expect(rows).toEqual([
      { status: "cancelled", cancelled_by: "patient", rebooked: null },
      { status: "booked", cancelled_by: null, rebooked: true },
    ]);
    const notices = await admin.query(
      "select kind::text from public.outbox where appointment_id = $1 and kind <> 'rebook_offer'", [old.id]);
    expect(notices.rows).toEqual([]);
  });

  it("a patient quiet for longer than the session answers the offer's number, not a fresh menu", async () => {
    const patient = patientOnOurNumber("Quiet Quinn");
    const old = await book(patient);
    // Their last message and the chat's last change were two hours ago (the session is 30 minutes).
    const { id } = await conversationOf(patient);
    await admin.query("update public.messages set created_at = created_at - interval '2 hours' where conversation_id = $1", [id]);
    await admin.query(
      "update public.conversations set last_inbound_at = last_inbound_at - interval '2 hours', updated_at = updated_at - interval '2 hours' where id = $1",
      [id],
    );
    await closeOver(old.id);
    const [offer] = (await claim()).filter((m) => m.kind === "rebook_offer");
    const times = choices(offer!.text);
    expect(times.length).toBeGreaterThan(0);
    await ack(offer!.id, "3EB0QUIET");
    const summary = await patient.ask("1");
    expect(summary).toContain(times[0]!.label);
    expect(summary).toMatch(/Please confirm/);
  });

  it("a rebook offer to a chat in the middle of a booking points to the menu and leaves the chat where it is", async () => {
    const patient = patientOnOurNumber("Mid Flow");
    const old = await book(patient);
    await patient.ask("menu");
    await patient.ask("1");
    await closeOver(old.id);
    const before = await conversationOf(patient);

    const [offer] = (await claim()).filter((m) => m.kind === "rebook_offer");
    expect(offer?.text).toMatch(/reply \*menu\*, then \*My appointments\*/);
    expect(choices(offer!.text)).toEqual([]);
    await ack(offer!.id, "3EB0MIDFLOW");
    expect(await conversationOf(patient)).toEqual(before);
  });

  it("a next state is not applied when the patient wrote between the claim and the ack", async () => {
    const patient = patientOnOurNumber("Quick Writer");
    const old = await book(patient);
    await closeOver(old.id);
    const [offer] = (await claim()).filter((m) => m.kind === "rebook_offer");
    expect(choices(offer!.text).length).toBeGreaterThan(0);
    await patient.ask("hi");
    const before = await conversationOf(patient);
    await ack(offer!.id, "3EB0QUICK");
    expect(await conversationOf(patient)).toEqual(before);
    const { rows } = await admin.query("select next_state_applied_at from public.outbox where id = $1", [offer!.id]);
    expect(rows[0].next_state_applied_at).toBeNull();
  });

  it("a caller booked by phone is messaged only if they agreed to it, and then on their number", async () => {
    // Times from the far end of the 14-day horizon: the function-flow tests book fixed times two to
    // six days ahead ("general consultation on friday at 11:30am"), and the first free times two
    // days out were, between 11:00 and 11:30 in the clinic's zone, exactly those (a CI run on a
    // Wednesday failed so).
    const free = await admin.query<{ provider_id: string; starts_at: Date }>(
      `select provider_id, starts_at from public.available_slots(
         (select clinic_id from public.channels where id = $1), '5e000000-0000-4000-8000-000000000001',
         now() + interval '10 days', now() + interval '14 days', now(), 2)`,
      [env.channelId],
    );
    const callers = [{ consent: false, phone: randomPhone() }, { consent: true, phone: randomPhone() }];
    for (const [i, caller] of callers.entries()) {
      await studio.query(
        `with caller as (
           insert into public.patients (clinic_id, phone, name, messaging_consent)
           select clinic_id, $2, $3, $4 from public.channels where id = $1 returning id
         )
         insert into public.appointments (patient_id, service_id, provider_id, starts_at)
         select id, '5e000000-0000-4000-8000-000000000001', $5, $6 from caller`,
        [env.channelId, caller.phone, `Caller ${randomUUID().slice(0, 4)}`, caller.consent, free.rows[i]!.provider_id, free.rows[i]!.starts_at],
      );
    }
    const queued = await admin.query<{ phone: string }>(
      "select phone from public.outbox where phone = any($1)", [callers.map((c) => c.phone)]);
    expect(queued.rows).toEqual([{ phone: callers[1]!.phone }]);

    const messages = (await claim(env.channelId, env.channelSecret)).filter((m) => m.phone === callers[1]!.phone);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: "appointment_booked", chatJid: `${callers[1]!.phone.slice(1)}@s.whatsapp.net` });
    expect(messages[0]!.text).toMatch(/^Harbor Family Clinic has booked your \*General consultation\* with Dr\./);
    expect(await ack(messages[0]!.id, "3EB0CALLER", env.channelId, env.channelSecret)).toBe("sent");
  });

  it("a row that cannot be written is failed with the reason and never handed to the bot", async () => {
    const patient = patientOnOurNumber("Broken Params");
    await patient.ask("hi");
    const conversation = await conversationOf(patient);
    const { rows } = await admin.query<{ id: string }>(
      `select public.enqueue_notice('appointment_moved', patient_id, '{"serviceName": "Cleaning"}', null, id) as id
         from public.conversations where id = $1`,
      [conversation.id],
    );
    const id = rows[0]!.id;
    expect((await claim()).map((m) => m.id)).not.toContain(id);
    const row = await admin.query("select status::text, last_error from public.outbox where id = $1", [id]);
    expect(row.rows[0].status).toBe("failed");
    expect(row.rows[0].last_error).toMatch(/^could not write the message: params\./);
  });
});
