/**
 * Benchmark: 200 conversations claim one slot at the same moment (the worst case for a popular
 * time), then 1,000 random claim-then-confirm attempts over 20 slots. Prints claims per second and
 * latency percentiles; nothing is asserted here (tests/db/ asserts the invariants).
 */
import type pg from "pg";
import { createBookingFixture, serviceRolePool } from "../../tests/db/support/booking-fixture.ts";
import { claimOneSlot, claimThenConfirmRandomly } from "../../tests/db/support/contention.ts";
import { benchStack } from "./bench-stack.ts";
import { printRun } from "./report.ts";

const CONTENDERS = 200;
const RANDOM_ATTEMPTS = 1000;
const RANDOM_PROVIDERS = 2;
const RANDOM_SLOTS_PER_PROVIDER = 10;
/** Connections used at once; the same as the concurrency tests. */
const POOL_SIZE = 40;

/**
 * Opens every pooled connection and runs the claim path once on each (an untimed contention round),
 * so neither connection set-up nor PL/pgSQL's first-call planning is counted as claim latency.
 */
async function warm(pool: pg.Pool): Promise<void> {
  const clients = await Promise.all(Array.from({ length: POOL_SIZE }, () => pool.connect()));
  for (const client of clients) client.release();
  const fixture = await createBookingFixture(pool, { providers: 1, slotsPerProvider: 1, conversations: POOL_SIZE });
  try {
    await claimOneSlot(pool, fixture, fixture.slotIds[0]!);
  } finally {
    await fixture.dispose();
  }
}

async function main(): Promise<void> {
  const stack = await benchStack();
  const pool = serviceRolePool(stack.databaseUrl, POOL_SIZE);
  try {
    await warm(pool);

    const single = await createBookingFixture(pool, { providers: 1, slotsPerProvider: 1, conversations: CONTENDERS });
    try {
      printRun(`claim_slot: ${CONTENDERS} conversations, one slot, ${POOL_SIZE} connections`,
        await claimOneSlot(pool, single, single.slotIds[0]!));
    } finally {
      await single.dispose();
    }

    const random = await createBookingFixture(pool, {
      providers: RANDOM_PROVIDERS,
      slotsPerProvider: RANDOM_SLOTS_PER_PROVIDER,
      conversations: RANDOM_ATTEMPTS,
    });
    try {
      printRun(
        `claim_slot + confirm_hold: ${RANDOM_ATTEMPTS} random attempts, ${random.slotIds.length} slots, 30/60-minute services`,
        await claimThenConfirmRandomly(pool, random),
      );
    } finally {
      await random.dispose();
    }
  } finally {
    await pool.end();
    await stack.close();
  }
}

await main();
