/**
 * The bot process: configuration from the environment, the real Baileys socket, and SIGTERM /
 * SIGINT handling (finish what is in flight, leave the rest queued, exit).
 */
import makeWASocket from "@whiskeysockets/baileys";
import pino from "pino";
import { startBot } from "./app.ts";
import { ConfigError, loadConfig, type BotConfig } from "./config.ts";
import { systemClock } from "./shared/clock.ts";
import { describeError } from "./shared/errors.ts";
import type { SocketFactory } from "./whatsapp/socket-types.ts";
import { createVersionProvider } from "./whatsapp/wa-version.ts";

/** Exit status for a configuration error, distinct from a crash so PM2 logs tell them apart. */
const EXIT_CONFIG = 78;
const EXIT_FAILURE = 1;

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

try {
  const bot = await startBot({
    config,
    socketFactory,
    versionProvider: createVersionProvider(logger.child({ module: "version" })),
    fetch: globalThis.fetch,
    clock: systemClock,
    random: Math.random,
    logger,
  });
  logger.info({ url: bot.health?.url }, "health page ready");
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
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
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
} catch (error) {
  logger.fatal({ err: describeError(error) }, "the bot could not start");
  process.exit(EXIT_FAILURE);
}
