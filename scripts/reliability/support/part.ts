/** What each part of the reliability run reports: its checks (the verdicts) and a few facts. */
import pg from "pg";
import type { StackHandle } from "../../stack/stack.ts";
import type { Check } from "./checks.ts";
import type { Progress } from "../../bench/support/progress.ts";

export interface PartResult {
  part: string;
  title: string;
  seconds: number;
  checks: Check[];
  /** What happened, for the table's notes: counts, faults injected, recovery times. */
  facts: Record<string, number | string>;
  notes: string[];
}

/** What every part runs against. */
export interface RunContext {
  stack: StackHandle;
  /** The stack's log lines so far (restarts are logged there). */
  stackLog: readonly string[];
  /** Folder of this run's files (the bot's log, the JSON result). */
  dir: string;
  log: (line: string) => void;
  /** A progress line per part (silent inside tests). */
  progress: (label: string) => Progress;
}

/**
 * A fresh connection for `body`: the run restarts PostgreSQL, so nothing keeps one across parts.
 */
export async function withDatabase<T>(stack: StackHandle, body: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await db.connect();
  try {
    return await body(db);
  } finally {
    await db.end();
  }
}

/** Runs `fn` on `items` with at most `limit` at once. */
export async function inBatches<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await fn(items[index]!, index);
      }
    }),
  );
}

export { setTimeout as sleep } from "node:timers/promises";

/** Whether `promise` settled within `ms`; the timer is cleared either way, so nothing lingers. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
