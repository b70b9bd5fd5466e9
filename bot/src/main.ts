/**
 * The bot process: configuration from the environment, the real Baileys socket, and SIGTERM /
 * SIGINT handling (finish what is in flight, leave the rest queued, exit).
 */
import makeWASocket from "@whiskeysockets/baileys";
import pino from "pino";
import { startBot, type Bot } from "./app.ts";
import { ConfigError, loadConfig, type BotConfig } from "./config.ts";
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_UNAVAILABLE } from "./exit-codes.ts";
import { systemClock } from "./shared/clock.ts";
import { BotError, describeError, type BotErrorCode } from "./shared/errors.ts";
import type { SocketFactory } from "./whatsapp/socket-types.ts";
import { createVersionProvider } from "./whatsapp/wa-version.ts";

function configOrExit(): BotConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n(see .env.example)\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

const config = configOrExit();
const logger = pino({ level: config.logLevel, base: { channel: config.channelId } });
const socketFactory: SocketFactory = (socketConfig) => makeWASocket(socketConfig);

/**
 * Start-up refusals an operator causes and fixes (a second bot on the same session, queue or
 * port): one plain line, no stack trace, a non-zero exit so PM2 and `npm start` notice.
 */
const OPERATOR_ERRORS: ReadonlySet<BotErrorCode> = new Set(["directory_locked", "port_in_use"]);

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
  if (error instanceof BotError && OPERATOR_ERRORS.has(error.code)) {
    process.stderr.write(`bot: ${error.message}\n`);
    process.exit(EXIT_UNAVAILABLE);
  }
  logger.fatal({ err: describeError(error) }, "the bot could not start");
  process.exit(EXIT_FAILURE);
}
