/**
 * Slot contention in the database, as the slot engine's RPCs run it (service_role, straight to
 * Postgres, 40 pooled connections like the concurrency tests): 1,000 conversations claim one slot
 * at the same moment, then 10,000 random claim-then-confirm attempts over 1,000 slots with 30- and
 * 60-minute services. Winners, losers (by SQLSTATE), latency percentiles (including the wait for a
 * pooled connection), and afterwards the overlaps a double booking would leave, which must be 0.
 */
import type pg from "pg";
import { createBookingFixture, serviceRolePool, type BookingFixture } from "../../tests/db/support/booking-fixture.ts";
import { claimOneSlot, claimThenConfirmRandomly, tally, type ScenarioRun } from "../../tests/db/support/contention.ts";
import { exactly, figure, type Figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency } from "./support/stats.ts";
import { benchTarget } from "./support/stack-target.ts";
import { machineLoad, measure } from "./support/window.ts";
import { progress } from "./support/progress.ts";
import { overlaps } from "./support/overlaps.ts";

const ONE_SLOT_CONTENDERS = sized(1_000, 200);
const RANDOM_ATTEMPTS = sized(10_000, 1_000);
const RANDOM_PROVIDERS = sized(50, 10);
const SLOTS_PER_PROVIDER = 20;
/** Connections used at once; the same as the concurrency tests. */
const POOL_SIZE = 40;
const MS_PER_S = 1_000;

function summary(run: ScenarioRun): Record<string, unknown> {
  return {
    attempts: run.attempts.length,
    wallMs: run.wallMs,
    perSecond: (run.attempts.length / run.wallMs) * MS_PER_S,
    outcomes: Object.fromEntries(tally(run.attempts)),
    latency: latency(run.attempts.map((a) => a.latencyMs)),
  };
}

async function withFixture<T>(pool: pg.Pool, options: Parameters<typeof createBookingFixture>[1], body: (fixture: BookingFixture) => Promise<T>): Promise<T> {
  const fixture = await createBookingFixture(pool, options);
  try {
    return await body(fixture);
  } finally {
    await fixture.dispose();
  }
}

await runScenario("claim-contention", "Slot contention: claims of one slot, random claims over many", async () => {
  const target = await benchTarget();
  const pool = serviceRolePool(target.databaseUrl, POOL_SIZE);
  const line = progress("claim-contention");
  try {
    // Untimed: every pooled connection opened and the claim path planned once on each.
    await withFixture(pool, { providers: 1, slotsPerProvider: 1, conversations: POOL_SIZE }, (f) => claimOneSlot(pool, f, f.slotIds[0]!));

    line.update(`${ONE_SLOT_CONTENDERS} claims of one slot`);
    const one = await withFixture(pool, { providers: 1, slotsPerProvider: 1, conversations: ONE_SLOT_CONTENDERS }, async (f) => {
      const run = await measure(target, () => claimOneSlot(pool, f, f.slotIds[0]!));
      return { run: run.value, cpu: run.cpu, overlaps: await overlaps(pool, f.clinicId) };
    });
    line.update(`${RANDOM_ATTEMPTS} random claims over ${RANDOM_PROVIDERS * SLOTS_PER_PROVIDER} slots`);
    const random = await withFixture(
      pool,
      { providers: RANDOM_PROVIDERS, slotsPerProvider: SLOTS_PER_PROVIDER, conversations: RANDOM_ATTEMPTS },
      async (f) => {
        const run = await measure(target, () => claimThenConfirmRandomly(pool, f));
        return { run: run.value, cpu: run.cpu, overlaps: await overlaps(pool, f.clinicId), slots: f.slotIds.length };
      },
    );
    line.done("done");

    const oneOutcomes = tally(one.run.attempts);
    const randomOutcomes = tally(random.run.attempts);
    const oneLatency = latency(one.run.attempts.map((a) => a.latencyMs));
    const randomLatency = latency(random.run.attempts.map((a) => a.latencyMs));
    const losers = (outcomes: Map<string, number>): number => [...outcomes].filter(([o]) => o !== "ok").reduce((s, [, n]) => s + n, 0);
    const figures: Figure[] = [
      figure(`one slot: winners of ${ONE_SLOT_CONTENDERS}`, oneOutcomes.get("ok") ?? 0, "", exactly(oneOutcomes.get("ok") ?? 0, 1)),
      figure("one slot: losers", losers(oneOutcomes), ""),
      figure("one slot: claim p50", oneLatency.p50, "ms"),
      figure("one slot: claim p99", oneLatency.p99, "ms"),
      figure("one slot: overlaps afterwards", one.overlaps.appointments + one.overlaps.slots, "", exactly(one.overlaps.appointments + one.overlaps.slots, 0)),
      figure(`random: bookings of ${RANDOM_ATTEMPTS} attempts`, randomOutcomes.get("ok") ?? 0, ""),
      figure("random: refused", losers(randomOutcomes), ""),
      figure("random: claim + confirm p50", randomLatency.p50, "ms"),
      figure("random: claim + confirm p99", randomLatency.p99, "ms"),
      figure("random: attempts/s", (random.run.attempts.length / random.run.wallMs) * MS_PER_S, "/s"),
      figure("random: overlaps afterwards", random.overlaps.appointments + random.overlaps.slots, "", exactly(random.overlaps.appointments + random.overlaps.slots, 0)),
    ];
    return {
      figures,
      load: machineLoad(random.cpu),
      notes: [`latency includes the wait for one of ${POOL_SIZE} pooled connections; refusals by SQLSTATE are in the details (BK001 = taken)`],
      details: {
        oneSlot: { ...summary(one.run), overlaps: one.overlaps },
        random: { ...summary(random.run), overlaps: random.overlaps, slots: random.slots },
      },
    };
  } finally {
    await pool.end();
  }
});
