/**
 * One env file per WhatsApp number, `.local/bots/<name>.env`: the same file configures
 * `npm run bot -- <name>`, PM2 (ecosystem.config.cjs starts one app per file) and is what the
 * clinic tool writes when it creates a channel. Format: `KEY=value` lines, `#` comments, values
 * quoted when they hold spaces or `#` (Node's util.parseEnv, as `node --env-file` reads them).
 *
 * With a file, the file is the whole configuration of the bot's variables: PM2 passes the
 * environment of whatever shell ran `pm2 start` to every app, and a stale `CHANNEL_ID` exported
 * there must not silently override one number's file. Such variables are reported, then ignored.
 */
import { chmodSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseEnv } from "node:util";
import { BOT_VARIABLES, ConfigError } from "./config.ts";
import { BOTS_DIR } from "./paths.ts";
import { PRIVATE_FILE_MODE } from "./shared/private-files.ts";

export const ENV_FILE_SUFFIX = ".env";
/** A number's name: PM2 app name and env file name (lower-case letters, digits, `-`). */
export const BOT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** Permission bits for group and others: an env file holds the channel secret. */
const GROUP_OTHER_BITS = 0o077;

export type ConfigSource = { kind: "environment" } | { kind: "file"; name: string; path: string };

/**
 * The env file named on the command line: a name (`clinic-main` → `.local/bots/clinic-main.env`)
 * or a path (anything with a `/` or ending in `.env`, relative to the current directory). No
 * argument: the environment alone (what `npm start` and containers use).
 */
export function configSource(argument: string | undefined, botsDir = BOTS_DIR): ConfigSource {
  if (argument === undefined) return { kind: "environment" };
  if (argument.includes("/") || argument.endsWith(ENV_FILE_SUFFIX)) {
    const path = resolve(argument);
    return { kind: "file", name: basename(path, ENV_FILE_SUFFIX), path };
  }
  if (!BOT_NAME_PATTERN.test(argument)) {
    throw new ConfigError(`"${argument}" is neither a number's name (lower-case letters, digits and -) nor a path to an env file`);
  }
  return { kind: "file", name: argument, path: resolve(botsDir, `${argument}${ENV_FILE_SUFFIX}`) };
}

/** The names of the env files in `botsDir` (sorted), or none when it does not exist. */
export function listBotNames(botsDir = BOTS_DIR): string[] {
  try {
    return readdirSync(botsDir)
      .filter((file) => file.endsWith(ENV_FILE_SUFFIX))
      .map((file) => basename(file, ENV_FILE_SUFFIX))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

export interface EnvFile {
  values: Record<string, string>;
  /** The file was readable by group or others and has been made owner-only (0600). */
  madePrivate: boolean;
}

/** Reads an env file, making it owner-only first if it was not; throws ConfigError naming the file. */
export function readEnvFile(path: string): EnvFile {
  let text: string;
  let madePrivate = false;
  try {
    if ((statSync(path).mode & GROUP_OTHER_BITS) !== 0) {
      chmodSync(path, PRIVATE_FILE_MODE);
      madePrivate = true;
    }
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError(`the env file ${path} ${why}; see .env.example and the README's "For operators"`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) if (value !== undefined) values[key] = value;
  return { values, madePrivate };
}

/**
 * The bot's variables that `environment` sets although an env file configures the bot: they are
 * ignored (the file wins), and the caller warns about them by name.
 */
export function ignoredEnvironment(file: Record<string, string>, environment: Record<string, string | undefined>): string[] {
  return BOT_VARIABLES.filter((name) => {
    const value = environment[name];
    return value !== undefined && value !== "" && value !== file[name];
  });
}
