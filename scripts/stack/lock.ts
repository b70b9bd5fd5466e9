/**
 * One stack per data directory: a lock file holding the owner's pid, created exclusively. A lock
 * whose pid is dead is stale (the owner was killed) and is taken over; so is one naming our own pid
 * that this process does not hold (a recycled pid after a container restart).
 */
import { openSync, writeSync, closeSync, readFileSync, rmSync } from "node:fs";
import { isAlive } from "./processes.ts";

export class StackLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly ownerPid: number,
  ) {
    super(`another stack (pid ${ownerPid}) is already running on this data directory (lock ${lockFile}); stop it first`);
    this.name = "StackLockedError";
  }
}

export interface Lock {
  /** True when the previous owner died without releasing the lock. */
  tookOverStale: boolean;
  release(): void;
}

/** The pid named in a lock file, or null when there is none. */
export function lockOwner(lockFile: string): number | null {
  try {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Locks this process holds: a lock file naming our own pid is stale unless it is one of these. */
const heldHere = new Set<string>();

export function acquireLock(lockFile: string): Lock {
  let tookOverStale = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldHere.add(lockFile);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = lockOwner(lockFile);
      const ownedByUs = owner === process.pid;
      if (owner !== null && (ownedByUs ? heldHere.has(lockFile) : isAlive(owner))) throw new StackLockedError(lockFile, owner);
      // Stale: remove it and race for it again (exclusive create decides between two takers).
      rmSync(lockFile, { force: true });
      tookOverStale = true;
    }
  }
  return {
    tookOverStale,
    release() {
      if (!heldHere.delete(lockFile)) return;
      if (lockOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
    },
  };
}
