/**
 * PM2: one app per WhatsApp number (Baileys allows one socket per session, so never run two
 * processes for one number and never use cluster mode). Each app gets its own channel, secret,
 * session and queue directories, and health port. Start with `pm2 start ecosystem.config.cjs`.
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

/** The function and secret for each number; fill from your Supabase project (see .env.example). */
const FUNCTION_URL = process.env.FUNCTION_URL || "https://YOUR-PROJECT.supabase.co/functions/v1/whatsapp-webhook";

/** One entry per WhatsApp number. */
const numbers = [
  {
    name: "clinic-main",
    channelId: process.env.CHANNEL_ID || "00000000-0000-0000-0000-000000000000",
    channelSecret: process.env.CHANNEL_SECRET || "",
    healthPort: Number(process.env.HEALTH_PORT) || 3000,
  },
  // { name: "clinic-branch", channelId: "…", channelSecret: "…", healthPort: 3001 },
];

module.exports = {
  apps: numbers.map((number) => ({
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
      FUNCTION_URL,
      CHANNEL_ID: number.channelId,
      CHANNEL_SECRET: number.channelSecret,
      AUTH_DIR: `.local/auth/${number.name}`,
      QUEUE_DIR: `.local/queue/${number.name}`,
      HEALTH_HOST: "127.0.0.1",
      HEALTH_PORT: String(number.healthPort),
      // HEALTH_TOKEN: "at least 16 random characters", // required once HEALTH_HOST is not 127.0.0.1
      LOG_LEVEL: "info",
    },
  })),
};
