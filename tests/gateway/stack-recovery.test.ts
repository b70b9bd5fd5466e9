/**
 * The local stack supervises its parts as the platform does, and a failing part never takes the
 * rest down. Each case is a defect the reliability probe found (issue "Proof"):
 * - a database connection killed during a request exited the gateway (an unheard 'error' event);
 * - callers that disconnect mid-upload leaked the gateway's upstream connection to the function,
 *   and after 64 of them the webhook answered nobody;
 * - a killed function stayed down until a source file changed; a killed PostgreSQL stayed down;
 * - a malformed percent-encoded path answered 500.
 * Uses its own stack (it kills parts of it), with free ports in a temporary directory.
 */
import net from "node:net";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type StackHandle } from "../../scripts/stack/stack.ts";
import { runningPostmasterPid } from "../../scripts/stack/postgres.ts";
import { makeTestStackDir } from "../../scripts/test/isolated-stack.ts";
import { withDb } from "../function-http/support.ts";

const dataDir = makeTestStackDir();
const logLines: string[] = [];
let stack: StackHandle;

/** How long a part may take to come back after being killed. */
const RECOVERY_DEADLINE_MS = 45_000;
const POLL_MS = 100;
/** Long enough for the gateway to have opened its upstream request before the caller vanishes. */
const ABANDON_AFTER_MS = 200;

beforeAll(async () => {
  stack = await startStack({ dataDir, ephemeral: true, log: (line) => logLines.push(line) });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (stack && !stack.clusterDir.startsWith(dataDir)) rmSync(path.dirname(stack.clusterDir), { recursive: true, force: true });
});

/** Polls `probe` until it is true or the deadline passes; returns whether it became true. */
async function eventually(probe: () => Promise<boolean>, deadlineMs = RECOVERY_DEADLINE_MS): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

const gatewayHealthy = async (): Promise<boolean> => (await fetch(`${stack.env.SUPABASE_URL}/health`)).status === 200;
/** An unsigned request: the function answers 401 once it is up, the gateway 503 while it is not. */
const functionAnswers = async (): Promise<boolean> =>
  (await fetch(stack.env.FUNCTION_URL, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status === 401;

function functionPids(): number[] {
  const postmaster = runningPostmasterPid(stack.clusterDir);
  return stack.pids().filter((pid) => pid !== postmaster);
}

describe("the local stack under failures", () => {
  it("answers 503 to a request whose database connection is killed, and keeps serving", async () => {
    await withDb(stack.env.DATABASE_URL, (db) =>
      db.query(`create function public.stack_test_sleep(p_seconds float8) returns int language sql volatile
                 as $$ select 1 from pg_sleep(p_seconds) $$;
                grant execute on function public.stack_test_sleep(float8) to anon;`));
    const slow = fetch(`${stack.env.SUPABASE_URL}/rest/v1/rpc/stack_test_sleep`, {
      method: "POST",
      headers: { "content-type": "application/json", apikey: stack.env.SUPABASE_ANON_KEY },
      body: JSON.stringify({ p_seconds: 30 }),
    });
    const killed = await eventually(async () => {
      const result = await withDb(stack.env.DATABASE_URL, (db) =>
        db.query(`select pg_terminate_backend(pid) from pg_stat_activity
                   where application_name = 'stack-gateway' and query like '%stack_test_sleep%' and state = 'active'`));
      return (result.rowCount ?? 0) > 0;
    });
    expect(killed).toBe(true);
    const answer = await slow;
    expect(answer.status).toBe(503);
    expect(await gatewayHealthy()).toBe(true);
    const again = await fetch(`${stack.env.SUPABASE_URL}/rest/v1/rpc/stack_test_sleep`, {
      method: "POST",
      headers: { "content-type": "application/json", apikey: stack.env.SUPABASE_ANON_KEY },
      body: JSON.stringify({ p_seconds: 0 }),
    });
    expect(again.status).toBe(200);
  });

  it("keeps answering after many callers disconnect in the middle of their upload", async () => {
    const url = new URL(stack.env.FUNCTION_URL);
    // More than the proxy's 64 upstream sockets per function.
    const abandoned = 80;
    await Promise.all(
      Array.from({ length: abandoned }, () =>
        new Promise<void>((resolve, reject) => {
          const socket = net.connect(Number(url.port), url.hostname, () => {
            socket.write(
              `POST ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"partial":`,
            );
            setTimeout(() => {
              socket.destroy();
              resolve();
            }, ABANDON_AFTER_MS);
          });
          socket.on("error", reject);
        })
      ),
    );
    expect(await eventually(functionAnswers, 10_000)).toBe(true);
  });

  it("starts a killed function again by itself", async () => {
    const [pid] = functionPids();
    expect(pid).toBeDefined();
    process.kill(-(pid as number), "SIGKILL");
    expect(await eventually(async () => !functionPids().includes(pid as number))).toBe(true);
    expect(await eventually(functionAnswers)).toBe(true);
    expect(logLines.some((line) => /function whatsapp-webhook restarted/.test(line))).toBe(true);
  });

  it("starts PostgreSQL again with its data after kill -9 of the postmaster", async () => {
    await withDb(stack.env.DATABASE_URL, async (db) => {
      await db.query("create table public.recovery_marker (note text); insert into public.recovery_marker values ('kept')");
      // A test stack runs without fsync or synchronous commit: a checkpoint after the commit makes
      // the row durable, as the commit alone is on a real server.
      await db.query("checkpoint");
    });
    const postmaster = runningPostmasterPid(stack.clusterDir);
    expect(postmaster).not.toBeNull();
    process.kill(postmaster as number, "SIGKILL");
    // Backends serve a moment longer, until they notice their postmaster is gone.
    expect(await eventually(async () => runningPostmasterPid(stack.clusterDir) !== postmaster)).toBe(true);
    expect(await eventually(async () => {
      const pid = runningPostmasterPid(stack.clusterDir);
      return pid !== null && pid !== postmaster && (await gatewayHealthy());
    })).toBe(true);
    expect(await eventually(functionAnswers)).toBe(true);
    const rows = await withDb(stack.env.DATABASE_URL, (db) => db.query("select note from public.recovery_marker"));
    expect(rows.rows).toEqual([{ note: "kept" }]);
    // The supervisor logs once `pg_ctl start` has seen the server up, which can be after the
    // gateway already reaches it: wait for the line rather than expect it at this instant.
    expect(await eventually(async () => logLines.some((line) => /PostgreSQL restarted/.test(line)))).toBe(true);
  });

  it("never answers a malformed path or method with a server error", async () => {
    const base = stack.env.SUPABASE_URL;
    const paths = [
      "/functions/v1/%", "/functions/v1/%zz", "/functions/v1/%E0%A4%A/x", "/functions/v1/whatsapp-webhook%", "/functions/v1/%2F..%2F",
      "/rest/v1/rpc/%", "/rest/v1/rpc/%zz", "/rest/v1/rpc/%00", "/rest/v1/%", "/%", "/functions/v1/", "/functions/v1//",
    ];
    const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
    const statuses: Array<[string, string, number]> = [];
    for (const target of paths) {
      for (const method of methods) {
        const answer = await fetch(`${base}${target}`, {
          method,
          headers: { "content-type": "application/json", apikey: stack.env.SUPABASE_ANON_KEY },
          ...(method === "GET" || method === "OPTIONS" ? {} : { body: "{}" }),
        });
        await answer.arrayBuffer();
        statuses.push([method, target, answer.status]);
      }
    }
    expect(statuses.filter(([, , status]) => status >= 500)).toEqual([]);
  });
});
