/**
 * A throw-away stack for tests: fresh temporary directory, reset, free ports, no env file written,
 * PostgreSQL without fsync (unless asked to be durable). Stopping it also deletes the directory
 * (and the cluster, which may live elsewhere when the postgres user cannot reach the temp dir).
 *
 * A test run that is killed cannot stop its PostgreSQL (a daemon, not our child), so each start
 * first reaps the stacks of dead test runs: their lock names a dead pid.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStack, type StackHandle, type StackLog } from "../stack/stack.ts";
import { lockOwner, stackLockFile } from "../stack/lock.ts";
import { isAlive } from "../stack/processes.ts";
import { stopStrayServer } from "../stack/postgres.ts";

export const TEST_STACK_PREFIX = "clinic-test-stack-";
/** A directory with no lock yet may be a start in progress; only older ones are abandoned. */
const UNLOCKED_GRACE_MS = 60_000;

/** Stops and deletes test stacks whose owner is gone. */
export async function reapAbandonedTestStacks(log: StackLog): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEST_STACK_PREFIX)) continue;
    const dir = path.join(tmpdir(), name);
    const owner = lockOwner(stackLockFile(dir));
    const abandoned = owner !== null ? !isAlive(owner) : Date.now() - statSync(dir).mtimeMs > UNLOCKED_GRACE_MS;
    if (!abandoned) continue;
    log(`removing the test stack of a run that died: ${dir}`);
    await stopStrayServer(path.join(dir, "pg"), log);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh directory for a test stack, reachable by the postgres OS user. */
export function makeTestStackDir(): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), TEST_STACK_PREFIX));
  // mkdtemp makes the directory private to us; the postgres OS user must be able to enter it.
  chmodSync(dataDir, 0o755);
  return dataDir;
}

/**
 * `durable` keeps PostgreSQL's crash safety (fsync, synchronous commit) for runs that kill it and
 * then count what was committed (the reliability run); tests trade it for speed.
 */
export async function startIsolatedStack(log: StackLog, options: { durable?: boolean } = {}): Promise<StackHandle> {
  await reapAbandonedTestStacks(log);
  const dataDir = makeTestStackDir();
  try {
    const handle = await startStack({ dataDir, reset: true, ephemeral: options.durable !== true, envFile: null, log });
    return {
      ...handle,
      async stop() {
        try {
          await handle.stop();
        } finally {
          // A fallback cluster lives in <tmp>/clinic-stack-…/pg (postgres.ts): remove that parent too.
          const clusterRoot = handle.clusterDir.startsWith(dataDir + path.sep) ? handle.clusterDir : path.dirname(handle.clusterDir);
          rmSync(clusterRoot, { recursive: true, force: true });
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
