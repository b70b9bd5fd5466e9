/**
 * The faults the reliability run injects into its own stack, and the wait for the stack to answer
 * again afterwards (the stack's supervision does the restarting, as the platform would):
 * - the function's Deno process killed with SIGKILL (its whole process group);
 * - PostgreSQL restarted by hand (`pg_ctl restart -m fast`), stopped as by a crash
 *   (`pg_ctl stop -m immediate`, started again by the stack), or its postmaster killed with kill -9.
 */
import path from "node:path";
import { runningPostmasterPid, runAsPgUser } from "../../stack/postgres.ts";
import type { StackHandle } from "../../stack/stack.ts";

export type Fault = "kill_function" | "pg_restart_fast" | "pg_stop_immediate" | "pg_kill_9";

/** How long the stack may take to answer again after a fault before the run calls it stuck. */
const RECOVERY_DEADLINE_MS = 120_000;
const POLL_MS = 100;
/** pg_ctl's own wait, in seconds. */
const PG_CTL_WAIT_S = "60";

export const FAULT_LABELS: Record<Fault, string> = {
  kill_function: "function killed (SIGKILL)",
  pg_restart_fast: "PostgreSQL restarted (pg_ctl restart -m fast)",
  pg_stop_immediate: "PostgreSQL crashed (pg_ctl stop -m immediate), restarted by the stack",
  pg_kill_9: "PostgreSQL postmaster killed (kill -9), restarted by the stack",
};

function functionPids(stack: StackHandle): number[] {
  const postmaster = runningPostmasterPid(stack.clusterDir);
  return stack.pids().filter((pid) => pid !== postmaster);
}

async function pgCtl(args: readonly string[]): Promise<void> {
  const result = await runAsPgUser("pg_ctl", args);
  if (result.code !== 0) throw new Error(`pg_ctl ${args[0]} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + RECOVERY_DEADLINE_MS;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${RECOVERY_DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Injects the fault and resolves once it has taken effect (the process is gone or replaced). */
export async function injectFault(stack: StackHandle, fault: Fault): Promise<void> {
  const dir = stack.clusterDir;
  switch (fault) {
    case "kill_function": {
      const [pid] = functionPids(stack);
      if (pid === undefined) throw new Error("no function process to kill");
      process.kill(-pid, "SIGKILL");
      await until(() => !functionPids(stack).includes(pid), "the function's exit");
      return;
    }
    case "pg_restart_fast":
      // Reuses the options of the last start (postmaster.opts); the log goes where the stack's does.
      await pgCtl(["restart", "-D", dir, "-m", "fast", "-w", "-t", PG_CTL_WAIT_S, "-l", path.join(dir, "server.log")]);
      return;
    case "pg_stop_immediate":
      await pgCtl(["stop", "-D", dir, "-m", "immediate", "-w", "-t", PG_CTL_WAIT_S]);
      return;
    case "pg_kill_9": {
      const pid = runningPostmasterPid(dir);
      if (pid === null) throw new Error("no postmaster to kill");
      process.kill(pid, "SIGKILL");
      await until(() => runningPostmasterPid(dir) !== pid, "the postmaster's exit");
      return;
    }
  }
}

/** Whether the gateway reaches the database and the function answers (401 to an unsigned request). */
export async function stackAnswers(stack: StackHandle): Promise<boolean> {
  try {
    const health = await fetch(`${stack.env.SUPABASE_URL}/health`);
    await health.arrayBuffer();
    if (health.status !== 200) return false;
    const unsigned = await fetch(stack.env.FUNCTION_URL, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await unsigned.arrayBuffer();
    return unsigned.status === 401;
  } catch {
    return false;
  }
}

/** Waits until the stack answers again; how long that took, in ms. Throws past the deadline. */
export async function waitUntilAnswering(stack: StackHandle, since: number = performance.now()): Promise<number> {
  const deadline = since + RECOVERY_DEADLINE_MS;
  while (performance.now() < deadline) {
    if (await stackAnswers(stack)) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the stack did not answer again within ${RECOVERY_DEADLINE_MS / 1000} s`);
}
