/**
 * A throw-away clinic for booking tests and benchmarks: its own providers, services, slots, patients
 * and conversations under a unique name, so runs never share rows with the seed or with each other.
 * Everything is created and called as service_role, as the function does in production.
 */
import { randomInt, randomUUID } from "node:crypto";
import pg from "pg";

/** A Monday far from today, so the fixture never depends on the wall clock; RPCs get it as p_now. */
export const FIXTURE_NOW = "2030-01-06T12:00:00Z";
/** The day the fixture's slots are on: the Monday after FIXTURE_NOW. */
const FIXTURE_WEEKDAY_MONDAY = 1;
const SLOT_MINUTES = 30;
const LONG_SERVICE_MINUTES = 60;
/** Patients each book once here; the per-patient limit is not what these runs measure. */
const FIXTURE_MAX_UPCOMING = 1000;
const FIRST_SLOT_LOCAL = "09:00";
/** Digits of a random, syntactically valid E.164 channel number (+ and up to 15 digits). */
const CHANNEL_PHONE_DIGITS = 12;

export interface BookingFixture {
  clinicId: string;
  shortServiceId: string;
  longServiceId: string;
  /** Every slot of the fixture, ordered by provider then time. */
  slotIds: string[];
  /** One conversation per patient, in creation order. */
  conversations: Array<{ conversationId: string; patientId: string }>;
  /** Deletes the clinic and, by cascade, everything created for it. */
  dispose(): Promise<void>;
}

export interface FixtureOptions {
  providers: number;
  slotsPerProvider: number;
  conversations: number;
}

/**
 * A pool whose connections act as service_role (the role the function's RPC calls run as). The role
 * is a startup parameter, so no query can run on a connection before the switch.
 */
export function serviceRolePool(databaseUrl: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, options: "-c role=service_role" });
}

function localTime(minutesAfterMidnight: number): string {
  const hours = Math.floor(minutesAfterMidnight / 60);
  const minutes = minutesAfterMidnight % 60;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

export async function createBookingFixture(pool: pg.Pool, options: FixtureOptions): Promise<BookingFixture> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const name = `fixture-${randomUUID()}`;
    const clinic = await client.query<{ id: string }>(
      `insert into public.clinics (name, timezone, slot_minutes, min_notice_minutes, max_upcoming_per_patient)
       values ($1, 'UTC', $2, 0, $3) returning id`,
      [name, SLOT_MINUTES, FIXTURE_MAX_UPCOMING],
    );
    const clinicId = clinic.rows[0]!.id;
    const phone = `+1${String(randomInt(10 ** (CHANNEL_PHONE_DIGITS - 1), 10 ** CHANNEL_PHONE_DIGITS))}`;
    const channel = await client.query<{ id: string }>(
      `insert into public.channels (clinic_id, phone, secret) values ($1, $2, $3) returning id`,
      [clinicId, phone, randomUUID() + randomUUID()],
    );
    const channelId = channel.rows[0]!.id;
    const services = await client.query<{ id: string; duration_minutes: number }>(
      `insert into public.services (clinic_id, name, duration_minutes)
       values ($1, 'Short visit', $2), ($1, 'Long visit', $3) returning id, duration_minutes`,
      [clinicId, SLOT_MINUTES, LONG_SERVICE_MINUTES],
    );
    const shortServiceId = services.rows.find((row) => row.duration_minutes === SLOT_MINUTES)!.id;
    const longServiceId = services.rows.find((row) => row.duration_minutes === LONG_SERVICE_MINUTES)!.id;

    const [startHours, startMinutes] = FIRST_SLOT_LOCAL.split(":").map(Number) as [number, number];
    const startMinute = startHours * 60 + startMinutes;
    const endTime = localTime(startMinute + options.slotsPerProvider * SLOT_MINUTES);
    await client.query(
      `with new_providers as (
         insert into public.providers (clinic_id, name)
         select $1, 'Provider ' || n from generate_series(1, $2::int) n
         returning id
       ),
       offers as (
         insert into public.provider_services (clinic_id, provider_id, service_id)
         select $1, p.id, s.id from new_providers p cross join unnest(array[$3::uuid, $4::uuid]) s (id)
       )
       insert into public.working_hours (clinic_id, provider_id, weekday, start_time, end_time)
       select $1, p.id, $5, $6::time, $7::time from new_providers p`,
      [clinicId, options.providers, shortServiceId, longServiceId, FIXTURE_WEEKDAY_MONDAY, FIRST_SLOT_LOCAL, endTime],
    );
    await client.query(`select public.generate_slots($1, 1, $2)`, [clinicId, FIXTURE_NOW]);
    const slots = await client.query<{ id: string }>(
      `select id from public.slots where clinic_id = $1 order by provider_id, starts_at`,
      [clinicId],
    );
    const conversations = await client.query<{ conversation_id: string; patient_id: string }>(
      `with new_patients as (
         insert into public.patients (clinic_id, phone)
         select $1, '+1555' || lpad(n::text, 7, '0') from generate_series(1, $3::int) n
         returning id, phone
       )
       insert into public.conversations (clinic_id, channel_id, patient_id, chat_jid)
       select $1, $2, p.id, substr(p.phone, 2) || '@s.whatsapp.net' from new_patients p
       returning id as conversation_id, patient_id`,
      [clinicId, channelId, options.conversations],
    );
    await client.query("commit");

    const expectedSlots = options.providers * options.slotsPerProvider;
    if (slots.rows.length !== expectedSlots) {
      throw new Error(`fixture generated ${slots.rows.length} slots, expected ${expectedSlots}`);
    }
    return {
      clinicId,
      shortServiceId,
      longServiceId,
      slotIds: slots.rows.map((row) => row.id),
      conversations: conversations.rows.map((row) => ({ conversationId: row.conversation_id, patientId: row.patient_id })),
      dispose: async () => {
        await pool.query("delete from public.clinics where id = $1", [clinicId]);
      },
    };
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}
