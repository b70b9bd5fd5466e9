/**
 * ecosystem.config.cjs (PM2): the per-number settings come from the environment, and a missing one
 * stops `pm2 start` naming it, instead of starting a bot that gets 401 on every request.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const CONFIG = join(ROOT, "ecosystem.config.cjs");
const COMPLETE = {
  FUNCTION_URL: "https://project.supabase.co/functions/v1/whatsapp-webhook",
  CLINIC_MAIN_CHANNEL_ID: "3f1c2b9e-0000-4000-8000-000000000001",
  CLINIC_MAIN_CHANNEL_SECRET: "channel-secret",
};

interface App {
  name: string;
  exec_mode: string;
  instances: number;
  env: Record<string, string>;
}

/** Loads the file in a fresh node, as PM2 does, with exactly `env`. */
function load(env: Record<string, string>): { apps?: App[]; error: string; status: number | null } {
  const result = spawnSync(process.execPath, ["-e", `process.stdout.write(JSON.stringify(require(${JSON.stringify(CONFIG)})))`], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  const apps = result.status === 0 ? (JSON.parse(result.stdout) as { apps: App[] }).apps : undefined;
  return { apps, error: result.stderr, status: result.status };
}

describe("ecosystem.config.cjs", () => {
  it("refuses to load without the channel and function settings, naming every missing variable", () => {
    const loaded = load({});
    expect(loaded.status).not.toBe(0);
    expect(loaded.error).toMatch(/missing FUNCTION_URL, CLINIC_MAIN_CHANNEL_ID, CLINIC_MAIN_CHANNEL_SECRET/);
  });

  it("names a secret that is set but empty", () => {
    const loaded = load({ ...COMPLETE, CLINIC_MAIN_CHANNEL_SECRET: "" });
    expect(loaded.status).not.toBe(0);
    expect(loaded.error).toMatch(/missing CLINIC_MAIN_CHANNEL_SECRET\./);
  });

  it("gives each number one forked process with its own channel, directories and local health port", () => {
    const apps = load(COMPLETE).apps ?? [];
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ name: "clinic-main", exec_mode: "fork", instances: 1 });
    expect(apps[0]?.env).toMatchObject({
      FUNCTION_URL: COMPLETE.FUNCTION_URL,
      CHANNEL_ID: COMPLETE.CLINIC_MAIN_CHANNEL_ID,
      CHANNEL_SECRET: COMPLETE.CLINIC_MAIN_CHANNEL_SECRET,
      AUTH_DIR: ".local/auth/clinic-main",
      QUEUE_DIR: ".local/queue/clinic-main",
      HEALTH_HOST: "127.0.0.1",
      HEALTH_PORT: "3000",
    });
    expect(apps[0]?.env).not.toHaveProperty("HEALTH_TOKEN");
  });

  it("passes a number's HEALTH_TOKEN through when one is set", () => {
    const apps = load({ ...COMPLETE, CLINIC_MAIN_HEALTH_TOKEN: "0123456789abcdef" }).apps ?? [];
    expect(apps[0]?.env.HEALTH_TOKEN).toBe("0123456789abcdef");
  });
});
