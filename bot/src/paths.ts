/**
 * Where the bot keeps things by default, relative to the checkout (not to the current directory),
 * so `npm start`, `npm run bot` and PM2 (which may start it from anywhere) agree on one session
 * folder per channel: `.local/auth/<CHANNEL_ID>`.
 */
import { join, resolve } from "node:path";

/** The repository checkout this bot runs from (bot/src/ is two levels below it). */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
/** Local state that is never committed (.gitignore): sessions, queues, the stack, env files. */
export const LOCAL_DIR = join(REPO_ROOT, ".local");
/** One env file per WhatsApp number: `.local/bots/<name>.env` (README "For operators"). */
export const BOTS_DIR = join(LOCAL_DIR, "bots");
/** Default parents of AUTH_DIR and QUEUE_DIR; the channel id names the folder inside. */
export const DEFAULT_AUTH_PARENT = join(LOCAL_DIR, "auth");
export const DEFAULT_QUEUE_PARENT = join(LOCAL_DIR, "queue");

/** A path from the configuration: absolute as given, else relative to the checkout. */
export function fromRepoRoot(path: string): string {
  return resolve(REPO_ROOT, path);
}
