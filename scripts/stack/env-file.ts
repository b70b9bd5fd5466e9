/** The stack's environment as `KEY=value` lines (.local/stack.env), read by npm start, scripts and humans. */
import { accessSync, constants, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readDotEnv } from "./functions/dotenv.ts";

export interface StackEnv {
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
  SUPABASE_JWT_SECRET: string;
  DATABASE_URL: string;
  FUNCTION_URL: string;
  CHANNEL_ID: string;
  CHANNEL_SECRET: string;
}

export function formatEnv(env: StackEnv): string {
  return `${Object.entries(env).map(([key, value]) => `${key}=${value}`).join("\n")}\n`;
}

/** Writes atomically (temp file + rename) so a reader never sees half a file. */
export function writeEnvFile(file: string, env: StackEnv): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, formatEnv(env), { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * The variables of an env file the stack wrote, read with the functions' .env reader (same syntax).
 * Unlike that reader, a missing file throws: it means no stack is running, which callers report.
 */
export function readEnvFile(file: string): Record<string, string> {
  accessSync(file, constants.R_OK);
  return readDotEnv(file);
}
