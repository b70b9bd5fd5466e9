import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.ts";
import { KeyLog } from "./key-log.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir("keylog");
});
afterEach(async () => {
  await dir.remove();
});

describe("KeyLog", () => {
  it("remembers keys across a reopen", async () => {
    const path = join(dir.path, "seen.log");
    const log = await KeyLog.open(path, 10);
    await Promise.all([log.add("a"), log.add("b")]);
    const reopened = await KeyLog.open(path, 10);
    expect(reopened.has("a") && reopened.has("b")).toBe(true);
  });

  it("ignores a partial last line left by a crash mid-append", async () => {
    const path = join(dir.path, "seen.log");
    await writeFile(path, "a\nb\nhalf");
    const log = await KeyLog.open(path, 10);
    expect([log.has("a"), log.has("b"), log.has("half")]).toEqual([true, true, false]);
  });

  it("keeps only the newest keys once it outgrows twice its capacity", async () => {
    const path = join(dir.path, "seen.log");
    const log = await KeyLog.open(path, 2);
    for (const key of ["k1", "k2", "k3", "k4", "k5"]) await log.add(key);
    expect(await readFile(path, "utf8")).toBe("k4\nk5\n");
    expect([log.has("k1"), log.has("k5")]).toEqual([false, true]);
  });
});

describe("KeyLog values", () => {
  it("keeps the value stored with a key across a reopen and a compaction", async () => {
    const path = join(dir.path, "sent.log");
    const log = await KeyLog.open(path, 2);
    await log.add("a", "WA-1");
    await log.add("b");
    const reopened = await KeyLog.open(path, 2);
    expect([reopened.get("a"), reopened.has("b"), reopened.get("b")]).toEqual(["WA-1", true, undefined]);
    for (const key of ["c", "d", "e"]) await reopened.add(key, `WA-${key}`);
    expect(await readFile(path, "utf8")).toBe("d\tWA-d\ne\tWA-e\n");
  });
});
