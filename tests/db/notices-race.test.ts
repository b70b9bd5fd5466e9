/**
 * Exactly once under concurrency (issue 11 §2, §3): the reminder job (pg_cron), every bot claim and
 * the campaign job all queue the same messages, from many connections at once and again and again;
 * each appointment gets one reminder and each patient of a campaign's day one notice, and, once a
 * closure stops the day's appointments, one offer of new times each. Meanwhile the bot acknowledges
 * and staff cancel a campaign: the counts on the campaign row stay the truth and nothing deadlocks.
 * Everything runs as service_role (the function and pg_cron), staff as a Studio-like role.
 */
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { serviceRolePool } from "./support/booking-fixture.ts";
import { databaseUrl } from "./support/database-url.ts";
import { ensureStudioRole, studioPool } from "./support/studio-role.ts";

const PATIENTS = 30;
/** Connections at once: real parallelism within the cluster's max_connections. */
const POOL_SIZE = 16;
/** Calls per round across the pool, and rounds (a run repeated, as pg_cron and claims repeat). */
const CALLS_PER_ROUND = 48;
const ROUNDS = 4;
/**
 * The plans a busy database may choose for the same scan, forced per connection: sequential scans
 * (the rows' physical order) or index scans (the indexes' order). The appointments are written in
 * the reverse of their times (below), so the two visit them in opposite orders, as the reminder
 * job over every clinic and a claim's scan of one clinic did in a CI run, where queueing in
 * opposite orders deadlocked (40P01) on each other's not yet committed rows.
 */
const PLANS = ["-c enable_seqscan=off", "-c enable_indexscan=off -c enable_bitmapscan=off"];

let admin: pg.Pool;
let pool: pg.Pool;
/** The same service-role connections, half of them planning with sequential scans only. */
let plannedPools: pg.Pool[];
let studio: pg.Pool;
const clinicId = randomUUID();
const channelId = randomUUID();

/** The clinic's day tomorrow (London), as the campaign names it. */
async function tomorrow(): Promise<string> {
  const { rows } = await admin.query<{ day: string }>("select to_char((now() at time zone 'Europe/London')::date + 1, 'YYYY-MM-DD') as day");
  return rows[0]!.day;
}

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: databaseUrl(), max: 2 });
  pool = serviceRolePool(databaseUrl(), POOL_SIZE);
  plannedPools = PLANS.map((plan) => new pg.Pool({ connectionString: databaseUrl(), max: POOL_SIZE / 2, options: `-c role=service_role ${plan}` }));
  await ensureStudioRole(admin);
  studio = studioPool(databaseUrl(), 2);
  const phone = `+4420${String(randomInt(10 ** 8, 10 ** 9))}`;
  // Reminders 48 hours before, no quiet hours: every appointment tomorrow is due now.
  await admin.query(
    `insert into public.clinics (id, name, timezone, reminder_hours_before, quiet_hours_start, quiet_hours_end)
     values ($1, $2, 'Europe/London', 48, null, null)`,
    [clinicId, `Race clinic ${clinicId.slice(0, 8)}`],
  );
  await admin.query("insert into public.channels (id, clinic_id, phone, secret) values ($1, $2, $3, $4)", [channelId, clinicId, phone, "s".repeat(40)]);
  await admin.query(
    `with provider as (insert into public.providers (clinic_id, name) values ($1, 'Dr. Race') returning id),
          service as (insert into public.services (clinic_id, name, duration_minutes) values ($1, 'Check-up', 10) returning id),
          people as (
            insert into public.patients (clinic_id, phone, name)
            select $1, '+447700' || lpad((900000 + n)::text, 6, '0') || lpad($3::text, 2, '0'), 'Racer ' || n from generate_series(1, $2::int) n
            returning id, phone, name),
          chats as (
            insert into public.conversations (clinic_id, channel_id, patient_id, chat_jid)
            select $1, $4, id, ltrim(phone, '+') || '@s.whatsapp.net' from people returning patient_id),
          times as (
            select p.id as patient_id, row_number() over (order by p.name) as n from people p),
          slots as (
            insert into public.slots (clinic_id, provider_id, starts_at, ends_at, status)
            select $1, (select id from provider),
                   (((now() at time zone 'Europe/London')::date + 1) + time '08:00') at time zone 'Europe/London' + (t.n * interval '10 minutes'),
                   (((now() at time zone 'Europe/London')::date + 1) + time '08:10') at time zone 'Europe/London' + (t.n * interval '10 minutes'),
                   'booked'
              from times t
            returning id, starts_at, ends_at, provider_id)
     insert into public.appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by, created_at)
     select $1, s.id, t.patient_id, (select id from service), s.provider_id, s.starts_at, s.ends_at, 'patient', now() - interval '7 days'
       from slots s join times t on s.starts_at = (((now() at time zone 'Europe/London')::date + 1) + time '08:00') at time zone 'Europe/London' + (t.n * interval '10 minutes')
      order by s.starts_at desc`,
    [clinicId, PATIENTS, randomInt(100), channelId],
  );
});

afterAll(async () => {
  await admin?.query("delete from public.clinics where id = $1", [clinicId]);
  await Promise.all([admin?.end(), pool?.end(), studio?.end(), ...(plannedPools ?? []).map((p) => p.end())]);
});

/** One call on a pooled connection; resolves to "ok" or the SQLSTATE it failed with. */
async function call(sql: string, params: unknown[], on: pg.Pool): Promise<string> {
  const client = await on.connect();
  try {
    await client.query(sql, params);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    client.release();
  }
}

const JOBS: ((on: pg.Pool) => Promise<string>)[] = [
  (on) => call("select public.enqueue_reminders(now(), $1)", [clinicId], on),
  (on) => call("select public.enqueue_reminders()", [], on),
  (on) => call("select public.enqueue_campaigns(now(), $1)", [clinicId], on),
  (on) => call("select public.enqueue_campaigns()", [], on),
  // A claim queues both too; it takes nothing paced (pacedLimit 0), so the rows stay to be counted.
  (on) => call("select count(*) from public.claim_outbox($1, 50, now(), 0)", [channelId], on),
];

describe("queueing reminders and notices from many places at once", () => {
  it("gives each appointment one reminder and each patient of the day one notice, whatever runs how often", async () => {
    await studio.query("insert into public.campaigns (clinic_id, day, text) values ($1, $2, 'We open late on {day}.')", [clinicId, await tomorrow()]);
    for (let round = 0; round < ROUNDS; round += 1) {
      const outcomes = await Promise.all(
        Array.from({ length: CALLS_PER_ROUND }, (_, i) => JOBS[(i + round) % JOBS.length]!(plannedPools[i % plannedPools.length]!)),
      );
      expect(outcomes.filter((o) => o !== "ok"), `round ${round}`).toEqual([]);
    }
    const { rows } = await admin.query<{ kind: string; rows: number; distinct_keys: number }>(
      `select kind::text, count(*)::int as rows, count(distinct coalesce(appointment_id::text, '') || patient_id::text)::int as distinct_keys
         from public.outbox where clinic_id = $1 group by kind order by kind`,
      [clinicId],
    );
    expect(rows).toEqual([
      { kind: "reminder", rows: PATIENTS, distinct_keys: PATIENTS },
      { kind: "campaign", rows: PATIENTS, distinct_keys: PATIENTS },
    ].sort((a, b) => a.kind.localeCompare(b.kind)));
    const campaign = await admin.query("select status::text, queued_count, sent_count, failed_count, skipped_count from public.campaigns where clinic_id = $1", [clinicId]);
    expect(campaign.rows).toEqual([{ status: "sending", queued_count: PATIENTS, sent_count: 0, failed_count: 0, skipped_count: 0 }]);
  });

  it("keeps the campaign's counts true while the bot claims and acknowledges and staff cancel it", async () => {
    const bot = async (): Promise<string[]> => {
      const outcomes: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const client = await pool.connect();
        try {
          const { rows } = await client.query<{ id: string }>("select id from public.claim_outbox($1, 5, now(), 5) where kind = 'campaign'", [channelId]);
          for (const row of rows) {
            await client.query("update public.outbox set text = coalesce(text, 'Written') where id = $1", [row.id]);
            const status = i % 3 === 0 ? "failed" : "sent";
            await client.query("select public.ack_outbox($1, $2, $3, 'test', now())", [channelId, row.id, status]);
          }
          outcomes.push("ok");
        } catch (error) {
          outcomes.push((error as { code?: string }).code ?? String(error));
        } finally {
          client.release();
        }
      }
      return outcomes;
    };
    const staff = async (): Promise<string> => {
      await new Promise((resolve) => setTimeout(resolve, randomInt(5, 30)));
      await studio.query("update public.campaigns set status = 'cancelled' where clinic_id = $1", [clinicId]);
      return "ok";
    };
    const outcomes = (await Promise.all([bot(), bot(), bot(), staff().then((o) => [o])])).flat();
    expect(outcomes.filter((o) => o !== "ok")).toEqual([]);
    const truth = await admin.query<{ queued: number; sent: number; failed: number }>(
      `select count(*) filter (where status in ('pending', 'sending'))::int as queued, count(*) filter (where status = 'sent')::int as sent,
              count(*) filter (where status = 'failed')::int as failed from public.outbox where clinic_id = $1 and kind = 'campaign'`,
      [clinicId],
    );
    const row = await admin.query("select status::text, queued_count as queued, sent_count as sent, failed_count as failed from public.campaigns where clinic_id = $1", [clinicId]);
    expect(row.rows[0]).toEqual({ status: "cancelled", ...truth.rows[0] });
    expect(truth.rows[0]!.sent + truth.rows[0]!.failed + truth.rows[0]!.queued).toBeLessThanOrEqual(PATIENTS);
  });

  it("offers new times once per appointment that can no longer go ahead, whatever runs at once", async () => {
    // Dr. Race is away tomorrow: every appointment of the day is to be rebooked. The job over every
    // clinic (pg_cron) and each claim (its clinic) queue the offers, as reminders are queued.
    await admin.query(
      `insert into public.closures (clinic_id, provider_id, starts_at, ends_at, reason)
       select $1, p.id, now(), now() + interval '3 days', 'Training' from public.providers p where p.clinic_id = $1`,
      [clinicId],
    );
    const offers: ((on: pg.Pool) => Promise<string>)[] = [
      (on) => call("select public.enqueue_rebook_offers($1, now())", [clinicId], on),
      (on) => call("select public.enqueue_rebook_offers()", [], on),
      (on) => call("select count(*) from public.claim_outbox($1, 50, now(), 0)", [channelId], on),
    ];
    for (let round = 0; round < ROUNDS; round += 1) {
      const outcomes = await Promise.all(
        Array.from({ length: CALLS_PER_ROUND }, (_, i) => offers[(i + round) % offers.length]!(plannedPools[i % plannedPools.length]!)),
      );
      expect(outcomes.filter((o) => o !== "ok"), `round ${round}`).toEqual([]);
    }
    const { rows } = await admin.query<{ rows: number; appointments: number }>(
      `select count(*)::int as rows, count(distinct appointment_id)::int as appointments
         from public.outbox where clinic_id = $1 and kind = 'rebook_offer'`,
      [clinicId],
    );
    expect(rows).toEqual([{ rows: PATIENTS, appointments: PATIENTS }]);
  });
});
