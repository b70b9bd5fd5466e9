/**
 * The bot under a real PM2 (its own PM2_HOME, so nothing of the machine's PM2 is touched), started
 * from ecosystem.config.cjs as the README says: a number with a good env file comes up and serves
 * /health.json; a number whose env file is wrong exits 78 once and PM2 leaves it stopped instead
 * of restarting it. WhatsApp and the function are unreachable here, which is fine for both.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "../../bot/test/helpers.ts";
import { choosePort } from "../../scripts/stack/ports.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const PM2 = join(ROOT, "node_modules", ".bin", "pm2");
/** PM2 starts its daemon, then the bot starts Node and tsx: seconds on a busy machine. */
const PM2_WAIT = { timeout: 60_000, interval: 250 };
const PM2_COMMAND_TIMEOUT_MS = 60_000;

let dir: Awaited<ReturnType<typeof tempDir>>;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  dir = await tempDir("pm2");
  env = { PATH: process.env.PATH ?? "", HOME: dir.path, PM2_HOME: join(dir.path, "pm2-home"), BOT_ENV_DIR: join(dir.path, "bots") };
});
afterEach(async () => {
  pm2(["kill"]);
  await dir.remove();
});

function pm2(args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PM2, args, { cwd: ROOT, env, encoding: "utf8", timeout: PM2_COMMAND_TIMEOUT_MS });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface Pm2Process {
  name: string;
  pm2_env: { status: string; restart_time: number; exit_code?: number; env: Record<string, string> };
}

function processes(): Pm2Process[] {
  const run = pm2(["jlist"]);
  return JSON.parse(run.output.slice(run.output.indexOf("["))) as Pm2Process[];
}

async function envFile(name: string, values: Record<string, string>): Promise<void> {
  await mkdir(join(dir.path, "bots"), { recursive: true });
  await writeFile(join(dir.path, "bots", `${name}.env`), `${Object.entries(values).map(([k, v]) => `${k}=${v}`).join("\n")}\n`, { mode: 0o600 });
}

describe("the bot under PM2", () => {
  it("runs a number from its env file and leaves a misconfigured one stopped after one exit 78", { timeout: 120_000 }, async () => {
    const port = await choosePort(undefined);
    const common = { FUNCTION_URL: "http://127.0.0.1:9/functions/v1/whatsapp-webhook", LOG_LEVEL: "info" };
    await envFile("clinic-main", { ...common, CHANNEL_ID: "pm2-main", CHANNEL_SECRET: "secret", HEALTH_PORT: String(port), AUTH_DIR: join(dir.path, "auth"), QUEUE_DIR: join(dir.path, "queue") });
    // No CHANNEL_SECRET: a configuration error.
    await envFile("clinic-broken", { ...common, CHANNEL_ID: "pm2-broken", HEALTH_PORT: String(await choosePort(undefined)), AUTH_DIR: join(dir.path, "auth-b"), QUEUE_DIR: join(dir.path, "queue-b") });

    // A secret exported in the operator's shell (an old README said to) stays out of PM2.
    env = { ...env, CHANNEL_SECRET: "exported-in-the-shell", FUNCTION_URL: "https://stale.example/functions/v1/whatsapp-webhook" };
    const started = pm2(["start", "ecosystem.config.cjs"]);
    expect(started.status, started.output).toBe(0);

    await vi.waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health.json`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, state: expect.any(String) });
    }, PM2_WAIT);
    await vi.waitFor(() => {
      const broken = processes().find((p) => p.name === "clinic-broken");
      expect(broken?.pm2_env).toMatchObject({ status: "stopped", restart_time: 0, exit_code: 78 });
    }, PM2_WAIT);
    const main = processes().find((p) => p.name === "clinic-main");
    expect(main?.pm2_env.status).toBe("online");
    expect(main?.pm2_env.env).not.toHaveProperty("CHANNEL_SECRET");
    expect(main?.pm2_env.env).not.toHaveProperty("FUNCTION_URL");
    expect(pm2(["save"]).status).toBe(0);
    expect(readFileSync(join(env.PM2_HOME ?? "", "dump.pm2"), "utf8")).not.toContain("exported-in-the-shell");
    const logs = pm2(["logs", "clinic-broken", "--lines", "20", "--nostream"]);
    expect(logs.output).toMatch(/clinic-broken\.env:[\s\S]*CHANNEL_SECRET/);
    // Node 20 has no TypeScript of its own: the entry keeps PM2 from looking for ts-node.
    expect(logs.output).not.toMatch(/TypeScript support unavailable/);
  });
});
