/**
 * The bot as a process (bot/src/main.ts): configuration from a number's env file or the
 * environment, configuration errors name the file and the variable and exit 78, /health.json
 * answers, and SIGTERM drains and exits cleanly. WhatsApp is unreachable here, which is fine: the
 * process keeps reconnecting and reports it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tempDir } from "./helpers.ts";
import { choosePort } from "../../scripts/stack/ports.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "bot", "src", "main.ts");
const EXIT_CONFIG = 78;
/** main.ts: another bot holds this bot's session, queue or port. */
const EXIT_UNAVAILABLE = 69;
const PROCESS_WAIT = { timeout: 20_000, interval: 100 };

let dir: Awaited<ReturnType<typeof tempDir>>;
let children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await tempDir("process");
});
afterEach(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
  children = [];
  await dir.remove();
});

function startProcess(env: Record<string, string>, args: string[] = []): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  let output = "";
  // Only what the bot needs: no stack variables from the test environment leak in.
  const started = spawn(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
  started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
  children.push(started);
  return { child: started, output: () => output, exit };
}

function botEnv(port: number, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    FUNCTION_URL: "http://127.0.0.1:9/functions/v1/whatsapp-webhook",
    CHANNEL_ID: "c1",
    CHANNEL_SECRET: "secret",
    AUTH_DIR: join(dir.path, "auth"),
    QUEUE_DIR: join(dir.path, "queue"),
    HEALTH_PORT: String(port),
    LOG_LEVEL: "info",
    ...overrides,
  };
}

async function waitForHealth(port: number): Promise<void> {
  await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/health.json`)).status).toBe(503), PROCESS_WAIT);
}

describe("bot process", () => {
  it("stops at start-up naming a missing variable", async () => {
    const run = startProcess({ FUNCTION_URL: "http://127.0.0.1:9/functions/v1/whatsapp-webhook", CHANNEL_ID: "c1" });
    expect(await run.exit).toBe(EXIT_CONFIG);
    expect(run.output()).toMatch(/CHANNEL_SECRET/);
  });

  it("serves /health.json, then drains and exits 0 on SIGTERM", async () => {
    const port = await choosePort(undefined);
    const run = startProcess(botEnv(port));
    const body = await vi.waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health.json`);
      expect(response.status).toBe(503);
      return (await response.json()) as { state: string; ok: boolean };
    }, PROCESS_WAIT);
    expect(body.ok).toBe(false);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.output()).toMatch(/finishing work in flight/);
  });

  it("refuses plainly to start a second bot on the same session, even on another port", async () => {
    const port = await choosePort(undefined);
    startProcess(botEnv(port));
    await waitForHealth(port);
    const second = startProcess(botEnv(await choosePort(undefined)));
    expect(await second.exit).toBe(EXIT_UNAVAILABLE);
    expect(second.output()).toMatch(/(^|\n)bot: another bot \(pid \d+\) is using AUTH_DIR=.*stop that bot first/);
    expect(second.output()).not.toMatch(/\n\s+at /);
  });

  it("exits with 78 (a configuration error PM2 does not restart) when the health port is still taken after a few seconds", async () => {
    // Regression: a port clash restarted the bot up to 50 times under PM2.
    const port = await choosePort(undefined);
    startProcess(botEnv(port));
    await waitForHealth(port);
    const second = startProcess(botEnv(port, { AUTH_DIR: join(dir.path, "auth-2"), QUEUE_DIR: join(dir.path, "queue-2") }));
    expect(await second.exit).toBe(EXIT_CONFIG);
    expect(second.output()).toMatch(new RegExp(`(^|\\n)bot: HEALTH_PORT ${port} on 127.0.0.1 is still in use after 5 s`));
    expect(second.output()).not.toMatch(/\n\s+at /);
  });

  it("runs from a number's env file, which wins over the environment PM2 passes down", async () => {
    const port = await choosePort(undefined);
    const file = join(dir.path, "clinic-main.env");
    const { PATH: _path, ...settings } = { PATH: "", ...botEnv(port) };
    await writeFile(file, Object.entries(settings).map(([key, value]) => `${key}=${value}`).join("\n"), { mode: 0o600 });
    // A stale value exported in the shell that ran pm2 must not override the file.
    const run = startProcess({ CHANNEL_ID: "stale-channel-from-the-shell", HEALTH_PORT: "1" }, [file]);
    await waitForHealth(port);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain(`"config":"${file}"`);
    expect(run.output()).toMatch(/ignored CHANNEL_ID, HEALTH_PORT from the environment/);
    expect(run.output()).toContain('"channel":"c1"');
  });

  it("checks an env file with --check, naming the file and the variable when it is wrong", async () => {
    const file = join(dir.path, "clinic-main.env");
    await writeFile(file, "FUNCTION_URL=https://abcd.supabase.co/functions/v1/whatsapp-webhook\nCHANNEL_ID=c1\nCHANNEL_SECRET=s\n", { mode: 0o600 });
    const valid = startProcess({}, [file, "--check"]);
    expect(await valid.exit).toBe(0);
    expect(valid.output()).toMatch(/configuration in .*clinic-main\.env is valid/);
    await writeFile(file, "FUNCTION_URL=https://abcd.supabase.co/functions/v1/whatsapp-webhook\nCHANNEL_ID=c1\nCLINIC_LANGUAGE=fr\n", { mode: 0o600 });
    const invalid = startProcess({}, [file, "--check"]);
    expect(await invalid.exit).toBe(EXIT_CONFIG);
    expect(invalid.output()).toMatch(/clinic-main\.env:[\s\S]*CHANNEL_SECRET[\s\S]*CLINIC_LANGUAGE/);
  });

  it("exits with 78 naming a number whose env file does not exist", async () => {
    const run = startProcess({}, ["no-such-number"]);
    expect(await run.exit).toBe(EXIT_CONFIG);
    expect(run.output()).toMatch(/\.local\/bots\/no-such-number\.env does not exist/);
  });

  it("stops at start-up when HEALTH_HOST reaches the network and no HEALTH_TOKEN is set", async () => {
    const run = startProcess(botEnv(await choosePort(undefined), { HEALTH_HOST: "0.0.0.0" }));
    expect(await run.exit).toBe(EXIT_CONFIG);
    expect(run.output()).toMatch(/HEALTH_HOST[\s\S]*HEALTH_TOKEN/);
  });
});
