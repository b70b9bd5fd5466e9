/**
 * The WhatsApp socket lifecycle against a fake socket: QR and open states, session persistence,
 * and what each kind of close leads to.
 */
import { DisconnectReason } from "@whiskeysockets/baileys";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startBot, type Bot } from "../src/app.ts";
import { bundledVersion } from "../src/whatsapp/wa-version.ts";
import { FakeSocketFactory } from "./fake-socket.ts";
import { manualClock, tempDir, testBotDeps, testConfig } from "./helpers.ts";

const WAIT = { timeout: 5_000, interval: 5 };

let dir: Awaited<ReturnType<typeof tempDir>>;
let bot: Bot;
let sockets: FakeSocketFactory;
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  dir = await tempDir("lifecycle");
  sockets = new FakeSocketFactory();
  clock = manualClock();
  bot = await startBot(testBotDeps(testConfig(dir.path), { socketFactory: sockets.create, clock }));
});

afterEach(async () => {
  await bot.stop();
  await dir.remove();
});

describe("alerts from the lifecycle", () => {
  const ALERT_URL = "https://alerts.example/hook";

  async function alertingBot(): Promise<{ alerts: Record<string, unknown>[] }> {
    const alerts: Record<string, unknown>[] = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      if (String(input) === ALERT_URL) alerts.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return new Response("ok");
    };
    await bot.stop();
    sockets = new FakeSocketFactory();
    bot = await startBot(testBotDeps(testConfig(dir.path, { alertWebhookUrl: ALERT_URL }), { socketFactory: sockets.create, clock, fetch }));
    return { alerts };
  }

  it("posts an alert when the phone logs the number out: it cannot say so itself", async () => {
    const { alerts } = await alertingBot();
    sockets.latest.open("15550001111");
    sockets.latest.close(DisconnectReason.loggedOut, "Intentional Logout");
    await vi.waitFor(() => expect(alerts).toEqual([expect.objectContaining({ event: "logged_out", number: null, text: expect.stringMatching(/no longer linked/) })]), WAIT);
  });

  it("posts an alert when the operator unlinks the number, saying so", async () => {
    const { alerts } = await alertingBot();
    sockets.latest.open("15550001111");
    await bot.lifecycle.unlink();
    await vi.waitFor(() => expect(alerts).toEqual([expect.objectContaining({ event: "logged_out", reason: expect.stringMatching(/by the operator/) })]), WAIT);
  });

  it("posts an alert when WhatsApp stops the number", async () => {
    const { alerts } = await alertingBot();
    sockets.latest.close(DisconnectReason.forbidden);
    await vi.waitFor(() => expect(alerts).toEqual([expect.objectContaining({ event: "stopped", reason: expect.stringMatching(/403/) })]), WAIT);
  });
});

describe("socket lifecycle", () => {
  it("creates one socket configured as the bot requires", () => {
    expect(sockets.sockets).toHaveLength(1);
    const config = sockets.latest.config;
    expect(config.markOnlineOnConnect).toBe(false);
    expect(config.syncFullHistory).toBe(false);
    expect(config.browser?.slice(0, 2)).toEqual(["Ubuntu", "Clinic Front Desk"]);
    expect(config.shouldIgnoreJid?.("120363025246125486@g.us")).toBe(true);
    expect(config.msgRetryCounterCache).toBeDefined();
    expect(config.version).toEqual(bundledVersion().version);
  });

  it("shows the QR while waiting for a scan, then the linked number once open", () => {
    sockets.latest.showQr("2@abc,def,ghi");
    expect(bot.status.snapshot()).toMatchObject({ state: "waiting_for_scan", qr: "2@abc,def,ghi" });
    sockets.latest.open("15550001111");
    expect(bot.status.snapshot()).toMatchObject({ state: "open", qr: null, me: "+15550001111" });
  });

  it("saves every credential update to AUTH_DIR", async () => {
    sockets.latest.ev.emit("creds.update", {});
    await vi.waitFor(async () => {
      const creds = JSON.parse(await readFile(join(dir.path, "auth", "creds.json"), "utf8")) as { registrationId: number };
      expect(creds.registrationId).toBeTypeOf("number");
    }, WAIT);
  });

  it("answers getMessage with a message the bot sent, for WhatsApp's resend requests", async () => {
    const socket = sockets.latest;
    socket.open();
    await bot.lifecycle.sendText("15551234567@s.whatsapp.net", "your reminder", {}, new AbortController().signal);
    const id = socket.sentMessages[0]?.key.id ?? "";
    expect(await socket.config.getMessage?.({ id })).toMatchObject({ conversation: "your reminder" });
    expect(await socket.config.getMessage?.({ id: "NOT-OURS" })).toBeUndefined();
  });

  it("reconnects at once with a new socket after restartRequired (515), ending the old one", async () => {
    const first = sockets.latest;
    first.close(DisconnectReason.restartRequired, "restart required");
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    expect(first.ended).toBe(true);
    expect(clock.slept).toEqual([]);
  });

  it("reconnects after a back-off delay when the connection was lost (428)", async () => {
    sockets.latest.close(DisconnectReason.connectionClosed);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    expect(clock.slept).toEqual([1_000]);
    sockets.latest.close(DisconnectReason.connectionClosed);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(3), WAIT);
    expect(clock.slept).toEqual([1_000, 2_000]);
  });

  it("resets the back-off once the connection opens", async () => {
    sockets.latest.close(DisconnectReason.connectionLost);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    sockets.latest.open();
    sockets.latest.close(DisconnectReason.connectionLost);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(3), WAIT);
    expect(clock.slept).toEqual([1_000, 1_000]);
  });

  it("after loggedOut (401) clears the session and connects again for a new QR", async () => {
    sockets.latest.ev.emit("creds.update", {});
    await vi.waitFor(() => readFile(join(dir.path, "auth", "creds.json"), "utf8"), WAIT);
    sockets.latest.close(DisconnectReason.loggedOut, "Intentional Logout");
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    await expect(readFile(join(dir.path, "auth", "creds.json"), "utf8")).rejects.toThrow(/ENOENT/);
    sockets.latest.showQr("2@new");
    expect(bot.status.snapshot()).toMatchObject({ state: "waiting_for_scan", qr: "2@new" });
  });

  it("stops on forbidden (403) and says why", async () => {
    sockets.latest.close(DisconnectReason.forbidden);
    expect(bot.status.snapshot()).toMatchObject({ state: "stopped" });
    expect(bot.status.snapshot().notice).toMatch(/403/);
    expect(sockets.sockets).toHaveLength(1);
  });

  it("says the WhatsApp version is stale on 405", () => {
    sockets.latest.close(405);
    expect(bot.status.snapshot().notice).toMatch(/version is stale/);
  });

  it("stops after connectionReplaced (440) keeps repeating", async () => {
    for (let i = 1; i <= 3; i += 1) {
      sockets.latest.close(DisconnectReason.connectionReplaced, "replaced");
      await vi.waitFor(() => expect(sockets.sockets).toHaveLength(i + 1), WAIT);
    }
    sockets.latest.close(DisconnectReason.connectionReplaced, "replaced");
    expect(bot.status.snapshot().state).toBe("stopped");
    expect(sockets.sockets).toHaveLength(4);
  });

  it("waits for the operator after the QR codes expired, and a new pairing starts on request", async () => {
    sockets.latest.showQr("2@old");
    sockets.latest.close(DisconnectReason.timedOut, "QR refs attempts ended");
    expect(bot.status.snapshot()).toMatchObject({ state: "logged_out", qr: null });
    expect(sockets.sockets).toHaveLength(1);
    expect(await bot.lifecycle.requestNewPairing()).toBe(true);
    expect(sockets.sockets).toHaveLength(2);
    expect(bot.status.snapshot().state).toBe("connecting");
  });

  it("refuses a new pairing while linked", async () => {
    sockets.latest.open();
    expect(await bot.lifecycle.requestNewPairing()).toBe(false);
    expect(sockets.sockets).toHaveLength(1);
  });

  it("refuses a new pairing while connecting, which a linked number shows during any outage", async () => {
    // Regression: "New QR code" was offered in every state but open; one press during an outage
    // wiped the session of a linked number.
    sockets.latest.ev.emit("creds.update", {});
    await vi.waitFor(() => readFile(join(dir.path, "auth", "creds.json"), "utf8"), WAIT);
    sockets.latest.close(DisconnectReason.connectionLost);
    expect(bot.status.snapshot().state).toBe("connecting");
    expect(await bot.lifecycle.requestNewPairing()).toBe(false);
    expect(await readFile(join(dir.path, "auth", "creds.json"), "utf8")).toContain("registrationId");
  });

  it("refuses a new pairing once stopped", async () => {
    sockets.latest.close(DisconnectReason.forbidden);
    expect(await bot.lifecycle.requestNewPairing()).toBe(false);
  });

  it("unlinks a linked number: WhatsApp is told, the session wiped, a new QR shown", async () => {
    sockets.latest.ev.emit("creds.update", {});
    await vi.waitFor(() => readFile(join(dir.path, "auth", "creds.json"), "utf8"), WAIT);
    const linked = sockets.latest;
    linked.open("15550001111");
    expect(await bot.lifecycle.unlink()).toBe(true);
    expect(linked.loggedOutWith).toMatch(/Unlinked from \/health/);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    await expect(readFile(join(dir.path, "auth", "creds.json"), "utf8")).rejects.toThrow(/ENOENT/);
    sockets.latest.showQr("2@fresh");
    expect(bot.status.snapshot()).toMatchObject({ state: "waiting_for_scan", me: null });
  });

  it("wipes the session on unlink even when WhatsApp cannot be told", async () => {
    sockets.latest.ev.emit("creds.update", {});
    await vi.waitFor(() => readFile(join(dir.path, "auth", "creds.json"), "utf8"), WAIT);
    sockets.latest.open();
    sockets.latest.failLogout = true;
    expect(await bot.lifecycle.unlink()).toBe(true);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    await expect(readFile(join(dir.path, "auth", "creds.json"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it.each(["connecting", "waiting_for_scan"] as const)("refuses to unlink while %s", async (state) => {
    if (state === "waiting_for_scan") sockets.latest.showQr("2@qr");
    expect(await bot.lifecycle.unlink()).toBe(false);
    expect(sockets.latest.loggedOutWith).toBeUndefined();
  });

  it("ignores events from a socket it has replaced", async () => {
    const first = sockets.latest;
    first.close(DisconnectReason.restartRequired);
    await vi.waitFor(() => expect(sockets.sockets).toHaveLength(2), WAIT);
    first.open();
    expect(bot.status.snapshot().state).toBe("connecting");
  });
});
