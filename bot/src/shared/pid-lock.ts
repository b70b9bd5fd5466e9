/**
 * One bot per session and per queue directory. Baileys allows one socket per WhatsApp session (a
 * second one makes WhatsApp close both with 440 connectionReplaced), and two processes sharing a
 * queue would relay each message twice. A lock file in the directory holds the owner's pid, created
 * exclusively. A lock whose pid is dead (the owner was killed) is stale and taken over; so is one
 * naming our own pid that this process does not hold (a pid recycled after a container restart).
 * A live pid that is not a bot (recycled after a crash) keeps the lock: the error names the file,
 * so the operator can delete it. The local stack (scripts/stack/lock.ts) locks its data directory
 * with the same mechanism.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BotError } from "./errors.ts";
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from "./private-files.ts";

/** The lock's file name inside the directory; clearing the session keeps it (auth-state.ts). */
export const LOCK_FILE_NAME = "bot.lock";

export interface PidLock {
  readonly file: string;
  /** True when the previous owner died without releasing the lock. */
  readonly tookOverStale: boolean;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** A live process holds the lock; callers turn this into their own operator-facing error. */
export class PidLockHeldError extends Error {
  constructor(
    readonly file: string,
    readonly ownerPid: number,
  ) {
    super(`pid ${ownerPid} holds the lock ${file}`);
    this.name = "PidLockHeldError";
  }
}

/** Lock files this process holds: a file naming our own pid is stale unless it is one of these. */
const heldHere = new Set<string>();

/** True when a process with this pid exists (signal 0 checks without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid in a lock file, or null when the file is gone or holds no pid (edited by hand). */
export function lockOwner(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock file `file` (its directory must exist), taking over a stale one, or throws
 * PidLockHeldError naming the live owner. Shared by the bot (lockDirectory) and the local stack.
 */
export function acquirePidLock(file: string, mode: number): PidLock {
  // Written aside, then hard-linked into place: link fails if the lock exists, and a lock that
  // exists always holds a pid (an exclusive create would show an empty file for a moment, which a
  // racing taker would read as stale and remove).
  const candidate = `${file}.${process.pid}.tmp`;
  writeFileSync(candidate, `${process.pid}\n`, { mode });
  let tookOverStale = false;
  try {
    for (;;) {
      try {
        linkSync(candidate, file);
        heldHere.add(file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        takeOverIfStale(file);
        tookOverStale = true;
      }
    }
  } finally {
    rmSync(candidate, { force: true });
  }
  return {
    file,
    tookOverStale,
    release() {
      if (!heldHere.delete(file)) return;
      if (lockOwner(file) === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Throws when the lock's owner is alive; otherwise removes the stale lock. */
function takeOverIfStale(file: string): void {
  const owner = lockOwner(file);
  const live = owner !== null && (owner === process.pid ? heldHere.has(file) : isAlive(owner));
  if (live) throw new PidLockHeldError(file, owner);
  // Stale: remove it (unless another taker replaced it meanwhile) and race for it again.
  if (lockOwner(file) === owner) rmSync(file, { force: true });
}

/**
 * Takes `<directory>/bot.lock` (creating the directory, owner-only), or throws BotError `directory_locked`
 * naming `variable` (AUTH_DIR, QUEUE_DIR), the owner's pid and the lock file.
 */
export function lockDirectory(directory: string, variable: string): PidLock {
  ensurePrivateDirSync(directory);
  try {
    // Owner-only: the lock sits beside the session keys.
    return acquirePidLock(join(directory, LOCK_FILE_NAME), PRIVATE_FILE_MODE);
  } catch (error) {
    if (!(error instanceof PidLockHeldError)) throw error;
    throw new BotError(
      "directory_locked",
      `another bot (pid ${error.ownerPid}) is using ${variable}=${directory} (lock file ${error.file}); ` +
        `stop that bot first, or give this one its own ${variable}. If no bot runs, delete the lock file.`,
      { cause: error },
    );
  }
}
