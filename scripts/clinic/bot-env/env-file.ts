/**
 * The bot's env file for one WhatsApp number, `.local/bots/<name>.env` (README "For operators"): the
 * same file configures `npm run bot -- <name>` and PM2. The clinic tool writes it once, when it
 * creates the channel, because only then is the secret known outside the database: owner-only
 * (0600) in an owner-only folder (0700), never over an existing file. It is staged next to its
 * final name before the database commits and linked into place after, so a failed apply leaves no
 * file and a written file always matches a committed channel.
 */
import { chmodSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/** The checkout (scripts/clinic/bot-env is three levels below it), as the bot resolves its defaults. */
export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const DEFAULT_BOTS_DIR = path.join(REPO_ROOT, ".local", "bots");
export const ENV_FILE_SUFFIX = ".env";
/** The bot's default health port, and where new numbers' ports start. */
export const FIRST_HEALTH_PORT = 3000;
const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;
const PERMISSION_BITS = 0o777;

export class EnvFileError extends Error {
  override name = "EnvFileError";
}

export const envFilePath = (botsDir: string, name: string): string => path.join(botsDir, `${name}${ENV_FILE_SUFFIX}`);

export interface BotEnv {
  clinicName: string;
  phone: string;
  channelId: string;
  channelSecret: string;
  functionUrl: string;
  language: string;
  healthPort: number;
  healthToken: string;
}

/** A value as Node's env-file parser reads it back unchanged: quoted when it holds a space, # or quote. */
function envValue(value: string): string {
  return /[\s#"'`\\]/.test(value) ? `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : value;
}

export function renderEnvFile(env: BotEnv, writtenOn: string): string {
  return [
    `# The bot of ${env.clinicName}'s WhatsApp number ${env.phone}, written by \`npm run clinic -- apply\` on ${writtenOn}`,
    "# when it created the channel. Keep it private: CHANNEL_SECRET signs every request to the function.",
    "# Every variable the bot reads is explained in .env.example; README \"For operators\" has the steps.",
    "# Replace the secret with `npm run clinic -- rotate-secret <name>` (never by hand: the database must agree).",
    `FUNCTION_URL=${envValue(env.functionUrl)}`,
    `CHANNEL_ID=${env.channelId}`,
    `CHANNEL_SECRET=${env.channelSecret}`,
    `CLINIC_LANGUAGE=${env.language}`,
    "",
    "# The operator page /health: reach it through an SSH tunnel or a TLS reverse proxy, with ?token=….",
    `HEALTH_PORT=${env.healthPort}`,
    "HEALTH_HOST=127.0.0.1",
    `HEALTH_TOKEN=${env.healthToken}`,
    "",
    "# Optional: a JSON POST when the number is logged out or a patient's message is given up on.",
    "ALERT_WEBHOOK_URL=",
    "",
  ].join("\n");
}

export function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EnvFileError(`${file} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`}`);
  }
  return Object.fromEntries(Object.entries(parseEnv(text)).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Health ports the env files in `botsDir` already use (a file without one uses the bot's default). */
function usedHealthPorts(botsDir: string): Set<number> {
  let names: string[];
  try {
    names = readdirSync(botsDir).filter((name) => name.endsWith(ENV_FILE_SUFFIX));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Set();
    throw error;
  }
  return new Set(names.map((name) => Number(readEnvFile(path.join(botsDir, name)).HEALTH_PORT ?? FIRST_HEALTH_PORT)));
}

/** `count` health ports from 3000 up that no env file in `botsDir` uses: one per number on a machine. */
export function freeHealthPorts(botsDir: string, count: number): number[] {
  const used = usedHealthPorts(botsDir);
  const ports: number[] = [];
  for (let port = FIRST_HEALTH_PORT; ports.length < count; port++) if (!used.has(port)) ports.push(port);
  return ports;
}

/** The bots folder, created owner-only, or narrowed to owner-only if it was wider: it holds secrets. */
function ensurePrivateDir(botsDir: string): void {
  mkdirSync(path.dirname(botsDir), { recursive: true });
  mkdirSync(botsDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(botsDir).mode & PERMISSION_BITS) !== PRIVATE_DIR_MODE) chmodSync(botsDir, PRIVATE_DIR_MODE);
}

export interface StagedEnvFile {
  path: string;
  tempPath: string;
}

/** Refuses when the env file exists: a new channel's secret goes only into a new file. */
export function assertEnvFileAbsent(file: string): void {
  try {
    statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  throw new EnvFileError(
    `${file} exists already, and a new channel's secret is only ever written to a new file: move that file away if it belongs to a number that is gone, or give this channel another name`,
  );
}

/** Writes the contents beside the final name, owner-only; `publish` moves it into place. */
export function stageEnvFile(file: string, contents: string): StagedEnvFile {
  assertEnvFileAbsent(file);
  ensurePrivateDir(path.dirname(file));
  const tempPath = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tempPath, contents, { mode: PRIVATE_FILE_MODE, flag: "wx" });
  return { path: file, tempPath };
}

/** Links the staged file to its name (never replacing a file that appeared meanwhile) and drops the stage. */
export function publishEnvFile(staged: StagedEnvFile): void {
  try {
    linkSync(staged.tempPath, staged.path);
  } catch (error) {
    throw new EnvFileError(
      `could not write ${staged.path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); the channel was created and its env file is ${staged.tempPath}: rename it yourself`,
    );
  }
  unlinkSync(staged.tempPath);
}

export function discardEnvFile(staged: StagedEnvFile): void {
  try {
    unlinkSync(staged.tempPath);
  } catch {
    // Already gone: nothing to clean.
  }
}

/**
 * Stages the env file with `key` set to `value` (the line replaced where it is, else added),
 * owner-only, beside it; `replaceEnvFile` then swaps it in atomically.
 */
export function stageEnvValue(file: string, key: string, value: string): StagedEnvFile {
  const text = readFileSync(file, "utf8");
  const line = `${key}=${envValue(value)}`;
  const pattern = new RegExp(`^${key}=.*$`, "m");
  const contents = pattern.test(text) ? text.replace(pattern, line) : `${text.replace(/\n?$/, "\n")}${line}\n`;
  const tempPath = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tempPath, contents, { mode: PRIVATE_FILE_MODE, flag: "wx" });
  return { path: file, tempPath };
}

/** Moves a staged replacement over the file. */
export function replaceEnvFile(staged: StagedEnvFile): void {
  renameSync(staged.tempPath, staged.path);
}
