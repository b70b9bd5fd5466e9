/**
 * Crash-safe file writes: write a temporary file, fsync it, rename it over the target, fsync the
 * directory. After a crash the target holds either the old or the new content, never half of one.
 * Everything written here is the session or the queue: files 0600, folders 0700 (private-files.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "./private-files.ts";

/** Random bytes in a temporary file's name, so concurrent writers never share one. */
const TEMP_SUFFIX_BYTES = 6;
export const TEMP_MARKER = ".tmp-";

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = join(directory, `${TEMP_MARKER}${randomBytes(TEMP_SUFFIX_BYTES).toString("hex")}`);
  const handle = await open(temp, "w", PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(directory);
}

/** Removes a file and makes the removal durable. Missing files are fine. */
export async function removeFileDurably(path: string): Promise<void> {
  await rm(path, { force: true });
  await fsyncDirectory(dirname(path));
}

/** Appends one line and fsyncs it before resolving. */
export async function appendLineDurably(path: string, line: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  const handle = await open(path, "a", PRIVATE_FILE_MODE);
  try {
    await handle.appendFile(`${line}\n`, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}
