/**
 * Messages the clinic sends first (issue 11), through the local stack with the demo clinic's own
 * templates: the bot claims over HTTP, acks, and the patient answers through the real function.
 * Reproduces the shortcoming (a reminder whose answer nobody read as an answer): now "1"
 * confirms the visit. Also a Spanish patient, a reminder arriving mid-flow, an opt-out conversation,
 * and a notice to a day's patients added in Studio (as a Studio-like role).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { choices } from "../function-flow/support.ts";
import { stackEnv } from "../function-http/support.ts";
import { ensureStudioRole, studioPool } from "../db/support/studio-role.ts";
import { bookConsultation, conversationOf, outboxChannel, type OutboxChannel } from "./support.ts";

let admin: pg.Pool;
let studio: pg.Pool;
let channel: OutboxChannel;
const campaigns: string[] = [];
const DEMO_CLINIC = "c11a1c00-0000-4000-8000-000000000001";
let quietHours: { start: string | null; end: string | null };

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: stackEnv().databaseUrl, max: 2 });
  await ensureStudioRole(admin);
  studio = studioPool(stackEnv().databaseUrl, 2);
  channel = await outboxChannel(admin);
  // Reminders at any hour while this file runs, whatever the hour of the test run (quiet hours have their own tests).
  const { rows } = await admin.query("select quiet_hours_start::text as start, quiet_hours_end::text as end from public.clinics where id = $1", [DEMO_CLINIC]);
  quietHours = rows[0];
  await admin.query("update public.clinics set quiet_hours_start = null, quiet_hours_end = null where id = $1", [DEMO_CLINIC]);
});

afterAll(async () => {
  // Withdraw what a notice queued for other test files' patients that day.
  await studio.query("update public.campaigns set status = 'cancelled' where id = any($1) and status in ('scheduled', 'sending')", [campaigns]);
  await admin.query("update public.clinics set quiet_hours_start = $2, quiet_hours_end = $3 where id = $1", [DEMO_CLINIC, quietHours.start, quietHours.end]);
  await channel.dispose();
  await Promise.all([admin.end(), studio.end()]);
});

/** The reminder of the appointment, queued as the reminder job queues it when its moment comes. */
async function queueReminder(appointmentId: string): Promise<void> {
  await admin.query(
    `select public.enqueue_notice('reminder', patient_id, jsonb_build_object('appointmentId', id, 'startsAt', public.utc_iso(starts_at)), id, null, now())
       from public.appointments where id = $1`,
    [appointmentId],
  );
}

describe("a reminder that asks to confirm, through the stack", () => {
  it("reaches an idle chat with numbered answers in the clinic's words, and the patient's 1 confirms the visit", async () => {
    const patient = channel.patient("Rosa Reminder");
    const booked = await bookConsultation(patient, admin);
    await queueReminder(booked.id);
    const [reminder] = (await channel.claim()).filter((m) => m.kind === "reminder");
    expect(reminder?.text).toMatch(/^Hi Rosa Reminder! This is Harbor Family Clinic: a reminder of your \*General consultation\* with Dr\. /);
    expect(choices(reminder!.text).map((c) => c.label)).toEqual(["Yes, I'll be there", "Cancel it", "Choose another time"]);
    expect(await channel.ack(reminder!.id, "3EB0REMIND")).toBe("sent");
    expect((await conversationOf(admin, patient, channel.id)).state).toMatchObject({ step: { kind: "confirm_visit", appointment: { appointmentId: booked.id } } });

    expect(await patient.ask("1")).toMatch(/is \*confirmed\*\. See you then!/);
    const { rows } = await admin.query("select confirmed_at is not null as confirmed from public.appointments where id = $1", [booked.id]);
    expect(rows[0]).toEqual({ confirmed: true });
  });

  it("is written in the patient's language from the clinic's Spanish template, and sí confirms", async () => {
    const patient = channel.patient("Lucía Gómez");
    const booked = await bookConsultation(patient, admin);
    expect(await patient.ask("español")).toMatch(/le escribiré en español/);
    await queueReminder(booked.id);
    const [reminder] = (await channel.claim()).filter((m) => m.kind === "reminder");
    expect(reminder?.text).toMatch(/^¡Hola, Lucía Gómez! Le escribimos de Harbor Family Clinic para recordarle su cita de \*Consulta general\*/);
    expect(reminder?.text).toMatch(/¿Vendrá\?\n\n1\. Sí, allí estaré\n2\. Cancelarla\n3\. Elegir otra hora/);
    await channel.ack(reminder!.id, "3EB0RECORD");
    expect(await patient.ask("sí")).toMatch(/está \*confirmada\*/);
  });

  it("arriving mid-flow, it tells the patient to reply my appointments and leaves the chat where it is", async () => {
    const patient = channel.patient("Busy Bea");
    const booked = await bookConsultation(patient, admin);
    await patient.ask("menu");
    await patient.ask("1");
    const before = await conversationOf(admin, patient, channel.id);
    await queueReminder(booked.id);
    const [reminder] = (await channel.claim()).filter((m) => m.kind === "reminder");
    expect(reminder?.text).toMatch(/To change or cancel it, reply \*my appointments\*\.$/);
    expect(choices(reminder!.text)).toEqual([]);
    await channel.ack(reminder!.id, "3EB0BUSY");
    expect(await conversationOf(admin, patient, channel.id)).toEqual(before);
    expect(await patient.ask("my appointments")).toMatch(/Your upcoming appointments/);
  });
});

describe("stopping reminders and notices, through the stack", () => {
  it("stop messages asks once; yes records it, reminders stop, replies go on; start messages undoes it", async () => {
    const patient = channel.patient("Otto Out");
    const booked = await bookConsultation(patient, admin);
    expect(await patient.ask("stop messages")).toMatch(/^Stop reminders and notices from Harbor Family Clinic\?/);
    expect(await patient.ask("1")).toMatch(/^Done: we won't send you reminders or notices any more/);
    const stopped = await admin.query("select opted_out_at is not null as out from public.patients where phone = $1", [patient.phone]);
    expect(stopped.rows[0]).toEqual({ out: true });
    await queueReminder(booked.id);
    expect((await channel.claim()).filter((m) => m.kind === "reminder")).toEqual([]);
    expect(await patient.ask("hi")).toMatch(/1\. Book an appointment/);
    expect(await patient.ask("start messages")).toMatch(/^Done: you'll get reminders and notices again/);
    await queueReminder(booked.id);
    expect((await channel.claim()).filter((m) => m.kind === "reminder")).toHaveLength(1);
  });
});

describe("a notice to a day's patients, added in Studio", () => {
  it("goes once to the patient booked that day, in their language, and the row counts it", async () => {
    const patient = channel.patient("Nora Notice");
    const booked = await bookConsultation(patient, admin);
    const { rows } = await studio.query<{ id: string }>(
      `insert into public.campaigns (clinic_id, day, provider_id, template_name)
       select clinic_id, (starts_at at time zone 'America/New_York')::date, provider_id, 'provider_away' from public.appointments where id = $1
       returning id`,
      [booked.id],
    );
    campaigns.push(rows[0]!.id);
    const notices = (await channel.claim()).filter((m) => m.kind === "campaign" && m.phone === patient.phone);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/^Hi Nora Notice, this is Harbor Family Clinic\. We're sorry: Dr\. .+ is unwell and cannot see patients on .+, so your \*General consultation\* at \*.+\* cannot go ahead\./);
    expect(await channel.ack(notices[0]!.id, "3EB0NOTICE")).toBe("sent");
    expect((await channel.claim()).filter((m) => m.kind === "campaign" && m.phone === patient.phone)).toEqual([]);
    const counts = await admin.query("select sent_count from public.campaigns where id = $1", [rows[0]!.id]);
    expect(counts.rows[0].sent_count).toBeGreaterThanOrEqual(1);
    const recipient = await admin.query("select status from public.campaign_recipients where campaign_id = $1 and patient_phone = $2", [rows[0]!.id, patient.phone]);
    expect(recipient.rows).toEqual([{ status: "sent" }]);
    // The notice left the idle chat at the menu, where a bare stop answers it.
    expect(await patient.ask("stop")).toMatch(/^Stop reminders and notices from Harbor Family Clinic\?/);
  });
});
