import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEAD_PID, tempDir } from "../../test/helpers.ts";
import { BotError } from "./errors.ts";
import { LOCK_FILE_NAME, lockDirectory } from "./pid-lock.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir("lock");
});
afterEach(async () => {
  await dir.remove();
});

describe("lockDirectory", () => {
  it("creates the directory and a lock file naming this process", async () => {
    const lock = lockDirectory(join(dir.path, "auth"), "AUTH_DIR");
    expect(await readFile(join(dir.path, "auth", LOCK_FILE_NAME), "utf8")).toBe(`${process.pid}\n`);
    expect(lock.tookOverStale).toBe(false);
    lock.release();
  });

  it("refuses a second holder in the same process, naming the variable and the lock file", () => {
    const lock = lockDirectory(dir.path, "AUTH_DIR");
    try {
      expect(() => lockDirectory(dir.path, "AUTH_DIR")).toThrow(BotError);
      expect(() => lockDirectory(dir.path, "AUTH_DIR")).toThrow(new RegExp(`AUTH_DIR=${dir.path}.*${LOCK_FILE_NAME}`));
    } finally {
      lock.release();
    }
  });

  it("refuses a lock held by another live process, naming its pid", async () => {
    // The test runner's parent process is alive for the whole test.
    await writeFile(join(dir.path, LOCK_FILE_NAME), `${process.ppid}\n`);
    expect(() => lockDirectory(dir.path, "QUEUE_DIR")).toThrow(new RegExp(`pid ${process.ppid}.*QUEUE_DIR`));
  });

  it("takes over the lock of a process that died without releasing it", async () => {
    await writeFile(join(dir.path, LOCK_FILE_NAME), `${DEAD_PID}\n`);
    const lock = lockDirectory(dir.path, "AUTH_DIR");
    expect(lock.tookOverStale).toBe(true);
    expect(await readFile(join(dir.path, LOCK_FILE_NAME), "utf8")).toBe(`${process.pid}\n`);
    lock.release();
  });

  it("takes over a lock naming this process's pid that this process does not hold (pid recycled after a restart)", async () => {
    await writeFile(join(dir.path, LOCK_FILE_NAME), `${process.pid}\n`);
    const lock = lockDirectory(dir.path, "AUTH_DIR");
    expect(lock.tookOverStale).toBe(true);
    lock.release();
  });

  it("can be taken again once released, and leaves no files behind", async () => {
    lockDirectory(dir.path, "AUTH_DIR").release();
    const again = lockDirectory(dir.path, "AUTH_DIR");
    again.release();
    again.release();
    await expect(readFile(join(dir.path, LOCK_FILE_NAME))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
