/**
 * A database with history, generated set-based (generate_series, a few INSERT … SELECT
 * statements, no row-by-row work): clinics shaped like the demo one (three practitioners, the same
 * three services, Monday–Saturday 09:00–17:00 in one of several time zones), their patients, and
 * for every clinic (the demo one included) the past months of 30-minute slots with appointments in
 * about 80 % of them (completed, no-show or cancelled), then the future slots as generate_slots()
 * makes them.
 *
 * The past is loaded as a restore would: with session_replication_role = replica, so the triggers
 * that guard live edits (and the foreign-key triggers) do not run per row; the rows are consistent
 * by construction (each appointment on its own slot, its practitioner's 30-minute service, a
 * patient of its clinic) and the exclusion and check constraints still apply.
 */
import type pg from "pg";

export interface HistoryOptions {
  /** Clinics in the database, the demo clinic included. */
  clinics: number;
  /** Historical appointments to aim for across all clinics. */
  appointments: number;
  patientsPerClinic: number;
}

export interface HistoryCounts {
  clinics: number;
  appointments: number;
  slots: number;
  patients: number;
  days: number;
}

const TIME_ZONES = ["America/New_York", "America/Chicago", "America/Mexico_City", "America/Sao_Paulo", "Europe/Madrid"];
const PROVIDERS_PER_CLINIC = 3;
const SLOTS_PER_DAY = 16;
const WORKING_DAYS_PER_WEEK = 6;
/** Of 100 slots in the past: 68 completed, 4 no-show, 8 cancelled (slot open again), 20 never booked. */
const COMPLETED_BELOW = 68;
const NO_SHOW_BELOW = 72;
const BOOKED_BELOW = 80;
const PERCENT = 100;
/** History patients' numbers (+1 444 …), apart from the +1 555 numbers benchmark patients use. */
const PATIENT_PREFIX = "+1444";

/** A slot's fate in the generated history, the same in both statements that need it (0–99). */
const fate = (provider: string, startsAt: string): string =>
  `(abs(hashtext(${provider}::text || extract(epoch from ${startsAt})::bigint::text)) % ${PERCENT})`;

/** The hashed fates give about BOOKED_BELOW % of slots an appointment, give or take this much. */
const FATE_MARGIN = 1.02;

/** Calendar days of history that give at least `options.appointments` across the clinics. */
export function historyDays(options: HistoryOptions): number {
  const perCalendarDay = (PROVIDERS_PER_CLINIC * SLOTS_PER_DAY * (BOOKED_BELOW / PERCENT) * WORKING_DAYS_PER_WEEK) / 7;
  return Math.ceil((options.appointments * FATE_MARGIN) / options.clinics / perCalendarDay);
}

export async function generateHistory(client: pg.ClientBase, options: HistoryOptions, log: (step: string) => void): Promise<HistoryCounts> {
  const days = historyDays(options);
  const existing = (await client.query<{ n: number }>("select count(*)::int as n from public.clinics")).rows[0]?.n ?? 0;
  const newClinics = Math.max(0, options.clinics - existing);

  log(`${newClinics} clinics like the demo one`);
  await client.query("begin");
  await client.query(
    `with new_clinics as (
       insert into public.clinics (name, timezone)
       select 'Bench clinic ' || n, ($2::text[])[1 + n % cardinality($2::text[])] from generate_series(1, $1::int) n
       returning id
     ), new_channels as (
       insert into public.channels (clinic_id, phone, secret)
       select id, '+1666' || lpad((row_number() over ())::text, 7, '0'), md5(random()::text) || md5(random()::text) from new_clinics
     ), new_providers as (
       insert into public.providers (clinic_id, name)
       select c.id, p.name from new_clinics c cross join unnest(array['Dr. Ana Reyes', 'Dr. Ben Cole', 'Nurse Kim Lee']) as p (name)
       returning id, clinic_id, name
     ), new_services as (
       insert into public.services (clinic_id, name, duration_minutes)
       select c.id, s.name, s.minutes from new_clinics c
        cross join (values ('General consultation', 30), ('Annual physical', 60), ('Vaccination', 30)) as s (name, minutes)
       returning id, clinic_id, name
     ), offers as (
       insert into public.provider_services (clinic_id, provider_id, service_id)
       select p.clinic_id, p.id, s.id from new_providers p join new_services s on s.clinic_id = p.clinic_id
        where (p.name like 'Nurse%') = (s.name = 'Vaccination')
     )
     insert into public.working_hours (clinic_id, provider_id, weekday, start_time, end_time)
     select p.clinic_id, p.id, d, time '09:00', time '17:00' from new_providers p cross join generate_series(1, 6) d`,
    [newClinics, TIME_ZONES],
  );
  await client.query("commit");

  log(`${options.patientsPerClinic} patients per clinic`);
  await client.query(
    `insert into public.patients (clinic_id, phone, name)
     select c.id, $2 || lpad(n::text, 7, '0'), 'History patient ' || n
       from public.clinics c cross join generate_series(1, $1::int) n
     on conflict do nothing`,
    [options.patientsPerClinic, PATIENT_PREFIX],
  );

  await client.query("begin");
  // As a restore does: rows consistent by construction, per-row guard and FK triggers off.
  await client.query("set local session_replication_role = replica");
  log(`${days} days of past slots`);
  await client.query(
    `insert into public.slots (clinic_id, provider_id, starts_at, ends_at, status)
     select g.clinic_id, g.provider_id, g.starts_at, g.starts_at + interval '30 minutes',
            (case when ${fate("g.provider_id", "g.starts_at")} < ${NO_SHOW_BELOW} then 'booked' else 'open' end)::public.slot_status
       from (select p.clinic_id, p.id as provider_id,
                    (day.d + time '09:00' + k * interval '30 minutes') at time zone c.timezone as starts_at
               from public.providers p
               join public.clinics c on c.id = p.clinic_id
              cross join generate_series(1, $1::int) back
              cross join lateral (select (now() at time zone c.timezone)::date - back as d) day
              cross join generate_series(0, ${SLOTS_PER_DAY - 1}) k
              where extract(isodow from day.d) between 1 and ${WORKING_DAYS_PER_WEEK}) g`,
    [days],
  );
  log("past appointments");
  await client.query(
    `insert into public.appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at,
                                      starts_at_local, status, cancelled_at, booked_by, cancelled_by, created_at)
     select s.clinic_id, s.id, pt.id, sv.id, s.provider_id, s.starts_at, s.ends_at, s.starts_at at time zone c.timezone,
            (case when f.fate < ${COMPLETED_BELOW} then 'completed' when f.fate < ${NO_SHOW_BELOW} then 'no_show' else 'cancelled' end)::public.appointment_status,
            case when f.fate >= ${NO_SHOW_BELOW} then s.starts_at - interval '1 day' end,
            'patient',
            case when f.fate >= ${NO_SHOW_BELOW} then 'patient' end,
            s.starts_at - interval '7 days'
       from public.slots s
       join public.clinics c on c.id = s.clinic_id
       join public.provider_services ps on ps.provider_id = s.provider_id
       join public.services sv on sv.id = ps.service_id and sv.duration_minutes = 30
       join public.patients pt on pt.clinic_id = s.clinic_id
                              and pt.phone = $1 || lpad((1 + abs(hashtext(s.id::text)) % $2::int)::text, 7, '0')
      cross join lateral (select ${fate("s.provider_id", "s.starts_at")} as fate) f
      where s.starts_at < now() and f.fate < ${BOOKED_BELOW}`,
    [PATIENT_PREFIX, options.patientsPerClinic],
  );
  await client.query("commit");

  log("future slots (generate_slots) and statistics (analyze)");
  await client.query("select public.generate_slots()");
  await client.query("analyze");
  const { rows } = await client.query<Omit<HistoryCounts, "days">>(
    `select (select count(*)::int from public.clinics) as clinics,
            (select count(*)::int from public.appointments) as appointments,
            (select count(*)::int from public.slots) as slots,
            (select count(*)::int from public.patients) as patients`,
  );
  return { ...rows[0]!, days };
}
