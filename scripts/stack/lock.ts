/**
 * One stack per data directory: the bot's pid lock file (bot/src/shared/pid-lock.ts) on
 * `<dataDir>/stack.lock`. A lock whose pid is dead (the owner was killed) is stale and taken over;
 * so is one naming our own pid that this process does not hold (a recycled pid after a container
 * restart).
 */
import path from "node:path";
import { PidLockHeldError, acquirePidLock, type PidLock } from "../../bot/src/shared/pid-lock.ts";

export { lockOwner } from "../../bot/src/shared/pid-lock.ts";

/** The lock's file name inside a stack's data directory. */
export const STACK_LOCK_FILE_NAME = "stack.lock";
/** A pid is no secret (the bot's lock is owner-only because it sits beside the session keys). */
const STACK_LOCK_FILE_MODE = 0o644;

export class StackLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly ownerPid: number,
  ) {
    super(`another stack (pid ${ownerPid}) is already running on this data directory (lock ${lockFile}); stop it first`);
    this.name = "StackLockedError";
  }
}

/** The lock file of the stack in `dataDir`. */
export function stackLockFile(dataDir: string): string {
  return path.join(dataDir, STACK_LOCK_FILE_NAME);
}

/** Takes the data directory's lock, or throws StackLockedError naming the stack that holds it. */
export function acquireLock(dataDir: string): PidLock {
  try {
    return acquirePidLock(stackLockFile(dataDir), STACK_LOCK_FILE_MODE);
  } catch (error) {
    if (error instanceof PidLockHeldError) throw new StackLockedError(error.file, error.ownerPid);
    throw error;
  }
}
