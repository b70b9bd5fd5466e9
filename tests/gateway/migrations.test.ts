/**
 * The migration runner against a scratch project: new files apply in filename order and once, the
 * seed runs once, and a failing migration stops the start with its file, line and Postgres error,
 * leaving nothing running and nothing of that migration applied.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { startStack } from "../../scripts/stack/stack.ts";
import { MigrationError } from "../../scripts/stack/migrate.ts";
import { runningPostmasterPid } from "../../scripts/stack/postgres.ts";
import { makeTestStackDir } from "../../scripts/test/isolated-stack.ts";
import { withDb } from "../function-http/support.ts";

const project = mkdtempSync(path.join(tmpdir(), "clinic-migrations-"));
const migrations = path.join(project, "supabase", "migrations");
mkdirSync(migrations, { recursive: true });
const dataDir = makeTestStackDir();
const start = () => startStack({ dataDir, ephemeral: true, repoRoot: project });

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return (await withDb(url, (db) => db.query<T>(sql))).rows;
}

describe("the migration runner", () => {
  it("applies each migration once in filename order, seeds once, and reports a failing file by name and line", async () => {
    writeFileSync(path.join(migrations, "20260101000200_add_b.sql"), "insert into public.steps values ('b');\n");
    writeFileSync(path.join(migrations, "20260101000100_create_steps.sql"), "create table public.steps (name text);\n");
    writeFileSync(path.join(project, "supabase", "seed.sql"), "insert into public.steps values ('seed');\n");

    const first = await start();
    // No channels table in this project: the channel values stay empty instead of failing the start.
    expect(first.env.CHANNEL_ID).toBe("");
    await first.stop();

    writeFileSync(path.join(migrations, "20260101000300_add_c.sql"), "insert into public.steps values ('c');\n");
    const second = await start();
    expect(await rows(second.env.DATABASE_URL, "select name from public.steps order by name")).toEqual([
      { name: "b" }, { name: "c" }, { name: "seed" },
    ]);
    await second.stop();

    writeFileSync(
      path.join(migrations, "20260101000400_broken.sql"),
      "insert into public.steps values ('d');\n\nselect no_such_column from public.steps;\n",
    );
    const failure = await start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    const message = (failure as Error).message;
    expect(message).toContain("supabase/migrations/20260101000400_broken.sql failed to apply");
    expect(message).toContain('ERROR 42703: column "no_such_column" does not exist');
    expect(message).toContain("at line 3: select no_such_column from public.steps;");
    expect(runningPostmasterPid(path.join(dataDir, "pg"))).toBeNull();

    rmSync(path.join(migrations, "20260101000400_broken.sql"));
    const third = await start();
    try {
      // The failed file's first statement was rolled back with the rest of it.
      expect(await rows(third.env.DATABASE_URL, "select name from public.steps where name = 'd'")).toEqual([]);
    } finally {
      await third.stop();
    }
  });
});
