/**
 * The WhatsApp session (AUTH_DIR) is enough to take over the clinic's number, and the queue
 * (QUEUE_DIR) holds patients' messages: both stay readable by the bot's user alone. New files are
 * created 0600 in 0700 folders (atomic-file.ts, pid-lock.ts); folders and files left with wider
 * modes by an earlier version are narrowed at start.
 */
import { mkdirSync } from "node:fs";
import { chmod, lstat, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Owner read and write. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner read, write and list. */
export const PRIVATE_DIR_MODE = 0o700;
/** The permission bits of a mode (no file type). */
const PERMISSION_BITS = 0o777;

/**
 * Creates `directory` owner-only (its parents keep the usual mode: `.local/` is shared with the
 * local stack, whose PostgreSQL runs as another OS user and must still reach its own folder).
 */
export function ensurePrivateDirSync(directory: string): void {
  mkdirSync(dirname(directory), { recursive: true });
  mkdirSync(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Narrows every folder under `root` (itself included) to 0700 and every file to 0600. Symbolic
 * links are left alone (chmod would follow them out of the tree). Returns how many were changed.
 */
export async function makeTreePrivate(root: string): Promise<number> {
  let changed = 0;
  async function visit(path: string): Promise<void> {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return;
    const wanted = stats.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((stats.mode & PERMISSION_BITS) !== wanted) {
      await chmod(path, wanted);
      changed += 1;
    }
    if (stats.isDirectory()) for (const name of await readdir(path)) await visit(join(path, name));
  }
  await visit(root);
  return changed;
}
