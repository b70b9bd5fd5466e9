/**
 * One bot per session and queue: Baileys allows one socket per WhatsApp session, so a second bot
 * on the same AUTH_DIR or QUEUE_DIR must refuse to start, whatever health port it uses.
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type Bot } from "../src/app.ts";
import type { BotConfig } from "../src/config.ts";
import { BotError } from "../src/shared/errors.ts";
import { leaveLocksOfKilledBot, tempDir, testBotDeps, testConfig } from "./helpers.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
let bots: Bot[] = [];

beforeEach(async () => {
  dir = await tempDir("single");
  bots = [];
});
afterEach(async () => {
  for (const bot of bots) await bot.stop();
  await dir.remove();
});

async function openBot(config: BotConfig): Promise<Bot> {
  // Each bot on its own free port, as two PM2 apps with different HEALTH_PORTs would be.
  const bot = await startBot(testBotDeps(config, { health: true }));
  bots.push(bot);
  return bot;
}

describe("one bot per directory", () => {
  it("refuses a second bot on the same AUTH_DIR and QUEUE_DIR, naming AUTH_DIR", async () => {
    await openBot(testConfig(dir.path));
    await expect(openBot(testConfig(dir.path))).rejects.toBeInstanceOf(BotError);
    await expect(openBot(testConfig(dir.path))).rejects.toMatchObject({ code: "directory_locked", message: expect.stringMatching(/AUTH_DIR=/) });
  });

  it("refuses a second bot with its own session but the same QUEUE_DIR, naming QUEUE_DIR", async () => {
    await openBot(testConfig(dir.path));
    const sharedQueue = testConfig(dir.path, { authDir: join(dir.path, "auth-2") });
    await expect(openBot(sharedQueue)).rejects.toMatchObject({ code: "directory_locked", message: expect.stringMatching(/QUEUE_DIR=/) });
    // The refused bot gave back the session lock it had taken: a bot on its own queue may use it.
    await openBot(testConfig(dir.path, { authDir: join(dir.path, "auth-2"), queueDir: join(dir.path, "queue-2") }));
  });

  it("lets a new bot start once the first one has stopped", async () => {
    const first = await openBot(testConfig(dir.path));
    await first.stop();
    bots = [];
    const second = await openBot(testConfig(dir.path));
    expect(second.health?.url).toMatch(/^http:/);
  });

  it("takes over from a bot that was killed without stopping", async () => {
    const config = testConfig(dir.path);
    const first = await openBot(config);
    await first.stop();
    bots = [];
    await leaveLocksOfKilledBot(config);
    const second = await openBot(config);
    expect(second.health?.url).toMatch(/^http:/);
  });
});
