/**
 * 200 conversations claim the same slot at the same moment: the conditional update lets exactly one
 * of them hold it, and every other claim fails with BK001 instead of waiting or double-holding.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { createBookingFixture, serviceRolePool, type BookingFixture } from "./support/booking-fixture.ts";
import { claimOneSlot, tally } from "./support/contention.ts";
import { databaseUrl } from "./support/database-url.ts";

const CONTENDERS = 200;
/** Connections used at once: real parallelism, within the test cluster's max_connections. */
const POOL_SIZE = 40;

describe("200 concurrent claims of one slot", () => {
  let pool: pg.Pool;
  let fixture: BookingFixture;

  beforeAll(async () => {
    pool = serviceRolePool(databaseUrl(), POOL_SIZE);
    fixture = await createBookingFixture(pool, { providers: 1, slotsPerProvider: 1, conversations: CONTENDERS });
  });

  afterAll(async () => {
    await fixture?.dispose();
    await pool?.end();
  });

  it("gives the slot to exactly one conversation and refuses the others with BK001", async () => {
    const slotId = fixture.slotIds[0]!;
    const run = await claimOneSlot(pool, fixture, slotId);

    const outcomes = tally(run.attempts);
    expect(outcomes.get("ok")).toBe(1);
    expect(outcomes.get("BK001")).toBe(CONTENDERS - 1);
    expect(outcomes.size).toBe(2);

    const winner = run.attempts.find((a) => a.outcome === "ok")!;
    const slot = await pool.query<{ status: string; held_by: string }>(
      "select status, held_by from public.slots where id = $1",
      [slotId],
    );
    expect(slot.rows).toEqual([{ status: "held", held_by: winner.conversationId }]);
  });
});
