/**
 * End to end (issue 11 §3): a fake Baileys socket emitting real `proto` messages, the production bot
 * (relay and outbox, with its pacing: short gaps configured here) and the whatsapp-webhook function
 * on the local stack. Three patients who have written to a clinic are booked on one day, a fourth on
 * another; staff add one campaigns row in Studio (as a Studio-like role) for that day; each of the
 * day's patients receives the notice once, written from the clinic's template, one after another
 * with the pacing gap between them; the campaign row counts them sent. A Spanish patient reads it in
 * Spanish. Runs in a clinic of its own, deleted afterwards. Needs FUNCTION_URL and DATABASE_URL.
 */
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Bot } from "../../bot/src/app.ts";
import { systemClock } from "../../bot/src/shared/clock.ts";
import { type FakeSocket, FakeSocketFactory, textMessage } from "../../bot/test/fake-socket.ts";
import { tempDir } from "../../bot/test/helpers.ts";
import { randomPhone } from "../../scripts/patient/client.ts";
import { ensureStudioRole, studioPool } from "../db/support/studio-role.ts";
import { startRealBot } from "./support.ts";

/** The outbox poller backs off to 30 s while idle; a cold function host takes a few seconds. */
const WAIT = { timeout: 90_000, interval: 100 };
const E2E_TIMEOUT_MS = 150_000;
/** The bot's pacing here: a second between any two proactive messages (jittered upwards by up to half). */
const PACE_GAP_S = 1;
const SECRET_BYTES = 24;
const BOT_NUMBER = "15550009997";
const ZONE = "America/New_York";

const jidOf = (phone: string) => `${phone.slice(1)}@s.whatsapp.net`;

let dir: Awaited<ReturnType<typeof tempDir>>;
let bot: Bot | undefined;
let db: pg.Client;
let studio: pg.Pool;
let socket: FakeSocket;
/** When the bot sent each message, by the clock the pacing uses. */
const sentAt = new Map<string, number>();
const clinicId = randomUUID();
const dayPatients = [
  { phone: randomPhone(), name: "Ana Day" },
  { phone: randomPhone(), name: "Ben Day" },
  { phone: randomPhone(), name: "Lucía Día", language: "es" },
];
const otherDay = { phone: randomPhone(), name: "Otto Other" };

beforeAll(async () => {
  dir = await tempDir("e2e-notices");
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  await ensureStudioRole(db);
  studio = studioPool(process.env.DATABASE_URL ?? "", 1);
  const secret = randomBytes(SECRET_BYTES).toString("hex");
  const channelId = randomUUID();
  await db.query(
    `insert into public.clinics (id, name, timezone, locale, reminder_hours_before) values ($1, 'Pier Clinic', $2, 'en-US', 0)`,
    [clinicId, ZONE],
  );
  await db.query("insert into public.channels (id, clinic_id, phone, secret) values ($1, $2, $3, $4)", [channelId, clinicId, `+${BOT_NUMBER}`, secret]);
  await db.query(
    `insert into public.message_templates (clinic_id, kind, name, language, body) values
       ($1, 'campaign', 'closed_today', 'en', 'Hi {patient}, {clinic} is closed on {day}: your {service} at {time} cannot go ahead. We will call you.'),
       ($1, 'campaign', 'closed_today', 'es', 'Hola, {patient}: {clinic} cierra el {day}; su cita de {service} a las {time} no puede mantenerse. Le llamaremos.')`,
    [clinicId],
  );

  const sockets = new FakeSocketFactory();
  bot = await startRealBot({
    sockets,
    dir: dir.path,
    env: {
      CHANNEL_ID: channelId,
      CHANNEL_SECRET: secret,
      PACE_GAP_S: String(PACE_GAP_S),
      PACE_CHAT_GAP_S: String(PACE_GAP_S),
    },
    outbox: true,
  });
  sockets.latest.open(BOT_NUMBER);
  socket = sockets.latest;
  const send = socket.sendMessage;
  socket.sendMessage = async (jid, content) => {
    const message = await send(jid, content);
    if (message?.key.id) sentAt.set(message.key.id, systemClock.now());
    return message;
  };
});

afterAll(async () => {
  await bot?.stop();
  await studio?.end();
  // The whole clinic goes, its appointments, chats, campaign and outbox with it.
  await db?.query("delete from public.clinics where id = $1", [clinicId]);
  await db?.end();
  await dir?.remove();
});

function sentTo(phone: string) {
  return socket.sentMessages.filter((m) => m.key.remoteJid === jidOf(phone));
}

/** Each patient has written to the clinic (so it may write to them), then is booked by staff on the day given. */
async function bookedOn(patient: { phone: string; name: string; language?: string }, day: string, hhmi: string): Promise<void> {
  socket.upsert([textMessage({ chatJid: jidOf(patient.phone), text: patient.language === "es" ? "hola" : "hi", pushName: patient.name })]);
  await vi.waitFor(() => expect(sentTo(patient.phone).length).toBeGreaterThanOrEqual(1), WAIT);
  await db.query(
    `with p as (select id from public.patients where clinic_id = $1 and phone = $2),
          provider as (select id from public.providers where clinic_id = $1),
          service as (select id from public.services where clinic_id = $1),
          slot as (
            insert into public.slots (clinic_id, provider_id, starts_at, ends_at, status)
            select $1, provider.id, ($3::date + $4::time) at time zone $5, ($3::date + $4::time) at time zone $5 + interval '30 minutes', 'booked'
              from provider returning id, provider_id, starts_at, ends_at)
     insert into public.appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
     select $1, slot.id, p.id, service.id, slot.provider_id, slot.starts_at, slot.ends_at, 'patient' from slot, p, service`,
    [clinicId, patient.phone, day, hhmi, ZONE],
  );
}

describe("a notice to one day's patients, end to end", () => {
  it("reaches each patient booked that day once, in their language, paced, and the campaign counts them", async () => {
    const { rows } = await db.query<{ day: string; next: string }>(
      `select to_char((now() at time zone $1)::date + 2, 'YYYY-MM-DD') as day, to_char((now() at time zone $1)::date + 3, 'YYYY-MM-DD') as next`,
      [ZONE],
    );
    const { day, next } = rows[0]!;
    await db.query("insert into public.providers (clinic_id, name) values ($1, 'Dr. Pier')", [clinicId]);
    await db.query("insert into public.services (clinic_id, name, duration_minutes, name_translations) values ($1, 'Check-up', 30, '{\"es\": \"Revisión\"}')", [clinicId]);
    for (const [i, patient] of dayPatients.entries()) await bookedOn(patient, day, `${9 + i}:00`);
    await bookedOn(otherDay, next, "09:00");
    const greeted = socket.sentMessages.length;

    // Staff add the notice in Studio: the day, the template, no send time (now).
    const added = await studio.query<{ id: string }>(
      "insert into public.campaigns (clinic_id, day, template_name) values ($1, $2, 'closed_today') returning id",
      [clinicId, day],
    );
    const campaignId = added.rows[0]!.id;

    for (const patient of dayPatients) await vi.waitFor(() => expect(sentTo(patient.phone)).toHaveLength(2), WAIT);
    const notices = socket.sentMessages.slice(greeted);
    expect(notices).toHaveLength(dayPatients.length);
    // Sorted: "Hi Ana…" < "Hi Ben…" < "Hola…".
    expect(notices.map((m) => m.message?.conversation ?? "").sort()).toEqual([
      expect.stringMatching(/^Hi Ana Day, Pier Clinic is closed on .+: your Check-up at 9:00 AM cannot go ahead\. We will call you\.$/),
      expect.stringMatching(/^Hi Ben Day, Pier Clinic is closed on .+: your Check-up at 10:00 AM cannot go ahead\. We will call you\.$/),
      expect.stringMatching(/^Hola, Lucía Día: Pier Clinic cierra el .+; su cita de Revisión a las 11:00 a\.m\. no puede mantenerse\. Le llamaremos\.$/),
    ]);
    // Paced: one after another, never closer than the configured gap.
    const times = notices.map((m) => sentAt.get(m.key.id ?? "") ?? 0).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(PACE_GAP_S * 1000);
    // With "typing…" before each, as a person would.
    for (const patient of dayPatients) expect(socket.presences.some((p) => p.type === "composing" && p.jid === jidOf(patient.phone))).toBe(true);

    // The row says so once the acks are in; nobody gets it twice, the other day's patient never.
    await vi.waitFor(async () => {
      const counts = await db.query("select status::text, queued_count, sent_count, failed_count, skipped_count from public.campaigns where id = $1", [campaignId]);
      expect(counts.rows[0]).toEqual({ status: "done", queued_count: 0, sent_count: 3, failed_count: 0, skipped_count: 0 });
    }, WAIT);
    await bot?.idle();
    for (const patient of dayPatients) expect(sentTo(patient.phone)).toHaveLength(2);
    expect(sentTo(otherDay.phone)).toHaveLength(1);
  }, E2E_TIMEOUT_MS);
});
