/**
 * The operator page in a real Chromium: the QR appears as an image when WhatsApp offers one (the
 * page reloads itself), the linked number once open, and no QR without HEALTH_TOKEN when one is set.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type Bot } from "../../bot/src/app.ts";
import { FakeSocketFactory } from "../../bot/test/fake-socket.ts";
import { tempDir, testBotDeps, testConfig } from "../../bot/test/helpers.ts";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
/** The page reloads itself every 5 s while pairing; allow a few reloads. */
const SELF_REFRESH_WAIT_MS = 15_000;
const TOKEN = "operator-token-0123456789";

let dir: Awaited<ReturnType<typeof tempDir>>;
let profile: string;
let context: BrowserContext;
let page: Page;
let bot: Bot | undefined;

beforeEach(async () => {
  dir = await tempDir("browser");
  profile = await mkdtemp(join(tmpdir(), "bot-chromium-"));
  context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  page = context.pages()[0] ?? (await context.newPage());
});

afterEach(async () => {
  await context.close();
  await bot?.stop();
  bot = undefined;
  await rm(profile, { recursive: true, force: true });
  await dir.remove();
});

async function startWithHealth(token?: string): Promise<{ url: string; sockets: FakeSocketFactory }> {
  const sockets = new FakeSocketFactory();
  bot = await startBot(testBotDeps(testConfig(dir.path, { healthToken: token }), { socketFactory: sockets.create, health: true }));
  if (!bot.health) throw new Error("health server did not start");
  return { url: bot.health.url, sockets };
}

describe("/health in Chromium", () => {
  it("shows the QR image once WhatsApp offers one, then the linked number after open", async () => {
    const { url, sockets } = await startWithHealth();
    await page.goto(url);
    expect(await page.textContent("#state")).toBe("connecting");

    sockets.latest.showQr("2@Vb0Zk1b2c3,d4e5f6g7h8,i9j0k1l2m3,n4o5p6");
    const qr = await page.waitForSelector("img#qr", { timeout: SELF_REFRESH_WAIT_MS });
    await page.waitForFunction(() => (document.querySelector("img#qr") as HTMLImageElement | null)?.complete === true);
    const width = await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth);
    expect(width).toBeGreaterThan(100);

    sockets.latest.open("15550001111");
    const me = await page.waitForSelector("#me", { timeout: SELF_REFRESH_WAIT_MS });
    expect(await me.textContent()).toBe("+15550001111");
    expect(await page.$("img#qr")).toBeNull();
  });

  it("after the QR codes expired, the New QR code button starts a fresh pairing", async () => {
    const { url, sockets } = await startWithHealth(TOKEN);
    sockets.latest.showQr("2@first");
    sockets.latest.close(408, "QR refs attempts ended");
    await page.goto(`${url}?token=${TOKEN}`);
    expect(await page.textContent("#state")).toBe("logged_out");
    expect(await page.textContent("#notice")).toMatch(/expired/);

    await Promise.all([page.waitForURL(`${url}?token=${TOKEN}`), page.click("#new-qr")]);
    expect(sockets.sockets).toHaveLength(2);
    sockets.latest.showQr("2@second");
    await page.reload();
    expect(await page.$("img#qr")).not.toBeNull();
  });

  it("with HEALTH_TOKEN set, shows no QR without the token and shows it with the token", async () => {
    const { url, sockets } = await startWithHealth(TOKEN);
    sockets.latest.showQr("2@Vb0Zk1b2c3,d4e5f6g7h8,i9j0k1l2m3,n4o5p6");

    await page.goto(url);
    expect(await page.$("img#qr")).toBeNull();
    expect(await page.$("#new-qr")).toBeNull();
    expect(await page.textContent("#qr-hidden")).toMatch(/hidden/);

    await page.goto(`${url}?token=${TOKEN}`);
    expect(await page.$("img#qr")).not.toBeNull();
    expect(await page.$("#new-qr")).not.toBeNull();
  });
});
