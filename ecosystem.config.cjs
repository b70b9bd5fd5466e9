/**
 * PM2: one app per WhatsApp number (Baileys allows one socket per session, so never run two
 * processes for one number and never use cluster mode; the bot also refuses to start on a session
 * or queue directory another bot holds). Each app gets its own channel, secret, session and queue
 * directories, and health port. Start with `pm2 start ecosystem.config.cjs`.
 *
 * Configuration: the numbers are listed below; their channel ids and secrets come from the
 * environment PM2 is started in, never from this file (it is committed). For a number named
 * "clinic-main" that is CLINIC_MAIN_CHANNEL_ID and CLINIC_MAIN_CHANNEL_SECRET, plus FUNCTION_URL for
 * all numbers. A missing value stops `pm2 start` here, naming every variable that is missing,
 * instead of starting bots that get 401 on every request.
 *
 * Shutdown: PM2 sends SIGINT/SIGTERM; the bot stops taking work, finishes what is in flight (at most
 * DRAIN_TIMEOUT_MS = 20 s, bot/src/app.ts) and exits; what is queued stays on disk for the next start.
 * kill_timeout is longer than that drain, so PM2 never SIGKILLs a bot in the middle of a reply.
 */

/** bot/src/app.ts DRAIN_TIMEOUT_MS plus time to close the socket and the health server. */
const KILL_TIMEOUT_MS = 30_000;
/** First restart delay after a crash; PM2 doubles it per consecutive crash (up to 15 s) and resets it after a stable run. */
const RESTART_BACKOFF_MS = 1_000;
/** A crash loop of this many restarts stops the app, so a broken config does not spin forever. */
const MAX_RESTARTS = 50;
/** The bot is one socket and a small queue; more than this means a leak worth a restart. */
const MAX_MEMORY = "400M";
/** The health page stays on this machine; put a reverse proxy (and HEALTH_TOKEN) in front to expose it. */
const HEALTH_HOST = "127.0.0.1";

/**
 * One entry per WhatsApp number: a name (PM2 app name, directory name, environment prefix) and a
 * health port of its own. Add a line per number, e.g. { name: "clinic-branch", healthPort: 3001 }.
 */
const numbers = [{ name: "clinic-main", healthPort: 3000 }];

/** "clinic-main" → "CLINIC_MAIN_": the prefix of that number's variables. */
function envPrefix(name) {
  return `${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_`;
}

/** Every required variable, read once; throws naming all the missing ones at once. */
function readSettings(env) {
  const missing = [];
  const required = (variable) => {
    const value = env[variable];
    if (value === undefined || value.trim() === "") missing.push(variable);
    return value;
  };
  const functionUrl = required("FUNCTION_URL");
  const perNumber = numbers.map((number) => {
    const prefix = envPrefix(number.name);
    return {
      ...number,
      channelId: required(`${prefix}CHANNEL_ID`),
      channelSecret: required(`${prefix}CHANNEL_SECRET`),
      // Optional: only needed once HEALTH_HOST is not a loopback address.
      healthToken: env[`${prefix}HEALTH_TOKEN`],
    };
  });
  for (const key of ["name", "healthPort"]) {
    const values = numbers.map((number) => number[key]);
    const repeated = values.find((value, index) => values.indexOf(value) !== index);
    if (repeated !== undefined) throw new Error(`ecosystem.config.cjs: two numbers share the ${key} ${repeated}; each needs its own`);
  }
  if (missing.length > 0) {
    throw new Error(
      `ecosystem.config.cjs: missing ${missing.join(", ")}. Export them in the shell that runs pm2 ` +
        "(see .env.example and bot/README.md); the channel id and secret are in the channels table.",
    );
  }
  return { functionUrl, numbers: perNumber };
}

const settings = readSettings(process.env);

module.exports = {
  apps: settings.numbers.map((number) => ({
    name: number.name,
    script: "bot/src/main.ts",
    interpreter: "node",
    interpreter_args: "--import tsx",
    cwd: __dirname,
    exec_mode: "fork",
    instances: 1,
    autorestart: true,
    exp_backoff_restart_delay: RESTART_BACKOFF_MS,
    max_restarts: MAX_RESTARTS,
    kill_timeout: KILL_TIMEOUT_MS,
    max_memory_restart: MAX_MEMORY,
    merge_logs: true,
    time: true,
    env: {
      NODE_ENV: "production",
      FUNCTION_URL: settings.functionUrl,
      CHANNEL_ID: number.channelId,
      CHANNEL_SECRET: number.channelSecret,
      AUTH_DIR: `.local/auth/${number.name}`,
      QUEUE_DIR: `.local/queue/${number.name}`,
      HEALTH_HOST,
      HEALTH_PORT: String(number.healthPort),
      ...(number.healthToken ? { HEALTH_TOKEN: number.healthToken } : {}),
      LOG_LEVEL: "info",
    },
  })),
};
