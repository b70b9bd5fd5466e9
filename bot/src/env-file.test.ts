import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../test/helpers.ts";
import { BOT_VARIABLES, ConfigError, loadConfig } from "./config.ts";
import { REPO_ROOT } from "./paths.ts";
import { configSource, ignoredEnvironment, listBotNames, readEnvFile } from "./env-file.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  dir = await tempDir("envfile");
});
afterEach(async () => {
  await dir.remove();
});

const FILE = `# Harbor Family Clinic, main number (written by the clinic tool)
FUNCTION_URL=https://abcd.supabase.co/functions/v1/whatsapp-webhook
CHANNEL_ID=3f1c2b9e-0000-4000-8000-000000000001
CHANNEL_SECRET=9f2c0a5e7b1d4c3a8e6f0b2d4a6c8e0f1a3b5c7d9e1f3a5b
CLINIC_LANGUAGE=es
HEALTH_PORT=3001
HEALTH_TOKEN="a token with spaces and # inside"
`;

describe("env files", () => {
  it("finds a number's file by name in the bots folder, or takes a path", () => {
    expect(configSource(undefined)).toEqual({ kind: "environment" });
    expect(configSource("clinic-main", dir.path)).toEqual({ kind: "file", name: "clinic-main", path: join(dir.path, "clinic-main.env") });
    expect(configSource("/etc/clinic/branch.env")).toEqual({ kind: "file", name: "branch", path: "/etc/clinic/branch.env" });
    expect(() => configSource("Clinic Main")).toThrow(ConfigError);
  });

  it("reads KEY=value lines, comments and quoted values into a configuration", async () => {
    const path = join(dir.path, "clinic-main.env");
    await writeFile(path, FILE, { mode: 0o600 });
    const config = loadConfig(readEnvFile(path).values, path);
    expect(config).toMatchObject({ channelId: "3f1c2b9e-0000-4000-8000-000000000001", language: "es", healthPort: 3001, healthToken: "a token with spaces and # inside" });
  });

  it("makes a file that others can read owner-only, since it holds the channel secret", async () => {
    const path = join(dir.path, "clinic-main.env");
    await writeFile(path, FILE);
    await chmod(path, 0o644);
    expect(readEnvFile(path).madePrivate).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(readEnvFile(path).madePrivate).toBe(false);
  });

  it("names a missing file", () => {
    expect(() => readEnvFile(join(dir.path, "nope.env"))).toThrow(/nope\.env does not exist/);
  });

  it("lists the numbers that have an env file", async () => {
    expect(listBotNames(join(dir.path, "missing"))).toEqual([]);
    await writeFile(join(dir.path, "clinic-main.env"), FILE);
    await writeFile(join(dir.path, "branch.env"), FILE);
    await writeFile(join(dir.path, "notes.txt"), "");
    expect(listBotNames(dir.path)).toEqual(["branch", "clinic-main"]);
  });

  it("documents every variable the bot reads in .env.example, which is a valid env file once filled in", async () => {
    // Parsed as the bot parses env files, without readEnvFile's chmod of a tracked file.
    const example = Object.fromEntries(Object.entries(parseEnv(await readFile(join(REPO_ROOT, ".env.example"), "utf8"))).map(([k, v]) => [k, v ?? ""]));
    expect(Object.keys(example).sort()).toEqual([...BOT_VARIABLES].sort());
    const filled = { ...example, FUNCTION_URL: "https://abcd.supabase.co/functions/v1/whatsapp-webhook", CHANNEL_ID: "c1", CHANNEL_SECRET: "s" };
    expect(loadConfig(filled, ".env.example")).toMatchObject({ language: "en", healthPort: 3000, pacing: { gapMs: 15_000, chatGapMs: 30_000, dailyCap: 300 } });
  });

  it("reports the bot's variables set in the environment that the file overrides, not others", () => {
    const file = { CHANNEL_ID: "a", FUNCTION_URL: "https://x" };
    expect(ignoredEnvironment(file, { CHANNEL_ID: "b", FUNCTION_URL: "https://x", HEALTH_TOKEN: "t".repeat(16), PATH: "/usr/bin" })).toEqual(["CHANNEL_ID", "HEALTH_TOKEN"]);
  });
});
