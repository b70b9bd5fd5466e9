/**
 * `npm start`: the local stack (PostgreSQL, gateway, function; data under .local/) and the bot
 * wired to it, then prints the bot's /health URL. Ctrl-C (SIGINT) or SIGTERM stops the bot first
 * (it drains and leaves queued messages on disk), then the stack.
 *
 * With a stack already running on this checkout (`npm run stack`, or another `npm start`: its lock),
 * that stack is reused through its .local/stack.env and only the bot is started; stopping then
 * leaves that stack running. A bot cannot be started twice: when the health port is taken, or the
 * bot refuses because another bot holds its session or queue, this says so and exits non-zero.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { DEFAULT_HEALTH_HOST, DEFAULT_HEALTH_PORT } from "../bot/src/config.ts";
import { EXIT_CONFIG, EXIT_UNAVAILABLE } from "../bot/src/exit-codes.ts";
import { readEnvFile } from "./stack/env-file.ts";
import { StackLockedError } from "./stack/lock.ts";
import { timedConsoleLog } from "./stack/log.ts";
import { DEFAULT_GATEWAY_PORT, DEFAULT_PG_PORT, REPO_ROOT, startStack, type StackHandle } from "./stack/stack.ts";

const DATA_DIR = path.join(REPO_ROOT, ".local");
const ENV_FILE = path.join(DATA_DIR, "stack.env");
/** How long the bot may take to answer /health.json after it was spawned. */
const BOT_READY_DEADLINE_MS = 30_000;
const READY_POLL_MS = 200;
const EXIT_FAILURE = 1;

const log = timedConsoleLog("start");

/** Whether `host:port` can be listened on now; the error code (EADDRINUSE, EACCES, …) if not. */
async function portProblem(host: string, port: number): Promise<string | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
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
    if (stack) {
      await stack.stop();
      log("stopped");
    } else log("stopped (the stack this reused keeps running)");
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

const host = process.env.HEALTH_HOST || DEFAULT_HEALTH_HOST;
const port = process.env.HEALTH_PORT || String(DEFAULT_HEALTH_PORT);
// Checked before the stack starts: a second `npm start` should not start (or reuse) a stack only
// to have its bot die on a busy port. Port 0 (any free port) and a malformed one are the bot's to judge.
if (/^[1-9]\d*$/.test(port)) {
  const problem = await portProblem(host, Number(port));
  if (problem !== undefined) {
    const why = problem === "EADDRINUSE" ? "is already in use (another `npm start` or bot running?)" : `cannot be used (${problem})`;
    console.error(`start: the bot's health port ${host}:${port} ${why}. Stop that first, or choose another one: HEALTH_PORT=<port> npm start`);
    process.exit(EXIT_FAILURE);
  }
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
  log(`a stack is already running on this checkout (pid ${error.ownerPid}): reusing it (${path.relative(REPO_ROOT, ENV_FILE)}) and starting only the bot; Ctrl-C will leave that stack running`);
  try {
    stackEnv = readEnvFile(ENV_FILE);
  } catch (readError) {
    console.error(`start: the running stack has no readable ${path.relative(REPO_ROOT, ENV_FILE)} (${(readError as Error).message}); is it still starting? Try again in a moment.`);
    process.exit(EXIT_FAILURE);
  }
}
if (interrupted) await stopAll("interrupted during start-up", 0);
if (!stackEnv.CHANNEL_ID) {
  console.error("start: the database has no channel yet (seed.sql missing?); the bot needs CHANNEL_ID");
  await stopAll("no channel", EXIT_FAILURE);
}

const env: NodeJS.ProcessEnv = { ...process.env, FUNCTION_URL: stackEnv.FUNCTION_URL, CHANNEL_ID: stackEnv.CHANNEL_ID, CHANNEL_SECRET: stackEnv.CHANNEL_SECRET };
bot = spawn(process.execPath, ["--import", "tsx", path.join("bot", "src", "main.ts")], { cwd: REPO_ROOT, env, stdio: "inherit" });
bot.once("exit", (code, signal) => {
  if (stopping) return;
  // The bot printed why it refused to start (config, or another bot on its session, queue or port).
  const refused = code === EXIT_CONFIG || code === EXIT_UNAVAILABLE;
  void stopAll(refused ? "the bot refused to start (reason above)" : `the bot exited (${signal ?? code})`, code ?? EXIT_FAILURE);
});
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
