/**
 * Nobody left in silence: a patient's message the bot gives up on gets an apology in the clinic's
 * language, an operator alert and a durable report to the function; the operator can retry it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startBot, type Bot } from "../src/app.ts";
import type { BotConfig } from "../src/config.ts";
import { APOLOGY_COOLDOWN_MS, MAX_RELAY_AGE_MS } from "../src/relay/relay-worker.ts";
import { REPORT_NOT_SERVED_BACKOFF, REPORT_RETRY_BACKOFF } from "../src/relay/dead-letter-follow-up.ts";
import { repliesFor } from "../src/whatsapp/replies/index.ts";
import { FakeSocketFactory, textMessage } from "./fake-socket.ts";
import { FakeFunction, errorAnswer, leaveLocksOfKilledBot, manualClock, tempDir, testBotDeps, testConfig } from "./helpers.ts";

const ANA = "15551234567@s.whatsapp.net";
const BEN = "15557654321@s.whatsapp.net";
const WAIT = { timeout: 5_000, interval: 5 };
const ALERT_URL = "https://alerts.example/hook";

let dir: Awaited<ReturnType<typeof tempDir>>;
let bots: Bot[] = [];

beforeEach(async () => {
  dir = await tempDir("dead");
  bots = [];
});
afterEach(async () => {
  for (const bot of bots) await bot.stop();
  await dir.remove();
});

/** The function and an alert webhook behind one fetch, the webhook recording what it got. */
function network(fn: FakeFunction) {
  const alerts: Record<string, unknown>[] = [];
  let webhookStatus = 200;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (String(input) === ALERT_URL) {
      alerts.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      return new Response("ok", { status: webhookStatus });
    }
    return fn.fetch(input, init);
  };
  return { fetch, alerts, failWebhook: (status: number) => (webhookStatus = status) };
}

async function openBot(fn: FakeFunction, options: { config?: Partial<BotConfig>; clock?: ReturnType<typeof manualClock> } = {}) {
  const sockets = new FakeSocketFactory();
  const clock = options.clock ?? manualClock();
  const net = network(fn);
  const config = testConfig(dir.path, { alertWebhookUrl: ALERT_URL, ...options.config });
  const bot = await startBot(testBotDeps(config, { socketFactory: sockets.create, fetch: net.fetch, clock }));
  bots.push(bot);
  sockets.latest.open();
  return { bot, socket: sockets.latest, clock, net, config };
}

const refuse = () => errorAnswer(400, "invalid_payload", "message: cannot act on this");

describe("a message the bot gives up on", () => {
  it("gets an apology in the clinic's language, an alert, and a report to the function", async () => {
    const fn = new FakeFunction();
    fn.answer = refuse;
    fn.reportAnswer = () => ({ status: 200, body: { success: true, conversationId: null } });
    const { bot, socket, net } = await openBot(fn, { config: { language: "es" } });
    socket.upsert([textMessage({ chatJid: ANA, text: "hola", id: "DL1" })]);
    await vi.waitFor(() => expect(socket.sent).toEqual([{ jid: ANA, text: repliesFor("es").deadLetterApology }]), WAIT);
    await vi.waitFor(() => expect(bot.queue.deadLetters()[0]?.followUp).toMatchObject({ apology: "queued", alert: "sent", report: "done" }), WAIT);
    expect(fn.reports).toEqual([expect.objectContaining({ messageId: "DL1", chatJid: ANA, message: "hola", reason: expect.stringMatching(/400 invalid_payload/) })]);
    expect(net.alerts).toEqual([
      expect.objectContaining({ event: "dead_letter", chatJid: ANA, phone: "+15551234567", messageId: "DL1", channelId: testConfig(dir.path).channelId, text: expect.stringMatching(/could not be answered/) }),
    ]);
    // The operator's alert never carries the patient's words.
    expect(JSON.stringify(net.alerts)).not.toContain("hola");
    expect(bot.status.snapshot().counters).toMatchObject({ deadLettered: 1, deadLetterApologies: 1, deadLetterReports: 1, alertsSent: 1 });
  });

  it("gives up after an hour of 5xx from the function, in order with the chat's later messages", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    // The function is down for the first message only; the second arrives while it is retried.
    fn.answer = (message, attempt) => (message.messageId === "OLD" ? errorAnswer(503, "unavailable", "database down") : realAnswer(message, attempt));
    const { bot, socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "first", id: "OLD" }), textMessage({ chatJid: ANA, text: "second", id: "NEW" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(2), WAIT);
    expect(socket.sent.map((s) => s.text)).toEqual([repliesFor("en").deadLetterApology, "echo: second"]);
    expect(bot.queue.deadLetters()[0]?.reason).toMatch(/gave up after \d+ attempts: 503/);
    expect(bot.queue.deadLetters()[0]!.atMs - bot.queue.deadLetters()[0]!.item.receivedAtMs).toBeGreaterThan(MAX_RELAY_AGE_MS);
  });

  it("apologises once to a patient whose messages keep failing, not once per message", async () => {
    const fn = new FakeFunction();
    fn.answer = refuse;
    const { bot, socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "one" }), textMessage({ chatJid: ANA, text: "two" }), textMessage({ chatJid: BEN, text: "three" })]);
    await vi.waitFor(() => expect(bot.queue.deadCount).toBe(3), WAIT);
    await bot.idle();
    expect(socket.sent.map((s) => s.jid)).toEqual([ANA, BEN]);
    expect(bot.queue.deadLetters().map((d) => d.followUp?.apology)).toEqual(["queued", "recent", "queued"]);
  });

  it("keeps a report the function does not take yet (404), trying again slowly, across a restart, until it is taken", async () => {
    const fn = new FakeFunction();
    fn.answer = refuse;
    const clock = manualClock();
    const first = await openBot(fn, { clock });
    first.socket.upsert([textMessage({ chatJid: ANA, text: "hi", id: "DL404" })]);
    await vi.waitFor(() => expect(fn.reports.length).toBeGreaterThanOrEqual(3), WAIT);
    const followUp = first.bot.queue.deadLetters()[0]?.followUp;
    expect(followUp).toMatchObject({ report: "pending", lastReport: "not_served" });
    // 15 min doubling (no jitter at random 0.5): 15 min, then 30 min.
    expect(clock.slept).toEqual(expect.arrayContaining([REPORT_NOT_SERVED_BACKOFF.initialMs, REPORT_NOT_SERVED_BACKOFF.initialMs * 2]));
    await first.bot.stop();
    bots = [];

    // The new function takes reports: the restarted bot reports what the old one kept.
    fn.reportAnswer = () => ({ status: 200, body: { success: true, conversationId: "11111111-1111-4111-8111-111111111111" } });
    const reportsBefore = fn.reports.length;
    const second = await openBot(fn, { clock });
    await vi.waitFor(() => expect(second.bot.queue.deadLetters()[0]?.followUp?.report).toBe("done"), WAIT);
    expect(fn.reports.length).toBe(reportsBefore + 1);
    // Not alerted or apologised twice.
    expect(second.socket.sent).toEqual([]);
    expect(second.net.alerts).toEqual([]);
  });

  it("drops a report the function refuses (another 4xx), keeping the dead letter", async () => {
    const fn = new FakeFunction();
    fn.answer = refuse;
    fn.reportAnswer = () => errorAnswer(400, "invalid_payload", "reason: too long");
    const { bot, socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(bot.queue.deadLetters()[0]?.followUp).toMatchObject({ report: "dropped", lastReportError: expect.stringMatching(/400/) }), WAIT);
    expect(fn.reports).toHaveLength(1);
    expect(bot.queue.deadCount).toBe(1);
  });

  it("retries a report while the function is unreachable, and at once when the function answers again", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    let up = false;
    fn.answer = (message, attempt) => (message.messageId === "BAD" ? refuse() : up ? realAnswer(message, attempt) : "network_error");
    fn.reportAnswer = () => (up ? { status: 200, body: { success: true, conversationId: null } } : "network_error");
    const { bot, socket, clock } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "x", id: "BAD" })]);
    await vi.waitFor(() => expect(bot.queue.deadLetters()[0]?.followUp?.lastReport).toBe("unreachable"), WAIT);
    expect(clock.slept).toContain(REPORT_RETRY_BACKOFF.initialMs);
    up = true;
    await vi.waitFor(() => expect(bot.queue.deadLetters()[0]?.followUp?.report).toBe("done"), WAIT);
  });

  it("does not apologise for the bot's own note that failed to send, and still alerts", async () => {
    const fn = new FakeFunction();
    const { bot, socket, net, clock } = await openBot(fn);
    socket.failNextSends = Number.POSITIVE_INFINITY;
    socket.upsert([textMessage({ chatJid: ANA, message: { stickerMessage: {} } })]);
    await vi.waitFor(() => expect(bot.queue.deadCount).toBe(1), WAIT);
    expect(clock.now()).toBeGreaterThan(0);
    expect(bot.queue.deadLetters()[0]?.followUp).toMatchObject({ apology: "none", report: "none" });
    await vi.waitFor(() => expect(net.alerts).toHaveLength(1), WAIT);
    expect(fn.reports).toEqual([]);
  });

  it("records an alert the webhook never took as failed, and counts it", async () => {
    const fn = new FakeFunction();
    fn.answer = refuse;
    const { bot, socket, net } = await openBot(fn);
    net.failWebhook(503);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(bot.queue.deadLetters()[0]?.followUp?.alert).toBe("failed"), WAIT);
    expect(net.alerts.length).toBe(6);
    expect(bot.status.snapshot().counters.alertsFailed).toBe(1);
  });
});

describe("the operator's retry", () => {
  it("relays dead letters again, oldest first, and answers them", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    let fixed = false;
    fn.answer = (message, attempt) => (fixed ? realAnswer(message, attempt) : refuse());
    const { bot, socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "one", id: "R1" }), textMessage({ chatJid: BEN, text: "two", id: "R2" }), textMessage({ chatJid: ANA, text: "three", id: "R3" })]);
    await vi.waitFor(() => expect(bot.queue.deadCount).toBe(3), WAIT);
    await bot.idle();
    fixed = true;
    const turnsBefore = fn.turns.length;
    expect(await bot.retryDeadLetters("all")).toBe(3);
    await bot.idle();
    expect(fn.turns.slice(turnsBefore).map((t) => t.messageId)).toEqual(["R1", "R2", "R3"]);
    expect(socket.sent.filter((s) => s.text.startsWith("echo")).map((s) => [s.jid, s.text])).toEqual([
      [ANA, "echo: one"],
      [BEN, "echo: two"],
      [ANA, "echo: three"],
    ]);
    expect(bot.queue.deadCount).toBe(0);
    expect(bot.queue.depth).toBe(0);
  });

  it("apologises again for a retried message given up on again, once the chat's cooldown is over", async () => {
    const fn = new FakeFunction();
    fn.answer = refuse;
    const { bot, socket, clock } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "one", id: "A1" })]);
    await vi.waitFor(() => expect(bot.queue.deadCount).toBe(1), WAIT);
    await bot.idle();
    clock.advance(APOLOGY_COOLDOWN_MS + 1);
    await bot.retryDeadLetters("all");
    await bot.idle();
    await vi.waitFor(() => expect(socket.sent.map((s) => s.text)).toEqual([repliesFor("en").deadLetterApology, repliesFor("en").deadLetterApology]), WAIT);
  });

  it("retries one dead letter, and a restart keeps the rest dead and the retried one done", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    let fixed = false;
    fn.answer = (message, attempt) => (fixed ? realAnswer(message, attempt) : refuse());
    const { bot, socket, config } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "one", id: "S1" }), textMessage({ chatJid: BEN, text: "two", id: "S2" })]);
    await vi.waitFor(() => expect(bot.queue.deadCount).toBe(2), WAIT);
    await bot.idle();
    fixed = true;
    const second = bot.queue.deadLetters().find((d) => d.item.messageKey.id === "S2");
    await bot.retryDeadLetters([second!.item.seq]);
    await bot.idle();
    expect(bot.queue.deadLetters().map((d) => d.item.messageKey.id)).toEqual(["S1"]);
    await bot.stop();
    bots = [];
    await leaveLocksOfKilledBot(config);
    const restarted = await openBot(fn);
    expect(restarted.bot.queue.deadLetters().map((d) => d.item.messageKey.id)).toEqual(["S1"]);
    expect(restarted.bot.queue.depth).toBe(0);
  });
});
