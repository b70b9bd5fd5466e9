/**
 * ecosystem.config.cjs (PM2): one app per env file in .local/bots (or BOT_ENV_DIR), each running
 * the bot on that file; configuration errors are not restarted; clashing files stop `pm2 start`.
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOT_VARIABLES } from "../src/config.ts";
import { EXIT_CONFIG, EXIT_UNAVAILABLE } from "../src/exit-codes.ts";
import { tempDir } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const CONFIG = join(ROOT, "ecosystem.config.cjs");

interface App {
  name: string;
  script: string;
  args: string[];
  cwd: string;
  exec_mode: string;
  instances: number;
  stop_exit_codes: number[];
  kill_timeout: number;
  filter_env: string[];
  env: Record<string, string>;
}

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  dir = await tempDir("ecosystem");
});
afterEach(async () => {
  await dir.remove();
});

/** Loads the file in a fresh node, as PM2 does, with exactly `env`. */
function load(env: Record<string, string>): { apps?: App[]; error: string; status: number | null } {
  const result = spawnSync(process.execPath, ["-e", `process.stdout.write(JSON.stringify(require(${JSON.stringify(CONFIG)})))`], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  const apps = result.status === 0 ? (JSON.parse(result.stdout) as { apps: App[] }).apps : undefined;
  return { apps, error: result.stderr, status: result.status };
}

async function envFile(name: string, lines: Record<string, string>): Promise<string> {
  await mkdir(dir.path, { recursive: true });
  const file = join(dir.path, `${name}.env`);
  await writeFile(file, `${Object.entries(lines).map(([k, v]) => `${k}=${v}`).join("\n")}\n`, { mode: 0o600 });
  return file;
}

const MAIN = { FUNCTION_URL: "https://abcd.supabase.co/functions/v1/whatsapp-webhook", CHANNEL_ID: "3f1c2b9e-0000-4000-8000-000000000001", CHANNEL_SECRET: "s" };

describe("ecosystem.config.cjs", () => {
  it("gives each env file one forked app that runs the bot on that file", async () => {
    const main = await envFile("clinic-main", MAIN);
    const branch = await envFile("clinic-branch", { ...MAIN, CHANNEL_ID: "3f1c2b9e-0000-4000-8000-000000000002", HEALTH_PORT: "3001" });
    const apps = load({ BOT_ENV_DIR: dir.path }).apps ?? [];
    expect(apps.map((app) => [app.name, app.args])).toEqual([
      ["clinic-branch", [branch]],
      ["clinic-main", [main]],
    ]);
    for (const app of apps) {
      expect(app).toMatchObject({ script: "bot/pm2.mjs", cwd: ROOT, exec_mode: "fork", instances: 1 });
      // No settings in PM2's environment: the bot reads its file, so nothing secret is saved by `pm2 save`,
      // and the bot's variables exported in the shell that runs pm2 are filtered out.
      expect(app.env).toEqual({ NODE_ENV: "production" });
      expect([...app.filter_env].sort()).toEqual([...BOT_VARIABLES].sort());
    }
  });

  it("tells PM2 not to restart a bot that exits for its configuration or because another bot holds its session", async () => {
    await envFile("clinic-main", MAIN);
    const [app] = load({ BOT_ENV_DIR: dir.path }).apps ?? [];
    expect(app?.stop_exit_codes).toEqual([EXIT_CONFIG, EXIT_UNAVAILABLE]);
    expect(app?.kill_timeout).toBeGreaterThan(20_000);
  });

  it("refuses to load without any env file, saying where to put one", () => {
    const loaded = load({ BOT_ENV_DIR: join(dir.path, "missing") });
    expect(loaded.status).not.toBe(0);
    expect(loaded.error).toMatch(/no env files in .*missing\. Create one per WhatsApp number/);
  });

  it("refuses two files with the same health port, naming both", async () => {
    await envFile("a", MAIN);
    await envFile("b", { ...MAIN, CHANNEL_ID: "other" });
    const loaded = load({ BOT_ENV_DIR: dir.path });
    expect(loaded.status).not.toBe(0);
    expect(loaded.error).toMatch(/a\.env and .*b\.env have the same HEALTH_PORT 3000/);
  });

  it("refuses two files for the same channel, naming both", async () => {
    await envFile("a", MAIN);
    await envFile("b", { ...MAIN, HEALTH_PORT: "3001" });
    expect(load({ BOT_ENV_DIR: dir.path }).error).toMatch(/same CHANNEL_ID 3f1c2b9e/);
  });

  it("refuses a file name PM2 could not use as an app name", async () => {
    await envFile("Clinic Main", MAIN);
    expect(load({ BOT_ENV_DIR: dir.path }).error).toMatch(/Clinic Main\.env: name the file with lower-case letters/);
  });
});
