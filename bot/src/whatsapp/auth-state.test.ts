import { readdir } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers.ts";
import { LOCK_FILE_NAME, lockDirectory } from "../shared/pid-lock.ts";
import { clearAuthState, loadFileAuthState } from "./auth-state.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeEach(async () => {
  dir = await tempDir("auth");
});
afterEach(async () => {
  await dir.remove();
});

describe("file auth state", () => {
  it("saves creds and keys and reads them back after a restart", async () => {
    const first = await loadFileAuthState(dir.path);
    first.creds.registered = true;
    await first.saveCreds();
    await first.keys.set({ session: { "15551234567.0": new Uint8Array([1, 2, 3]) } });
    const second = await loadFileAuthState(dir.path);
    expect(second.creds.registered).toBe(true);
    expect(second.creds.noiseKey.private).toEqual(first.creds.noiseKey.private);
    const sessions = await second.keys.get("session", ["15551234567.0", "missing"]);
    expect(Array.from(sessions["15551234567.0"] ?? [])).toEqual([1, 2, 3]);
    expect(sessions.missing).toBeUndefined();
  });

  it("deletes a key set to null and leaves no temporary files", async () => {
    const state = await loadFileAuthState(dir.path);
    await state.keys.set({ "pre-key": { "1": { public: new Uint8Array([1]), private: new Uint8Array([2]) } } });
    await state.keys.set({ "pre-key": { "1": null } });
    expect(await readdir(dir.path)).toEqual([]);
  });

  it("serialises concurrent writes of one file so the last write wins", async () => {
    const state = await loadFileAuthState(dir.path);
    await Promise.all([1, 2, 3, 4, 5].map((n) => state.keys.set({ session: { s: new Uint8Array([n]) } })));
    const reread = await (await loadFileAuthState(dir.path)).keys.get("session", ["s"]);
    expect(Array.from(reread.s ?? [])).toEqual([5]);
  });

  it("starts from fresh credentials after the session is cleared", async () => {
    const first = await loadFileAuthState(dir.path);
    first.creds.registered = true;
    await first.saveCreds();
    await clearAuthState(dir.path);
    expect((await loadFileAuthState(dir.path)).creds.registered).toBe(false);
  });

  it("keeps the bot's lock file when the session is cleared, so no second bot can take the directory", async () => {
    const lock = lockDirectory(dir.path, "AUTH_DIR");
    try {
      const state = await loadFileAuthState(dir.path);
      await state.saveCreds();
      await clearAuthState(dir.path);
      expect(await readdir(dir.path)).toEqual([LOCK_FILE_NAME]);
    } finally {
      lock.release();
    }
  });
});
