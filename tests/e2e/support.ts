/**
 * The real bot, as production wires it, against the test stack's function on a fake Baileys socket:
 * its configuration from the environment (the stack's URLs) plus what a test gives, its session and
 * queue in the test's own folder, no health page.
 */
import { type Bot, startBot } from "../../bot/src/app.ts";
import { loadConfig } from "../../bot/src/config.ts";
import { systemClock } from "../../bot/src/shared/clock.ts";
import { bundledVersion } from "../../bot/src/whatsapp/wa-version.ts";
import type { FakeSocketFactory } from "../../bot/test/fake-socket.ts";
import { silentLogger } from "../../bot/test/helpers.ts";

export interface RealBotOptions {
  sockets: FakeSocketFactory;
  /** The test's temporary folder: the session and the queue go under it. */
  dir: string;
  /** Variables over the environment's: at least CHANNEL_ID and CHANNEL_SECRET. */
  env: Record<string, string | undefined>;
  outbox: boolean;
}

export function startRealBot({ sockets, dir, env, outbox }: RealBotOptions): Promise<Bot> {
  return startBot({
    config: loadConfig({ ...process.env, AUTH_DIR: `${dir}/auth`, QUEUE_DIR: `${dir}/queue`, HEALTH_TOKEN: undefined, ...env }),
    socketFactory: sockets.create,
    versionProvider: async () => bundledVersion(),
    fetch: globalThis.fetch,
    clock: systemClock,
    random: Math.random,
    logger: silentLogger,
    outbox,
    health: false,
  });
}
