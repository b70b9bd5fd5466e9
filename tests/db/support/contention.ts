/**
 * The two contention scenarios shared by the concurrency tests and the benchmarks: many
 * conversations claiming one slot at once, and many random claim-then-confirm attempts over a few
 * slots with mixed service lengths. Each attempt records its outcome (ok or the SQLSTATE) and its
 * latency, including the wait for a pooled connection.
 */
import { randomInt } from "node:crypto";
import type pg from "pg";
import { FIXTURE_NOW, type BookingFixture } from "./booking-fixture.ts";

export interface Attempt {
  conversationId: string;
  /** "ok", or the SQLSTATE the database raised (BK001 = slot unavailable, …). */
  outcome: string;
  latencyMs: number;
}

export interface ScenarioRun {
  attempts: Attempt[];
  wallMs: number;
}

function sqlState(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") {
    return error.code;
  }
  throw error;
}

/**
 * One RPC call on a pooled connection. pg's pool.query() destroys the connection whenever the query
 * fails, so every refused claim would pay for a new connection; a database error (a raised BKnnn)
 * leaves the connection healthy, so it goes back to the pool here.
 */
async function rpc(pool: pg.Pool, sql: string, params: readonly unknown[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(sql, [...params]);
  } finally {
    client.release();
  }
}

async function attempt(conversationId: string, body: () => Promise<unknown>): Promise<Attempt> {
  const started = performance.now();
  try {
    await body();
    return { conversationId, outcome: "ok", latencyMs: performance.now() - started };
  } catch (error) {
    return { conversationId, outcome: sqlState(error), latencyMs: performance.now() - started };
  }
}

async function timedAll(attempts: Array<() => Promise<Attempt>>): Promise<ScenarioRun> {
  const started = performance.now();
  const results = await Promise.all(attempts.map((run) => run()));
  return { attempts: results, wallMs: performance.now() - started };
}

/** Every conversation of the fixture claims the same slot at the same moment. */
export function claimOneSlot(pool: pg.Pool, fixture: BookingFixture, slotId: string): Promise<ScenarioRun> {
  return timedAll(
    fixture.conversations.map(({ conversationId, patientId }) => () =>
      attempt(conversationId, () =>
        rpc(pool, "select public.claim_slot($1, $2, $3, $4, $5)", [
          conversationId,
          patientId,
          fixture.shortServiceId,
          slotId,
          FIXTURE_NOW,
        ]),
      ),
    ),
  );
}

/**
 * Every conversation picks a random slot and a random service (30 or 60 minutes), claims it and,
 * if the claim succeeded, confirms it in a second call, as the booking flow does.
 */
export function claimThenConfirmRandomly(pool: pg.Pool, fixture: BookingFixture): Promise<ScenarioRun> {
  return timedAll(
    fixture.conversations.map(({ conversationId, patientId }) => () => {
      const slotId = fixture.slotIds[randomInt(fixture.slotIds.length)]!;
      const serviceId = randomInt(2) === 0 ? fixture.shortServiceId : fixture.longServiceId;
      return attempt(conversationId, async () => {
        await rpc(pool, "select public.claim_slot($1, $2, $3, $4, $5)", [
          conversationId,
          patientId,
          serviceId,
          slotId,
          FIXTURE_NOW,
        ]);
        await rpc(pool, "select public.confirm_hold($1, $2, $3, $4)", [conversationId, patientId, serviceId, FIXTURE_NOW]);
      });
    }),
  );
}

/** Counts of each outcome, for assertions and reports. */
export function tally(attempts: readonly Attempt[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { outcome } of attempts) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return counts;
}

/** The p-th percentile (0..100) of the latencies, nearest-rank. */
export function percentile(attempts: readonly Attempt[], p: number): number {
  const sorted = attempts.map((a) => a.latencyMs).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
