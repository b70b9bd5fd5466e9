/**
 * The stack library itself: one stack per data directory, a clean stop, and a restart that keeps
 * the data and does not seed again. Uses its own temporary directory and free ports.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { startStack, type StackHandle } from "../../scripts/stack/stack.ts";
import { StackLockedError } from "../../scripts/stack/lock.ts";
import { isAlive } from "../../scripts/stack/processes.ts";
import { makeTestStackDir } from "../../scripts/test/isolated-stack.ts";
import { withDb } from "../function-http/support.ts";

const dataDir = makeTestStackDir();
const envFile = path.join(dataDir, "stack.env");
const start = (): Promise<StackHandle> => startStack({ dataDir, ephemeral: true, envFile });

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return (await withDb(url, (db) => db.query<T>(sql))).rows;
}

let clusterDir: string | null = null;
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  if (clusterDir && !clusterDir.startsWith(dataDir)) rmSync(path.dirname(clusterDir), { recursive: true, force: true });
});

describe("the stack library", () => {
  it("refuses a second stack on the same data directory, stops cleanly, and keeps data across restarts", async () => {
    const first = await start();
    clusterDir = first.clusterDir;
    const pids = first.pids();
    try {
      expect(readFileSync(envFile, "utf8")).toContain(`SUPABASE_URL=${first.env.SUPABASE_URL}\n`);
      await expect(start()).rejects.toBeInstanceOf(StackLockedError);
      // The refused start touched nothing: the first stack still answers.
      expect((await fetch(`${first.env.SUPABASE_URL}/health`)).status).toBe(200);
      await query(first.env.DATABASE_URL, "create table public.lifecycle_marker (note text); insert into public.lifecycle_marker values ('kept')");
    } finally {
      await first.stop();
    }

    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(isAlive)).toEqual([]);
    await expect(fetch(`${first.env.SUPABASE_URL}/health`)).rejects.toThrow();
    expect(existsSync(envFile)).toBe(false);
    expect(existsSync(path.join(dataDir, "stack.lock"))).toBe(false);

    const second = await start();
    try {
      const marker = await query<{ note: string }>(second.env.DATABASE_URL, "select note from public.lifecycle_marker");
      expect(marker).toEqual([{ note: "kept" }]);
      const seeds = await query<{ n: string }>(second.env.DATABASE_URL, "select count(*) as n from supabase_migrations.seed_files");
      expect(Number(seeds[0]?.n)).toBeLessThanOrEqual(1);
      expect(second.env.CHANNEL_ID).toBe(first.env.CHANNEL_ID);
      expect(second.env.SUPABASE_SERVICE_ROLE_KEY).toBe(first.env.SUPABASE_SERVICE_ROLE_KEY);
    } finally {
      await second.stop();
    }
  });
});
