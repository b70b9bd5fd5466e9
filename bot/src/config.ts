/**
 * The bot's configuration, from one number's env file (env-file.ts) or the environment, validated
 * once at start-up. A missing or malformed variable stops the process with a message naming it
 * (ARCHITECTURE.md "The bot process"); main.ts exits with EX_CONFIG (78), which PM2 does not restart.
 */
import { isIPv4, isIPv6 } from "node:net";
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_AUTH_PARENT, DEFAULT_QUEUE_PARENT, fromRepoRoot } from "./paths.ts";
import { LANGUAGES, type Language } from "./whatsapp/replies/index.ts";

/** Default operator port. */
export const DEFAULT_HEALTH_PORT = 3000;
/** The page is for this machine unless the operator says otherwise (and sets HEALTH_TOKEN). */
export const DEFAULT_HEALTH_HOST = "127.0.0.1";
const MAX_PORT = 65_535;
/** Tokens shorter than this are guessable by anyone who can reach the port. */
const MIN_HEALTH_TOKEN_CHARS = 16;

/**
 * Proactive messages (reminders, notices, alerts) are paced so the number does not look like a
 * bulk sender, which WhatsApp bans. Defaults: one every 15 s or more across chats (240 an hour at
 * most), 30 s between two to the same patient, and at most 300 in any 24 hours: a small clinic
 * sends a few dozen reminders a day, so the cap only bites when something is wrong.
 */
export const DEFAULT_PACE_GAP_S = 15;
export const DEFAULT_PACE_CHAT_GAP_S = 30;
export const DEFAULT_PACE_DAILY_CAP = 300;
/** Gaps longer than an hour would hold messages claimed from the outbox for hours. */
const MAX_PACE_GAP_S = 3_600;
/** Far more than any clinic sends first in a day; a typo like 30000 is caught. */
const MAX_PACE_DAILY_CAP = 10_000;
const MS_PER_S = 1_000;

/** The first octet of IPv4's loopback block, 127.0.0.0/8. */
const IPV4_LOOPBACK_OCTET = "127";

/**
 * True for addresses only this machine can reach: 127.0.0.0/8 (also IPv4-mapped), ::1 and
 * `localhost`. Anything else (0.0.0.0, a LAN address, a host name) exposes the page to a network.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  if (isIPv4(bare)) return bare.split(".")[0] === IPV4_LOOPBACK_OCTET;
  if (isIPv6(bare)) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    if (mapped?.[1] !== undefined) return isLoopbackHost(mapped[1]);
    // Every spelling of ::1 (0:0:0:0:0:0:0:1, ::0:1, …) has only zero groups before a final 1.
    return /^[0:]*:0*1$/.test(bare);
  }
  return false;
}

/** A host name as a browser sends it in `Host` (no scheme, port or path), or an IP address. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?$/;

function isHostName(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  return HOST_NAME.test(host) || isIPv4(bare) || isIPv6(bare);
}

/** "yes"/"no" in the spellings env files use. */
const flag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["1", "true", "yes", "on", "0", "false", "no", "off"]))
  .transform((value) => ["1", "true", "yes", "on"].includes(value));

/** Seconds as a decimal number, to milliseconds. */
const seconds = (fallback: number) => z.coerce.number().min(0).max(MAX_PACE_GAP_S).default(fallback).transform((s) => Math.round(s * MS_PER_S));

const envSchema = z
  .object({
    FUNCTION_URL: z.url({ protocol: /^https?$/ }),
    CHANNEL_ID: z.string().trim().min(1),
    CHANNEL_SECRET: z.string().min(1),
    AUTH_DIR: z.string().min(1).optional(),
    QUEUE_DIR: z.string().min(1).optional(),
    HEALTH_PORT: z.coerce.number().int().min(0).max(MAX_PORT).default(DEFAULT_HEALTH_PORT),
    HEALTH_HOST: z.string().min(1).default(DEFAULT_HEALTH_HOST),
    HEALTH_TOKEN: z.string().min(MIN_HEALTH_TOKEN_CHARS).optional(),
    HEALTH_ALLOWED_HOSTS: z
      .string()
      .transform((list) => list.split(/[\s,]+/).map((host) => host.trim().toLowerCase()).filter((host) => host !== ""))
      .pipe(z.array(z.string().refine(isHostName, { message: "must list host names only (like clinic.example.com), without scheme, port or path" })))
      .default([]),
    CLINIC_LANGUAGE: z.enum(LANGUAGES).default("en"),
    ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    LOG_PATIENT_TEXT: flag.default(false),
    PACE_GAP_S: seconds(DEFAULT_PACE_GAP_S),
    PACE_CHAT_GAP_S: seconds(DEFAULT_PACE_CHAT_GAP_S),
    PACE_DAILY_CAP: z.coerce.number().int().min(1).max(MAX_PACE_DAILY_CAP).default(DEFAULT_PACE_DAILY_CAP),
  })
  .check((ctx) => {
    // The QR on /health links the clinic's number to whoever scans it: off this machine, only with a token.
    if (!isLoopbackHost(ctx.value.HEALTH_HOST) && ctx.value.HEALTH_TOKEN === undefined) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value.HEALTH_HOST,
        path: ["HEALTH_HOST"],
        message: `${ctx.value.HEALTH_HOST} is not a loopback address, so /health (and the QR that links the number) would be reachable from the network; set HEALTH_TOKEN (${MIN_HEALTH_TOKEN_CHARS}+ characters) or use HEALTH_HOST=127.0.0.1`,
      });
    }
  });

/** Every variable the bot reads: an env file is the whole configuration for these (env-file.ts). */
export const BOT_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface PacingConfig {
  /** Least time between two proactive sends, across all chats. */
  gapMs: number;
  /** Least time between two proactive sends to the same chat. */
  chatGapMs: number;
  /** Most proactive sends in any 24 hours; beyond it they wait in the outbox. */
  dailyCap: number;
}

export interface BotConfig {
  functionUrl: string;
  channelId: string;
  channelSecret: string;
  /** Absolute. */
  authDir: string;
  /** Absolute. */
  queueDir: string;
  healthPort: number;
  healthHost: string;
  healthToken: string | undefined;
  /** Host names /health answers to besides loopback ones (a reverse proxy's name), lower case. */
  healthAllowedHosts: readonly string[];
  /** The clinic's default language: the bot's own texts to patients. */
  language: Language;
  alertWebhookUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** Patients' texts appear in logs only when this is set (LOG_PATIENT_TEXT). */
  logPatientText: boolean;
  pacing: PacingConfig;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A channel id as a directory name: anything but letters, digits, `-` and `_` becomes `_`. */
function safeDirName(channelId: string): string {
  return channelId.replace(/[^A-Za-z0-9_-]/g, "_");
}

/** `source` names where the values came from in error messages (an env file, or "the environment"). */
export function loadConfig(env: Record<string, string | undefined>, source = "the environment"): BotConfig {
  // Empty strings count as unset, as a shell `VAR=` (or an env file's `VAR=`) usually means.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "environment")}: ${issue.message}`);
    throw new ConfigError(`invalid bot configuration in ${source}:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const dir = safeDirName(e.CHANNEL_ID);
  return {
    functionUrl: e.FUNCTION_URL,
    channelId: e.CHANNEL_ID,
    channelSecret: e.CHANNEL_SECRET,
    authDir: e.AUTH_DIR === undefined ? join(DEFAULT_AUTH_PARENT, dir) : fromRepoRoot(e.AUTH_DIR),
    queueDir: e.QUEUE_DIR === undefined ? join(DEFAULT_QUEUE_PARENT, dir) : fromRepoRoot(e.QUEUE_DIR),
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST,
    healthToken: e.HEALTH_TOKEN,
    healthAllowedHosts: e.HEALTH_ALLOWED_HOSTS,
    language: e.CLINIC_LANGUAGE,
    alertWebhookUrl: e.ALERT_WEBHOOK_URL,
    logLevel: e.LOG_LEVEL,
    logPatientText: e.LOG_PATIENT_TEXT,
    pacing: { gapMs: e.PACE_GAP_S, chatGapMs: e.PACE_CHAT_GAP_S, dailyCap: e.PACE_DAILY_CAP },
  };
}
