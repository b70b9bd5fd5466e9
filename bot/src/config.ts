/**
 * The bot's configuration, from environment variables, validated once at start-up. A missing or
 * malformed variable stops the process with a message naming it (ARCHITECTURE.md "The bot process").
 */
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

/** Default operator port. */
export const DEFAULT_HEALTH_PORT = 3000;
/** The page is for this machine unless the operator says otherwise (and sets HEALTH_TOKEN). */
export const DEFAULT_HEALTH_HOST = "127.0.0.1";
const MAX_PORT = 65_535;
/** Tokens shorter than this are guessable by anyone who can reach the port. */
const MIN_HEALTH_TOKEN_CHARS = 16;

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

const envSchema = z.object({
  FUNCTION_URL: z.url({ protocol: /^https?$/ }),
  CHANNEL_ID: z.string().trim().min(1),
  CHANNEL_SECRET: z.string().min(1),
  AUTH_DIR: z.string().min(1).optional(),
  QUEUE_DIR: z.string().min(1).optional(),
  HEALTH_PORT: z.coerce.number().int().min(0).max(MAX_PORT).default(DEFAULT_HEALTH_PORT),
  HEALTH_HOST: z.string().min(1).default(DEFAULT_HEALTH_HOST),
  HEALTH_TOKEN: z.string().min(MIN_HEALTH_TOKEN_CHARS).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
}).check((ctx) => {
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

export interface BotConfig {
  functionUrl: string;
  channelId: string;
  channelSecret: string;
  authDir: string;
  queueDir: string;
  healthPort: number;
  healthHost: string;
  healthToken: string | undefined;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A channel id as a directory name: anything but letters, digits, `-` and `_` becomes `_`. */
function safeDirName(channelId: string): string {
  return channelId.replace(/[^A-Za-z0-9_-]/g, "_");
}

export function loadConfig(env: Record<string, string | undefined>): BotConfig {
  // Empty strings count as unset, as a shell `VAR=` usually means.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
    throw new ConfigError(`invalid bot configuration:\n  ${problems.join("\n  ")}`);
  }
  const e = parsed.data;
  const dir = safeDirName(e.CHANNEL_ID);
  return {
    functionUrl: e.FUNCTION_URL,
    channelId: e.CHANNEL_ID,
    channelSecret: e.CHANNEL_SECRET,
    authDir: e.AUTH_DIR ?? `.local/auth/${dir}`,
    queueDir: e.QUEUE_DIR ?? `.local/queue/${dir}`,
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST,
    healthToken: e.HEALTH_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}
