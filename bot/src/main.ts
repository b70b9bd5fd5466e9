/**
 * The bot process: `node --import tsx bot/src/main.ts [NAME | FILE] [--check]`.
 *
 * NAME (`clinic-main`) is the number's env file `.local/bots/NAME.env`, FILE any env file; the file
 * is then the whole configuration (env-file.ts). Without one, the environment configures the bot
 * (what `npm start` does). `--check` validates the configuration and exits. Then: the real Baileys
 * socket, and SIGTERM / SIGINT handling (finish what is in flight, leave the rest queued, exit).
 *
 * Exit statuses (exit-codes.ts): 0 after a clean stop; 78 for a configuration error, including a
 * health port still in use after a few seconds (PM2 is told not to restart on it: it would only
 * fail again); 69 when another bot holds this number's session or queue (not restarted either);
 * 1 for a crash (PM2 restarts it, with back-off).
 */
import makeWASocket from "@whiskeysockets/baileys";
import { startBot, type Bot } from "./app.ts";
import { ConfigError, loadConfig, type BotConfig } from "./config.ts";
import { configSource, ignoredEnvironment, listBotNames, readEnvFile } from "./env-file.ts";
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_UNAVAILABLE } from "./exit-codes.ts";
import { createBotLogger } from "./logger.ts";
import { systemClock } from "./shared/clock.ts";
import { BotError, describeError } from "./shared/errors.ts";
import type { SocketFactory } from "./whatsapp/socket-types.ts";
import { createVersionProvider } from "./whatsapp/wa-version.ts";

const USAGE = "usage: npm run bot -- [NAME | path/to/file.env] [--check]";

interface Loaded {
  config: BotConfig;
  /** Where the configuration came from, for the first log line. */
  source: string;
  notes: string[];
}

function loadOrExplain(argv: readonly string[]): Loaded {
  const positional = argv.filter((arg) => arg !== "--check");
  const unknown = positional.filter((arg) => arg.startsWith("-"));
  if (unknown.length > 0 || positional.length > 1) throw new ConfigError(`unexpected ${[...unknown, ...positional.slice(1)].join(" ")}\n${USAGE}`);
  const source = configSource(positional[0]);
  if (source.kind === "environment") {
    try {
      return { config: loadConfig(process.env), source: "the environment", notes: [] };
    } catch (error) {
      const names = listBotNames();
      if (error instanceof ConfigError && names.length > 0) {
        throw new ConfigError(`${error.message}\n(env files found: run \`npm run bot -- ${names[0]}\`; all: ${names.join(", ")})`);
      }
      throw error;
    }
  }
  const file = readEnvFile(source.path);
  const notes: string[] = [];
  if (file.madePrivate) notes.push(`made ${source.path} readable by this user only (it holds the channel secret)`);
  const ignored = ignoredEnvironment(file.values, process.env);
  if (ignored.length > 0) notes.push(`ignored ${ignored.join(", ")} from the environment: ${source.path} configures this bot`);
  return { config: loadConfig(file.values, source.path), source: source.path, notes };
}

function configOrExit(): Loaded {
  const argv = process.argv.slice(2);
  try {
    const loaded = loadOrExplain(argv);
    if (argv.includes("--check")) {
      process.stdout.write(`bot: the configuration in ${loaded.source} is valid (channel ${loaded.config.channelId}, health page http://${loaded.config.healthHost}:${loaded.config.healthPort}/health)\n`);
      process.exit(0);
    }
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`bot: ${error.message}\n(see .env.example and the README's "For operators")\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

const { config, source, notes } = configOrExit();
const logger = createBotLogger(config);
logger.info({ config: source }, "configuration loaded");
for (const note of notes) logger.warn(note);
const socketFactory: SocketFactory = (socketConfig) => makeWASocket(socketConfig);

let stopping = false;
let bot: Bot | undefined;
/** A signal that arrived during start-up: acted on once the start finishes. */
let signalDuringStart: NodeJS.Signals | undefined;
function shutdown(signal: NodeJS.Signals): void {
  if (!bot) {
    signalDuringStart ??= signal;
    return;
  }
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  bot.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: describeError(error) }, "shutdown failed");
      process.exit(EXIT_FAILURE);
    },
  );
}
// Installed before the start, which waits for WhatsApp's version: a SIGTERM then still drains.
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

try {
  bot = await startBot({
    config,
    socketFactory,
    versionProvider: createVersionProvider(logger.child({ module: "version" })),
    fetch: globalThis.fetch,
    clock: systemClock,
    random: Math.random,
    logger,
  });
  logger.info({ url: bot.health?.url }, "health page ready");
  if (signalDuringStart) shutdown(signalDuringStart);
} catch (error) {
  // Start-up refusals an operator causes and fixes: one plain line, no stack trace, and a status
  // PM2 does not restart on (ecosystem.config.cjs stop_exit_codes).
  if (error instanceof BotError && error.code === "port_in_use") {
    process.stderr.write(`bot: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  if (error instanceof BotError && error.code === "directory_locked") {
    process.stderr.write(`bot: ${error.message}\n`);
    process.exit(EXIT_UNAVAILABLE);
  }
  logger.fatal({ err: describeError(error) }, "the bot could not start");
  process.exit(EXIT_FAILURE);
}
