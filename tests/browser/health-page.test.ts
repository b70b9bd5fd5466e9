/**
 * The operator page in a real Chromium, state by state: what it shows and which actions it offers
 * (a new pairing only while waiting for a scan or logged out, with a confirmation; "Unlink this
 * number" only while linked, with the number typed out; nothing while connecting or stopped), the
 * dead letters with their retry, the paced queue, the token, and the Host check against a page
 * reached through another name (DNS rebinding).
 *
 * HEALTH_PAGE_SCREENSHOTS=<dir> saves a screenshot of each state there (for a look by hand).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DisconnectReason } from "@whiskeysockets/baileys";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startBot, type Bot } from "../../bot/src/app.ts";
import type { BotConfig } from "../../bot/src/config.ts";
import { FakeSocketFactory, textMessage } from "../../bot/test/fake-socket.ts";
import { systemClock } from "../../bot/src/shared/clock.ts";
import { FakeFunction, errorAnswer, tempDir, testBotDeps, testConfig } from "../../bot/test/helpers.ts";

/** A name that resolves to this machine in the browser, as a DNS-rebinding page would arrange. */
const REBOUND_HOST = "rebound.example";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  `--host-resolver-rules=MAP ${REBOUND_HOST} 127.0.0.1`,
];
/** The page reloads itself every 5 s while pairing; allow a few reloads. */
const SELF_REFRESH_WAIT_MS = 15_000;
const WAIT = { timeout: 10_000, interval: 20 };
const TOKEN = "operator-token-0123456789";
const ANA = "15551234567@s.whatsapp.net";

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

async function screenshot(name: string): Promise<void> {
  const target = process.env.HEALTH_PAGE_SCREENSHOTS;
  if (!target) return;
  await mkdir(target, { recursive: true });
  await page.screenshot({ path: join(target, `${name}.png`), fullPage: true });
}

async function startWithHealth(
  options: { token?: string; fn?: FakeFunction; config?: Partial<BotConfig>; outbox?: boolean; realTime?: boolean } = {},
): Promise<{ url: string; sockets: FakeSocketFactory; fn: FakeFunction }> {
  const sockets = new FakeSocketFactory();
  const fn = options.fn ?? new FakeFunction();
  const deps = { socketFactory: sockets.create, fetch: fn.fetch, health: true, outbox: options.outbox ?? false, ...(options.realTime ? { clock: systemClock } : {}) };
  bot = await startBot(testBotDeps(testConfig(dir.path, { healthToken: options.token, ...options.config }), deps));
  if (!bot.health) throw new Error("health server did not start");
  return { url: bot.health.url, sockets, fn };
}

async function actions(): Promise<{ newPairing: boolean; unlink: boolean }> {
  return { newPairing: (await page.$("#new-qr")) !== null, unlink: (await page.$("#unlink")) !== null };
}

describe("/health in Chromium, state by state", { timeout: 90_000 }, () => {
  it("connecting: says so, offers no action, and says how to reach the page safely", async () => {
    const { url } = await startWithHealth();
    await page.goto(url);
    expect(await page.textContent("#state")).toBe("connecting");
    expect(await page.textContent("body")).toMatch(/a linked number shows this during any outage/);
    expect(await actions()).toEqual({ newPairing: false, unlink: false });
    await page.click("#remote-access summary");
    expect(await page.textContent("#remote-access")).toMatch(/ssh -N -L \d+:127\.0\.0\.1:\d+/);
    await screenshot("1-connecting");
  });

  it("connecting after an outage of a linked number: still no way to re-pair", async () => {
    const { url, sockets } = await startWithHealth();
    sockets.latest.open("15550001111");
    sockets.latest.close(DisconnectReason.connectionLost);
    await page.goto(url);
    expect(await page.textContent("#state")).toBe("connecting");
    expect(await actions()).toEqual({ newPairing: false, unlink: false });
  });

  it("waiting for a scan: shows the QR, and a new pairing only after a confirmation", async () => {
    const { url, sockets } = await startWithHealth();
    await page.goto(url);
    sockets.latest.showQr("2@Vb0Zk1b2c3,d4e5f6g7h8,i9j0k1l2m3,n4o5p6");
    const qr = await page.waitForSelector("img#qr", { timeout: SELF_REFRESH_WAIT_MS });
    await page.waitForFunction(() => (document.querySelector("img#qr") as HTMLImageElement | null)?.complete === true);
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    expect(await actions()).toEqual({ newPairing: true, unlink: false });
    await screenshot("2-waiting-for-scan");

    await Promise.all([page.waitForURL(/\/health\/new-qr$/), page.click("#new-qr")]);
    // The confirmation page does not reload itself away from the operator.
    expect(await page.$('meta[http-equiv="refresh"]')).toBeNull();
    await screenshot("3-confirm-new-pairing");
    expect(sockets.sockets).toHaveLength(1);
    await Promise.all([page.waitForURL(/\/health$/), page.click("#confirm-new-qr")]);
    expect(sockets.sockets).toHaveLength(2);
  });

  it("open: shows the number, and unlinks only when the number is typed out", async () => {
    const { url, sockets } = await startWithHealth();
    sockets.latest.open("15550001111");
    await page.goto(url);
    expect(await page.textContent("#me")).toBe("+15550001111");
    expect(await page.$("img#qr")).toBeNull();
    expect(await actions()).toEqual({ newPairing: false, unlink: true });
    await screenshot("4-open");

    await Promise.all([page.waitForURL(/\/health\/unlink$/), page.click("#unlink")]);
    await page.fill("#unlink-confirm", "15550001112");
    await page.click("#confirm-unlink");
    expect(await page.textContent("#mistyped")).toMatch(/did not match/);
    expect(sockets.latest.loggedOutWith).toBeUndefined();
    await page.fill("#unlink-confirm", "+1 555 000 1111");
    await screenshot("5-confirm-unlink");
    await Promise.all([page.waitForURL(/\/health$/), page.click("#confirm-unlink")]);
    expect(sockets.sockets[0]?.loggedOutWith).toMatch(/Unlinked from \/health/);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
  });

  it("logged out (the QR codes expired): offers a new pairing, after a confirmation", async () => {
    const { url, sockets } = await startWithHealth({ token: TOKEN });
    sockets.latest.showQr("2@first");
    sockets.latest.close(DisconnectReason.timedOut, "QR refs attempts ended");
    await page.goto(`${url}?token=${TOKEN}`);
    expect(await page.textContent("#state")).toBe("logged_out");
    expect(await page.textContent("#notice")).toMatch(/expired/);
    expect(await actions()).toEqual({ newPairing: true, unlink: false });
    await screenshot("6-logged-out");

    await Promise.all([page.waitForURL(`${url}/new-qr?token=${TOKEN}`), page.click("#new-qr")]);
    await Promise.all([page.waitForURL(`${url}?token=${TOKEN}`), page.click("#confirm-new-qr")]);
    expect(sockets.sockets).toHaveLength(2);
    sockets.latest.showQr("2@second");
    await page.reload();
    expect(await page.$("img#qr")).not.toBeNull();
  });

  it("stopped: says why, and offers no action", async () => {
    const { url, sockets } = await startWithHealth();
    sockets.latest.close(DisconnectReason.forbidden);
    await page.goto(url);
    expect(await page.textContent("#state")).toBe("stopped");
    expect(await page.textContent("#notice")).toMatch(/403/);
    expect(await actions()).toEqual({ newPairing: false, unlink: false });
    await screenshot("7-stopped");
  });

  it("with HEALTH_TOKEN set, shows no QR and no action without the token, and both with it", async () => {
    const { url, sockets } = await startWithHealth({ token: TOKEN });
    sockets.latest.showQr("2@Vb0Zk1b2c3,d4e5f6g7h8,i9j0k1l2m3,n4o5p6");

    await page.goto(url);
    expect(await page.$("img#qr")).toBeNull();
    expect(await actions()).toEqual({ newPairing: false, unlink: false });
    expect(await page.textContent("#qr-hidden")).toMatch(/hidden/);

    await page.goto(`${url}?token=${TOKEN}`);
    expect(await page.$("img#qr")).not.toBeNull();
    expect(await page.$("#new-qr")).not.toBeNull();
  });

  it("refuses the page when the browser reached it through another name", async () => {
    const { url } = await startWithHealth();
    const rebound = url.replace("127.0.0.1", REBOUND_HOST);
    const response = await page.goto(rebound);
    expect(response?.status()).toBe(403);
    expect(await page.textContent("body")).toMatch(/not allowed.*HEALTH_ALLOWED_HOSTS/);
  });
});

describe("/health in Chromium: dead letters and the paced queue", { timeout: 90_000 }, () => {
  it("lists dead letters with what was done about them, and Retry relays them again in order", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    let fixed = false;
    fn.answer = (message, attempt) => (fixed ? realAnswer(message, attempt) : errorAnswer(400, "invalid_payload", "cannot act on it"));
    const { url, sockets } = await startWithHealth({ fn, realTime: true });
    sockets.latest.open("15550001111");
    sockets.latest.upsert([textMessage({ chatJid: ANA, text: "first", id: "B1" }), textMessage({ chatJid: ANA, text: "second", id: "B2" })]);
    await vi.waitFor(() => expect(bot?.queue.deadCount).toBe(2), WAIT);
    await page.goto(url);
    expect(await page.$$("#dead-letters tr")).toHaveLength(2);
    expect(await page.textContent("#dead-letters")).toMatch(/400 invalid_payload[\s\S]*patient already told[\s\S]*400 invalid_payload[\s\S]*patient told staff will follow up/);
    await screenshot("8-dead-letters");

    fixed = true;
    await Promise.all([page.waitForURL(/\/health$/), page.click("#retry-all")]);
    await vi.waitFor(() => expect(sockets.latest.sent.map((s) => s.text).filter((t) => t.startsWith("echo"))).toEqual(["echo: first", "echo: second"]), WAIT);
    await page.goto(url);
    expect(await page.$("#dead-letters")).toBeNull();
    expect(await page.textContent("#queue-dead")).toBe("0");
  });

  it("shows the reminders waiting for their slots and the day's count", async () => {
    const fn = new FakeFunction();
    for (let i = 1; i <= 3; i += 1) fn.outbox.push({ id: `dddddddd-dddd-4ddd-8ddd-00000000000${i}`, chatJid: `1555000000${i}@s.whatsapp.net`, phone: null, text: `Reminder ${i}`, kind: "reminder" });
    // Real time here: a 20 s gap keeps two of them waiting while the browser reads the page.
    const { url, sockets } = await startWithHealth({ fn, outbox: true, realTime: true, config: { pacing: { gapMs: 20_000, chatGapMs: 60_000, dailyCap: 200 } } });
    sockets.latest.open("15550001111");
    await vi.waitFor(() => expect(sockets.latest.sent).toHaveLength(1), WAIT);
    // The send is recorded (fsync) just after WhatsApp took it.
    await vi.waitFor(() => expect(bot?.outbox.pacingStats().sentLast24h).toBe(1), WAIT);
    await page.goto(url);
    expect(await page.textContent("#paced-waiting")).toBe("2");
    expect(await page.textContent("#paced-next")).toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await page.textContent("#paced-sent")).toBe("1 of 200");
    expect(await page.$$("#paced-list tr")).toHaveLength(3);
    await screenshot("9-paced-queue");
  });
});
