/**
 * 1,000 conversations each claim a random one of 20 slots (two practitioners, 30- and 60-minute
 * services) and confirm it, all at once. Afterwards SQL checks the invariants directly: no slot is
 * booked twice, no two booked appointments of a practitioner overlap, and booked slots match the
 * appointments exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { createBookingFixture, serviceRolePool, type BookingFixture } from "./support/booking-fixture.ts";
import { claimThenConfirmRandomly, tally, type ScenarioRun } from "./support/contention.ts";
import { databaseUrl } from "./support/database-url.ts";

const ATTEMPTS = 1000;
const PROVIDERS = 2;
const SLOTS_PER_PROVIDER = 10;
const POOL_SIZE = 40;

describe("1,000 random concurrent claim-then-confirm attempts over 20 slots", () => {
  let pool: pg.Pool;
  let fixture: BookingFixture;
  let run: ScenarioRun;

  beforeAll(async () => {
    pool = serviceRolePool(databaseUrl(), POOL_SIZE);
    fixture = await createBookingFixture(pool, {
      providers: PROVIDERS,
      slotsPerProvider: SLOTS_PER_PROVIDER,
      conversations: ATTEMPTS,
    });
    run = await claimThenConfirmRandomly(pool, fixture);
  });

  afterAll(async () => {
    await fixture?.dispose();
    await pool?.end();
  });

  it("fails only with slot_unavailable (BK001), and some attempts succeed", () => {
    const outcomes = tally(run.attempts);
    expect([...outcomes.keys()].sort()).toEqual(["BK001", "ok"]);
    expect(outcomes.get("ok")).toBeGreaterThan(0);
  });

  it("books each successful attempt as exactly one appointment", async () => {
    const booked = await pool.query<{ count: number }>(
      "select count(*)::int as count from public.appointments where clinic_id = $1 and status = 'booked'",
      [fixture.clinicId],
    );
    expect(booked.rows[0]!.count).toBe(tally(run.attempts).get("ok"));
  });

  it("never books one slot for two appointments", async () => {
    const doubled = await pool.query(
      `select s.id, count(a.id) as appointments
         from public.slots s
         join public.appointments a
           on a.provider_id = s.provider_id and a.status = 'booked'
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)
        where s.clinic_id = $1
        group by s.id
       having count(a.id) > 1`,
      [fixture.clinicId],
    );
    expect(doubled.rows).toEqual([]);
  });

  it("leaves no two booked appointments of a practitioner overlapping", async () => {
    const overlapping = await pool.query(
      `select a.id, b.id
         from public.appointments a
         join public.appointments b
           on a.provider_id = b.provider_id and a.id < b.id
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        where a.clinic_id = $1 and a.status = 'booked' and b.status = 'booked'`,
      [fixture.clinicId],
    );
    expect(overlapping.rows).toEqual([]);
  });

  it("marks exactly the slots under booked appointments as booked", async () => {
    const mismatched = await pool.query(
      `select s.id, s.status, exists (
                select 1 from public.appointments a
                 where a.provider_id = s.provider_id and a.status = 'booked'
                   and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)
              ) as under_appointment
         from public.slots s
        where s.clinic_id = $1
          and (s.status = 'booked') <> exists (
                select 1 from public.appointments a
                 where a.provider_id = s.provider_id and a.status = 'booked'
                   and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)
              )`,
      [fixture.clinicId],
    );
    expect(mismatched.rows).toEqual([]);
  });
});
