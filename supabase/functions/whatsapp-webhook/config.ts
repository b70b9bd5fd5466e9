/**
 * The function's configuration, parsed once at start-up from the environment the Edge runtime
 * provides. A missing or malformed variable throws ConfigError naming it, so a bad deploy fails
 * at its first request's isolate start instead of half-working.
 */
import { z } from "zod";
import { LOG_LEVELS, type LogLevel } from "../_shared/logger.ts";
import type { ClaudeConfig } from "./faq/claude.ts";

/** A small, fast model: FAQ answers are a few sentences rephrased from given text. */
export const DEFAULT_ANTHROPIC_MODEL = "claude-haiku-4-5";
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

export interface Config {
  supabaseUrl: string;
  serviceKey: string;
  /** null when ANTHROPIC_API_KEY is unset: FAQ answers are then sent verbatim. */
  anthropic: ClaudeConfig | null;
  logLevel: LogLevel;
  /**
   * Whether debug logs may carry patients' texts (LOG_PATIENT_TEXT). Off by default at every level:
   * logs travel to places (dashboards, support tickets) where health details must not.
   */
  logPatientText: boolean;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly variable: string, problem: string) {
    super(`configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

const httpUrl = z.url({ protocol: /^https?$/ });
/** An on/off variable, spelt the ways operators do. */
const flag = z.enum(["1", "true", "yes", "on", "0", "false", "no", "off"]).transform((value) => ["1", "true", "yes", "on"].includes(value));

/** An unset or blank variable counts as absent. */
function read(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? null : value;
}

function parseWith<T>(name: string, raw: string, schema: z.ZodType<T>): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(name, `is invalid: ${result.error.issues[0]?.message ?? "bad value"}`);
  return result.data;
}

/** `SUPABASE_SECRET_KEYS` is a JSON object of named keys, e.g. `{"default":"sb_secret_…"}`. */
function firstSecretKey(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError("SUPABASE_SECRET_KEYS", "is not a JSON object of named keys");
  }
  const keys = z.record(z.string(), z.string().min(1)).safeParse(parsed);
  if (!keys.success) throw new ConfigError("SUPABASE_SECRET_KEYS", "is not a JSON object of named keys");
  const key = keys.data["default"] ?? Object.values(keys.data)[0];
  if (key === undefined) throw new ConfigError("SUPABASE_SECRET_KEYS", "holds no key");
  return key;
}

export function parseConfig(env: Env): Config {
  const url = read(env, "SUPABASE_URL");
  if (url === null) throw new ConfigError("SUPABASE_URL", "is required");
  const supabaseUrl = parseWith("SUPABASE_URL", url, httpUrl);

  const serviceRoleKey = read(env, "SUPABASE_SERVICE_ROLE_KEY");
  const secretKeys = read(env, "SUPABASE_SECRET_KEYS");
  let serviceKey: string;
  if (serviceRoleKey !== null) serviceKey = serviceRoleKey;
  else if (secretKeys !== null) serviceKey = firstSecretKey(secretKeys);
  else throw new ConfigError("SUPABASE_SERVICE_ROLE_KEY", "is required (or SUPABASE_SECRET_KEYS)");

  const apiKey = read(env, "ANTHROPIC_API_KEY");
  const model = read(env, "ANTHROPIC_MODEL") ?? DEFAULT_ANTHROPIC_MODEL;
  const baseUrl = read(env, "ANTHROPIC_BASE_URL");
  const baseURL = baseUrl === null ? null : parseWith("ANTHROPIC_BASE_URL", baseUrl, httpUrl);

  const level = read(env, "LOG_LEVEL") ?? DEFAULT_LOG_LEVEL;
  const logLevel = parseWith("LOG_LEVEL", level.toLowerCase(), z.enum(LOG_LEVELS));

  const patientText = read(env, "LOG_PATIENT_TEXT");
  const logPatientText = patientText === null ? false : parseWith("LOG_PATIENT_TEXT", patientText.toLowerCase(), flag);

  return {
    supabaseUrl,
    serviceKey,
    anthropic: apiKey === null ? null : { apiKey, model, baseURL },
    logLevel,
    logPatientText,
  };
}
