/**
 * PM2: one app per WhatsApp number, one env file per number. Every `.local/bots/<name>.env` (or
 * `$BOT_ENV_DIR/<name>.env`) becomes an app named <name> that runs the bot (bot/pm2.mjs →
 * bot/src/main.ts) on that file:
 * the same file `npm run bot -- <name>` reads, and the one the clinic tool writes when it creates a
 * channel. Nothing secret is in this file (it is committed) or in PM2's saved process list: the bot
 * reads its env file itself at every start, so `npx pm2 restart <name>` picks up an edited file,
 * and the bot's variables are filtered out of the environment PM2 hands down (and saves) from the
 * shell that ran `pm2 start`, where a secret may have been exported.
 *
 * Baileys allows one socket per session, so never run two processes for one number and never use
 * cluster mode; the bot also refuses to start on a session or queue another bot holds. Each number
 * needs its own HEALTH_PORT (3000 when unset); two files with the same port or channel stop
 * `pm2 start` here, naming both files.
 *
 * Exits: a configuration error (78, EX_CONFIG: a missing or malformed variable, a health port
 * still in use after a few seconds) and another bot holding the session (69, EX_UNAVAILABLE) are
 * not restarted (`npx pm2 list` shows the app stopped): restarting cannot fix them, `npx pm2 logs
 * <name>` says what to fix, then `npx pm2 restart <name>`. A crash is restarted.
 *
 * Shutdown: PM2 sends SIGINT/SIGTERM; the bot stops taking work, finishes what is in flight (at most
 * DRAIN_TIMEOUT_MS = 20 s, bot/src/app.ts) and exits; what is queued stays on disk for the next start.
 * kill_timeout is longer than that drain, so PM2 never SIGKILLs a bot in the middle of a reply.
 */
const { readdirSync, readFileSync } = require("node:fs");
const path = require("node:path");
const { parseEnv } = require("node:util");

/** Where the env files are: BOT_ENV_DIR, else .local/bots in this checkout (bot/src/paths.ts). */
const BOTS_DIR = process.env.BOT_ENV_DIR ? path.resolve(process.env.BOT_ENV_DIR) : path.join(__dirname, ".local", "bots");
const ENV_FILE_SUFFIX = ".env";
/** bot/src/env-file.ts BOT_NAME_PATTERN: PM2 app name and file name. */
const BOT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** bot/src/config.ts DEFAULT_HEALTH_PORT. */
const DEFAULT_HEALTH_PORT = 3000;
/** bot/src/exit-codes.ts EXIT_CONFIG and EXIT_UNAVAILABLE: an operator must act, a restart cannot help. */
const STOP_EXIT_CODES = [78, 69];
/** bot/src/app.ts DRAIN_TIMEOUT_MS plus time to close the socket and the health server. */
const KILL_TIMEOUT_MS = 30_000;
/**
 * A crash is restarted at once (the bot itself rides out outages of WhatsApp and the function, so
 * a crash is rare); a run shorter than MIN_UPTIME_MS counts as unstable, and after MAX_RESTARTS
 * unstable runs in a row PM2 marks the app errored instead of looping. (No restart delay: with
 * one, PM2 shows an app it will not restart, after exit 78, as "waiting restart" for ever.)
 */
const MIN_UPTIME_MS = 10_000;
const MAX_RESTARTS = 10;
/** The bot is one socket and a small queue; more than this means a leak worth a restart. */
const MAX_MEMORY = "400M";

/**
 * The bot's variable names, from .env.example (a test keeps it equal to bot/src/config.ts), for
 * PM2's filter_env: they stay out of the apps' environment and of `pm2 save`'s dump.
 */
function botVariables() {
  return Object.keys(parseEnv(readFileSync(path.join(__dirname, ".env.example"), "utf8")));
}

/** The numbers' env files, sorted by name; throws with what to do when there are none. */
function envFiles(dir) {
  let names;
  try {
    names = readdirSync(dir).filter((file) => file.endsWith(ENV_FILE_SUFFIX)).sort();
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
    names = [];
  }
  if (names.length === 0) {
    throw new Error(
      `ecosystem.config.cjs: no env files in ${dir}. Create one per WhatsApp number, ${path.join(dir, "<name>.env")} ` +
        "(the clinic tool writes it; .env.example shows every variable), then run pm2 start again.",
    );
  }
  return names.map((file) => ({ name: path.basename(file, ENV_FILE_SUFFIX), file: path.join(dir, file) }));
}

/** Reads what PM2 itself must know of each file (name, port, channel) and refuses clashes. */
function readNumbers(dir) {
  const numbers = envFiles(dir).map(({ name, file }) => {
    if (!BOT_NAME_PATTERN.test(name)) throw new Error(`ecosystem.config.cjs: ${file}: name the file with lower-case letters, digits and - (it is the PM2 app name)`);
    const values = parseEnv(readFileSync(file, "utf8"));
    return { name, file, healthPort: values.HEALTH_PORT || String(DEFAULT_HEALTH_PORT), channelId: values.CHANNEL_ID || "" };
  });
  for (const [key, what] of [["healthPort", "HEALTH_PORT"], ["channelId", "CHANNEL_ID"]]) {
    const seen = new Map();
    for (const number of numbers) {
      const value = number[key];
      if (value === "") continue;
      const other = seen.get(value);
      if (other) throw new Error(`ecosystem.config.cjs: ${other.file} and ${number.file} have the same ${what} ${value}; each number needs its own`);
      seen.set(value, number);
    }
  }
  return numbers;
}

const filteredVariables = botVariables();

module.exports = {
  apps: readNumbers(BOTS_DIR).map((number) => ({
    name: number.name,
    script: "bot/pm2.mjs",
    args: [number.file],
    interpreter: "node",
    interpreter_args: "--import tsx",
    cwd: __dirname,
    exec_mode: "fork",
    instances: 1,
    autorestart: true,
    stop_exit_codes: STOP_EXIT_CODES,
    min_uptime: MIN_UPTIME_MS,
    max_restarts: MAX_RESTARTS,
    kill_timeout: KILL_TIMEOUT_MS,
    max_memory_restart: MAX_MEMORY,
    merge_logs: true,
    time: true,
    filter_env: filteredVariables,
    env: { NODE_ENV: "production" },
  })),
};
