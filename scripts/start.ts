/**
 * `npm start`: the local stack (PostgreSQL, gateway, function; data under .local/) and the bot
 * wired to it, then prints the bot's /health URL. Ctrl-C (SIGINT) or SIGTERM stops the bot first
 * (it drains and leaves queued messages on disk), then the stack. If `npm run stack` already runs on
 * this checkout, its .local/stack.env is used and only the bot is started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { StackLockedError } from "./stack/lock.ts";
import { DEFAULT_GATEWAY_PORT, DEFAULT_PG_PORT, REPO_ROOT, startStack, type StackHandle } from "./stack/stack.ts";

const DATA_DIR = path.join(REPO_ROOT, ".local");
const ENV_FILE = path.join(DATA_DIR, "stack.env");
const DEFAULT_HEALTH_HOST = "127.0.0.1";
const DEFAULT_HEALTH_PORT = "3000";
/** How long the bot may take to answer /health.json after it was spawned. */
const BOT_READY_DEADLINE_MS = 30_000;
const READY_POLL_MS = 200;
const EXIT_FAILURE = 1;

const startedAt = performance.now();
function log(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(2).padStart(6);
  console.log(`[start ${seconds}s] ${message}`);
}

/** `KEY=value` lines, as the stack writes them. */
function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

async function waitForHealth(url: string, bot: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + BOT_READY_DEADLINE_MS;
  while (Date.now() < deadline && bot.exitCode === null) {
    try {
      // Any answer (503 while WhatsApp is not linked) means the page is up.
      await fetch(url);
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }
  return false;
}

let stack: StackHandle | undefined;
let bot: ChildProcess | undefined;
let stopping = false;

async function stopAll(reason: string, code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log(`${reason}: stopping`);
    if (bot && bot.exitCode === null && bot.signalCode === null) {
      const exited = new Promise((resolve) => bot?.once("exit", resolve));
      bot.kill("SIGTERM");
      await exited;
    }
    await stack?.stop();
    log("stopped");
  }
  process.exit(code);
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = true;
    void stopAll(signal, 0);
  });
}

let stackEnv: Record<string, string>;
try {
  stack = await startStack({ dataDir: DATA_DIR, pgPort: DEFAULT_PG_PORT, gatewayPort: DEFAULT_GATEWAY_PORT, envFile: ENV_FILE, log: (m) => log(`stack: ${m}`) });
  stackEnv = { ...stack.env };
} catch (error) {
  if (!(error instanceof StackLockedError)) {
    console.error(`start: the stack failed to start:\n${(error as Error).message}`);
    process.exit(EXIT_FAILURE);
  }
  log(`${error.message}; using the running stack's ${path.relative(REPO_ROOT, ENV_FILE)}`);
  stackEnv = readEnvFile(ENV_FILE);
}
if (interrupted) await stopAll("interrupted during start-up", 0);
if (!stackEnv.CHANNEL_ID) {
  console.error("start: the database has no channel yet (seed.sql missing?); the bot needs CHANNEL_ID");
  await stopAll("no channel", EXIT_FAILURE);
}

const env: NodeJS.ProcessEnv = { ...process.env, FUNCTION_URL: stackEnv.FUNCTION_URL, CHANNEL_ID: stackEnv.CHANNEL_ID, CHANNEL_SECRET: stackEnv.CHANNEL_SECRET };
bot = spawn(process.execPath, ["--import", "tsx", path.join("bot", "src", "main.ts")], { cwd: REPO_ROOT, env, stdio: "inherit" });
bot.once("exit", (code, signal) => {
  if (!stopping) void stopAll(`the bot exited (${signal ?? code})`, code ?? EXIT_FAILURE);
});

const host = env.HEALTH_HOST || DEFAULT_HEALTH_HOST;
const port = env.HEALTH_PORT || DEFAULT_HEALTH_PORT;
const shownHost = host === "0.0.0.0" ? "127.0.0.1" : host;
const healthUrl = `http://${shownHost}:${port}/health`;
if (await waitForHealth(`${healthUrl}.json`, bot)) {
  const tokenHint = env.HEALTH_TOKEN ? "?token=<HEALTH_TOKEN>" : "";
  console.log(
    [
      "",
      `  WhatsApp     ${healthUrl}${tokenHint}   (scan the QR there; /health.json for monitors)`,
      `  function     ${stackEnv.FUNCTION_URL}`,
      `  chat         npm run chat   (talk to the function as a patient, no WhatsApp needed)`,
      "",
      "  Ctrl-C stops the bot, then the stack.",
    ].join("\n"),
  );
} else if (!stopping) {
  await stopAll(`the bot did not answer ${healthUrl}.json within ${BOT_READY_DEADLINE_MS / 1000} s`, EXIT_FAILURE);
}
