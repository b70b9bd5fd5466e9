/**
 * Scheduling like production: the local stack preloads pg_cron as Supabase does, so the jobs the
 * migrations schedule (slot generation, reminders) run on their schedule locally too; where
 * pg_cron is absent the same migrations still apply and say that nothing was scheduled.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startStack } from "../../scripts/stack/stack.ts";
import { makeTestStackDir } from "../../scripts/test/isolated-stack.ts";
import { withDb } from "../function-http/support.ts";
import { stackEnv } from "./stack-env.ts";

/** pg_cron starts jobs on minute boundaries: one minute, plus slack for a loaded machine. */
const CRON_RUN_DEADLINE_MS = 80_000;
const POLL_MS = 500;

describe("pg_cron on the local stack", () => {
  it("is preloaded, with the migrations' jobs scheduled in this database", async () => {
    const jobs = await withDb(stackEnv().DATABASE_URL, (db) =>
      db.query<{ jobname: string; schedule: string }>(
        "select jobname, schedule from cron.job where database = current_database() order by jobname",
      ));
    expect(jobs.rows).toEqual(expect.arrayContaining([
      { jobname: "enqueue-reminders", schedule: "*/5 * * * *" },
      { jobname: "generate-slots-daily", schedule: "15 0 * * *" },
    ]));
    const launcher = await withDb(stackEnv().DATABASE_URL, (db) =>
      db.query("select 1 from pg_stat_activity where backend_type = 'pg_cron launcher'"));
    expect(launcher.rowCount).toBe(1);
  });

  it("runs a scheduled job on its schedule", async () => {
    const url = stackEnv().DATABASE_URL;
    const job = await withDb(url, (db) =>
      db.query<{ jobid: string }>("select cron.schedule('stack-cron-probe', '* * * * *', 'select 1') as jobid"));
    const jobId = job.rows[0]?.jobid;
    try {
      const deadline = Date.now() + CRON_RUN_DEADLINE_MS;
      let status: string | null = null;
      while (Date.now() < deadline && status !== "succeeded") {
        const runs = await withDb(url, (db) =>
          db.query<{ status: string }>("select status from cron.job_run_details where jobid = $1 order by runid desc limit 1", [jobId]));
        status = runs.rows[0]?.status ?? null;
        if (status !== "succeeded") await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      expect(status).toBe("succeeded");
    } finally {
      await withDb(url, (db) => db.query("select cron.unschedule('stack-cron-probe')"));
    }
  }, CRON_RUN_DEADLINE_MS + 10_000);

  it("is not needed: without it every migration applies and no job is scheduled", async () => {
    const dataDir = makeTestStackDir();
    const notices: string[] = [];
    const stack = await startStack({ dataDir, ephemeral: true, pgCron: false, log: (line) => notices.push(line) });
    try {
      const installed = await withDb(stack.env.DATABASE_URL, (db) =>
        db.query("select 1 from pg_extension where extname = 'pg_cron'"));
      expect(installed.rowCount).toBe(0);
      // The stack still serves the demo clinic end to end.
      expect(stack.env.CHANNEL_ID).not.toBe("");
      expect((await fetch(`${stack.env.SUPABASE_URL}/health`)).status).toBe(200);
    } finally {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (!stack.clusterDir.startsWith(dataDir)) rmSync(path.dirname(stack.clusterDir), { recursive: true, force: true });
    }
  }, 120_000);
});
