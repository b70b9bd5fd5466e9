/**
 * The bot end to end against a fake socket and a fake function: relay, order, retries, dead
 * letters, dedupe and crash recovery, with the same wiring as production (startBot).
 */
import { generateWAMessageFromContent, proto } from "@whiskeysockets/baileys";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startBot, type Bot } from "../src/app.ts";
import type { Clock } from "../src/shared/clock.ts";
import { repliesFor } from "../src/whatsapp/replies/index.ts";
import { FakeSocketFactory, textMessage } from "./fake-socket.ts";
import { FakeFunction, errorAnswer, leaveLocksOfKilledBot, manualClock, steppedClock, tempDir, testBotDeps, testConfig } from "./helpers.ts";

const ANA = "15551234567@s.whatsapp.net";
const REPLIES = repliesFor("en");
const WAIT = { timeout: 5_000, interval: 5 };

let dir: Awaited<ReturnType<typeof tempDir>>;
let bots: Bot[] = [];

beforeEach(async () => {
  dir = await tempDir("relay");
  bots = [];
});

afterEach(async () => {
  for (const bot of bots) await bot.stop();
  await dir.remove();
});

type ManualClock = ReturnType<typeof manualClock>;

async function openBot<C extends Clock = ManualClock>(fn: FakeFunction, sockets = new FakeSocketFactory(), clock: C = manualClock() as Clock as C) {
  const bot = await startBot(testBotDeps(testConfig(dir.path), { socketFactory: sockets.create, fetch: fn.fetch, clock }));
  bots.push(bot);
  sockets.latest.open();
  return { bot, socket: sockets.latest, sockets, clock };
}

describe("relay", () => {
  it("relays a text message and sends the reply to the same chat after showing typing", async () => {
    const fn = new FakeFunction();
    const { bot, socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi", id: "M1", pushName: "Ana" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    expect(fn.turns[0]).toMatchObject({ messageId: "M1", chatJid: ANA, phone: "+15551234567", pushName: "Ana", message: "hi" });
    expect(socket.sent[0]).toEqual({ jid: ANA, text: "echo: hi" });
    expect(socket.presences[0]).toEqual({ type: "composing", jid: ANA });
    await bot.idle();
    expect(bot.queue.depth).toBe(0);
    expect(socket.read.map((k) => k.id)).toEqual(["M1"]);
  });

  it("does not send a reply twice when clearing the typing indicator fails after the send", async () => {
    const fn = new FakeFunction();
    const { socket, bot } = await openBot(fn);
    socket.failPresence = "paused";
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    await bot.idle();
    expect(socket.sent).toHaveLength(1);
    expect(bot.queue.depth).toBe(0);
  });

  it("retries the send when WhatsApp refuses it, without asking the function again", async () => {
    const fn = new FakeFunction();
    const { socket, bot } = await openBot(fn);
    socket.failNextSends = 2;
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    await bot.idle();
    expect(bot.status.snapshot().counters.relayRetries).toBe(2);
    expect(fn.turns).toHaveLength(1);
  });

  it("relays a LID sender with the phone from key.remoteJidAlt and answers the LID chat", async () => {
    const fn = new FakeFunction();
    const { socket } = await openBot(fn);
    const lid = "123456789012345@lid";
    socket.upsert([textMessage({ chatJid: lid, remoteJidAlt: "5511987654321@s.whatsapp.net", text: "oi" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    expect(fn.turns[0]).toMatchObject({ chatJid: lid, phone: "+5511987654321" });
    expect(socket.sent[0]?.jid).toBe(lid);
  });

  it("relays a LID sender nobody can map with phone null", async () => {
    const fn = new FakeFunction();
    const { socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: "999999999999999@lid", text: "hello" })]);
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
    expect(fn.turns[0]?.phone).toBeNull();
  });

  it("answers a voice note politely without relaying it", async () => {
    const fn = new FakeFunction();
    const { socket, bot } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, message: proto.Message.create({ audioMessage: { ptt: true } }) })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    expect(socket.sent[0]).toEqual({ jid: ANA, text: REPLIES.unsupportedKind });
    expect(fn.turns).toHaveLength(0);
    expect(bot.status.snapshot().counters.unsupported).toBe(1);
  });

  it("relays a message with a NUL and a broken surrogate made well-formed, name included", async () => {
    const fn = new FakeFunction();
    const { socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "book\u0000 tomorrow \uD83D", id: "NUL1", pushName: "A\u0000na" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    expect(fn.turns[0]).toMatchObject({ message: "book tomorrow \uFFFD", pushName: "Ana" });
  });

  it("answers a message of control characters only like a voice note, without relaying it", async () => {
    const fn = new FakeFunction();
    const { socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "\u0000\u0001\u0002", id: "NUL2" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    expect(socket.sent[0]).toEqual({ jid: ANA, text: REPLIES.unsupportedKind });
    expect(fn.turns).toHaveLength(0);
  });

  it("sends nothing when the function answers with a null response", async () => {
    const fn = new FakeFunction();
    fn.answer = () => ({ status: 200, body: { success: true, conversationId: "11111111-1111-4111-8111-111111111111", response: null, duplicate: false } });
    const { socket, bot } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "thanks" })]);
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
    await bot.idle();
    expect(socket.sent).toHaveLength(0);
    expect(bot.queue.depth).toBe(0);
  });

  it("forwards an over-long message shortened with a note instead of having it rejected", async () => {
    const fn = new FakeFunction();
    const { socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "a".repeat(5_000) })]);
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
    const relayed = fn.turns[0]?.message ?? "";
    expect(Array.from(relayed)).toHaveLength(4_096);
    expect(relayed.endsWith(REPLIES.truncatedNote)).toBe(true);
  });

  it("keeps each chat in order while many chats are relayed in parallel", async () => {
    const fn = new FakeFunction();
    const chatCount = 12;
    let turn = 0;
    let allFirstsArrived: () => void = () => undefined;
    const firstsArrived = new Promise<void>((resolve) => {
      allFirstsArrived = resolve;
    });
    fn.latency = async () => {
      const mine = turn++;
      // Every chat's first turn waits until all of them are in flight: only parallel chats get here.
      if (mine < chatCount) {
        if (mine === chatCount - 1) allFirstsArrived();
        await firstsArrived;
      }
      // Later turns answer sooner, so anything not kept in order per chat would come out reversed.
      const rounds = 20 - (mine % 20);
      for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    const { socket, bot } = await openBot(fn);
    const chats = Array.from({ length: chatCount }, (_, i) => `1555000${String(i).padStart(4, "0")}@s.whatsapp.net`);
    const perChat = 5;
    for (let n = 0; n < perChat; n += 1) {
      socket.upsert(chats.map((chat) => textMessage({ chatJid: chat, text: `${chat} #${n}` })));
    }
    await vi.waitFor(() => expect(socket.sent).toHaveLength(chats.length * perChat), WAIT);
    await bot.idle();
    for (const chat of chats) {
      const texts = socket.sent.filter((s) => s.jid === chat).map((s) => s.text);
      expect(texts).toEqual(Array.from({ length: perChat }, (_, n) => `echo: ${chat} #${n}`));
    }
    expect(fn.maxInFlight).toBe(chatCount);
  });

  it("retries a 503 with growing delays and then delivers the reply once", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    fn.answer = (message, attempt) =>
      attempt <= 2 ? { status: 503, body: { success: false, error: { code: "unavailable", message: "db down" } } } : realAnswer(message, attempt);
    const { socket, bot, clock } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    await bot.idle();
    expect(fn.turns).toHaveLength(3);
    expect(clock.slept.slice(-2)).toEqual([1_000, 2_000]);
    expect(bot.status.snapshot().counters.relayRetries).toBe(2);
    expect(bot.queue.depth).toBe(0);
  });

  it("retries a network error", async () => {
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    fn.answer = (message, attempt) => (attempt === 1 ? "network_error" : realAnswer(message, attempt));
    const { socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), WAIT);
    expect(fn.turns).toHaveLength(2);
  });

  it("keeps a message the function refuses with 401 queued, retrying slowly, and shows the configuration fault until it is fixed", async () => {
    // Regression: a 401 (clock drift past 300 s, a botched secret rotation) dead-lettered every message.
    const fn = new FakeFunction();
    const realAnswer = fn.answer;
    let fixed = false;
    fn.answer = (message, attempt) => (fixed ? realAnswer(message, attempt) : errorAnswer(401, "unauthorized"));
    const { socket, bot, clock } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(fn.turns.length).toBeGreaterThanOrEqual(4), WAIT);
    const snapshot = bot.status.snapshot();
    expect(snapshot.configFault?.message).toMatch(/401 unauthorized.*CHANNEL_SECRET/);
    expect(snapshot.counters.deadLettered).toBe(0);
    expect(bot.queue.depth).toBe(1);
    // 30 s doubling (±20 %: fixed at the middle here), capped at 5 min: slow, and for as long as it takes.
    expect(clock.slept.slice(0, 3)).toEqual([30_000, 60_000, 120_000]);
    // Hours later, still waiting: a 401 is never the message's fault.
    await vi.waitFor(() => expect(clock.slept.filter((ms) => ms === 300_000).length).toBeGreaterThanOrEqual(15), WAIT);
    expect(bot.queue.deadCount).toBe(0);
    fixed = true;
    await vi.waitFor(() => expect(socket.sent).toEqual([{ jid: ANA, text: "echo: hi" }]), WAIT);
    expect(bot.status.snapshot().configFault).toBeNull();
  });

  it("says a 401 comes from the clock when the function's clock is more than 300 s away", async () => {
    const fn = new FakeFunction();
    const clock = steppedClock(Date.UTC(2026, 10, 21, 10, 0, 0));
    fn.answer = () => ({ ...errorAnswer(401, "unauthorized"), headers: { date: new Date(Date.UTC(2026, 10, 21, 9, 50, 0)).toUTCString() } });
    const { socket, bot } = await openBot(fn, new FakeSocketFactory(), clock);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(bot.status.snapshot().configFault?.message).toMatch(/clock is 600 s ahead of the function's/), WAIT);
  });
});

describe("quotes and the outbox", () => {
  const STAFF = "15559990000@s.whatsapp.net";
  const ALERT_ID = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbb1";

  it("relays a reply that quotes the bot's alert with the alert's WhatsApp id and text, the id the outbox ack reported", async () => {
    const fn = new FakeFunction();
    fn.outbox.push({ id: ALERT_ID, chatJid: STAFF, phone: "+15559990000", text: "Ana (+15551234567) asks for staff: \"can I bring my dog?\" ref A7K2", kind: "staff_alert" });
    const sockets = new FakeSocketFactory();
    const bot = await startBot(testBotDeps(testConfig(dir.path), { socketFactory: sockets.create, fetch: fn.fetch, clock: manualClock(), outbox: true }));
    bots.push(bot);
    const socket = sockets.latest;
    socket.open();
    await vi.waitFor(() => expect(fn.acks).toHaveLength(1), WAIT);
    const alert = socket.sentMessages[0];
    if (!alert?.key.id) throw new Error("the alert was not sent");
    expect(fn.acks[0]).toEqual({ id: ALERT_ID, status: "sent", waMessageId: alert.key.id });

    // The staff member swipes to reply on their phone: Baileys builds the quote.
    const reply = generateWAMessageFromContent(STAFF, { extendedTextMessage: { text: "Yes, dogs are welcome" } }, { quoted: alert, userJid: "15550001111@s.whatsapp.net" });
    socket.upsert([textMessage({ chatJid: STAFF, id: "STAFFREPLY1", message: reply.message ?? undefined })]);
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
    expect(fn.turns[0]).toMatchObject({ messageId: "STAFFREPLY1", message: "Yes, dogs are welcome", quoted: { messageId: alert.key.id, text: expect.stringContaining("ref A7K2") } });
  });

  /**
   * The fake function behind a fetch that holds every outbox ack until `release()` (an ack that
   * has not got through yet), counting them, and records the order in which acks got through and
   * turns arrived.
   */
  function heldAcks(fn: FakeFunction) {
    const order: string[] = [];
    let attempts = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = String(input);
      if (url.endsWith("/outbox/ack")) {
        attempts += 1;
        await released;
        const answer = await fn.fetch(input, init);
        order.push("ack");
        return answer;
      }
      if (!url.includes("/outbox/") && !url.endsWith("/dead-letter")) order.push("turn");
      return fn.fetch(input, init);
    };
    return { fetch, order, release, attempts: () => attempts };
  }

  /**
   * Sends `answer` at once, lets the acks through once the relay has asked for one itself (a second
   * ack) or, wrongly, gone straight to the turn, and waits for the turn.
   */
  async function answerWhileAcksHeld(fn: FakeFunction, held: ReturnType<typeof heldAcks>, answer: () => void): Promise<void> {
    answer();
    await vi.waitFor(() => expect(held.attempts() >= 2 || fn.turns.length > 0).toBe(true), WAIT);
    held.release();
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
  }

  async function botWithOutbox(fetch: typeof globalThis.fetch) {
    const sockets = new FakeSocketFactory();
    const bot = await startBot(testBotDeps(testConfig(dir.path), { socketFactory: sockets.create, fetch, clock: manualClock(), outbox: true }));
    bots.push(bot);
    sockets.latest.open();
    return sockets.latest;
  }

  it("relays a reply quoting the alert only once the alert's ack has got through, however soon the staff member answers", async () => {
    // Regression (a clean-clone CI run, tests/e2e/staff-answers.test.ts): the reply went to the
    // function before the alert's ack, so the function could not tell which alert it answered and
    // told the staff member to reply to one; their answer never reached the patient.
    const fn = new FakeFunction();
    fn.outbox.push({ id: ALERT_ID, chatJid: STAFF, phone: "+15559990000", text: "Ana (+15551234567) asks for staff: \"can I bring my dog?\" ref A7K2", kind: "staff_alert" });
    const held = heldAcks(fn);
    const socket = await botWithOutbox(held.fetch);
    await vi.waitFor(() => expect(socket.sentMessages).toHaveLength(1), WAIT);
    const alert = socket.sentMessages[0]!;
    // At once, while the alert's ack has not got through.
    const reply = generateWAMessageFromContent(STAFF, { extendedTextMessage: { text: "Yes, dogs are welcome" } }, { quoted: alert, userJid: "15550001111@s.whatsapp.net" });
    await answerWhileAcksHeld(fn, held, () => socket.upsert([textMessage({ chatJid: STAFF, id: "STAFFREPLY2", message: reply.message ?? undefined })]));
    expect(held.order[0]).toBe("ack");
    expect(fn.acks[0]).toEqual({ id: ALERT_ID, status: "sent", waMessageId: alert.key.id });
    expect(fn.turns[0]).toMatchObject({ messageId: "STAFFREPLY2", quoted: { messageId: alert.key.id } });
  });

  it("relays a patient's answer to a reminder only once the reminder's ack (which sets its question) has got through", async () => {
    const fn = new FakeFunction();
    fn.outbox.push({ id: ALERT_ID, chatJid: ANA, phone: "+15551234567", text: "Reminder: tomorrow 10:00. 1. Confirm 2. Cancel", kind: "reminder" });
    const held = heldAcks(fn);
    const socket = await botWithOutbox(held.fetch);
    await vi.waitFor(() => expect(socket.sentMessages).toHaveLength(1), WAIT);
    await answerWhileAcksHeld(fn, held, () => socket.upsert([textMessage({ chatJid: ANA, text: "1", id: "ANSWER1" })]));
    expect(held.order[0]).toBe("ack");
    expect(fn.acks[0]).toMatchObject({ id: ALERT_ID, status: "sent" });
  });

  it("relays a message that quotes nothing without a quoted field, as older bots did", async () => {
    const fn = new FakeFunction();
    const { socket } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
    expect(fn.turns[0]).not.toHaveProperty("quoted");
  });

  it("answers a patient at once while paced reminders wait for their slots", async () => {
    const fn = new FakeFunction();
    for (const chat of ["15550000001", "15550000002", "15550000003"]) {
      fn.outbox.push({ id: `cccccccc-cccc-4ccc-8ccc-${chat.slice(-12).padStart(12, "0")}`, chatJid: `${chat}@s.whatsapp.net`, phone: null, text: "Reminder: tomorrow", kind: "reminder" });
    }
    const sockets = new FakeSocketFactory();
    const config = testConfig(dir.path, { pacing: { gapMs: 10 * 60_000, chatGapMs: 10 * 60_000, dailyCap: 300 } });
    // Time moves only when the test says: the reminders wait as long as the test likes.
    const clock = steppedClock();
    const bot = await startBot(testBotDeps(config, { socketFactory: sockets.create, fetch: fn.fetch, clock, outbox: true }));
    bots.push(bot);
    const socket = sockets.latest;
    socket.open();
    // The first reminder is due at once and is being "typed"; the next is 10 min or more away,
    // beyond the claim's lease, so only one was claimed and the other two stay in the outbox.
    await vi.waitFor(() => expect(socket.presences).toEqual([{ type: "composing", jid: "15550000001@s.whatsapp.net" }]), WAIT);
    expect(fn.claimRequests).toEqual([{ limit: 20, pacedLimit: 1 }]);
    await clock.advance(5_000);
    await vi.waitFor(() => expect(socket.sent.map((s) => s.text)).toEqual(["Reminder: tomorrow"]), WAIT);
    socket.upsert([textMessage({ chatJid: ANA, text: "hi" })]);
    await vi.waitFor(() => expect(socket.sent.map((s) => s.text)).toEqual(["Reminder: tomorrow", "echo: hi"]), WAIT);
    expect(fn.outbox).toHaveLength(2);
  });
});

describe("dedupe and restarts", () => {
  it("relays a message delivered twice only once", async () => {
    const fn = new FakeFunction();
    const { socket, bot } = await openBot(fn);
    const message = textMessage({ chatJid: ANA, text: "hi", id: "DUP1" });
    socket.upsert([message]);
    socket.upsert([message], "append");
    await bot.idle();
    expect(fn.turns).toHaveLength(1);
    expect(socket.sent).toHaveLength(1);
    expect(bot.status.snapshot().counters.duplicates).toBe(1);
  });

  it("still ignores a message delivered again after a restart", async () => {
    const fn = new FakeFunction();
    const first = await openBot(fn);
    const message = textMessage({ chatJid: ANA, text: "hi", id: "DUP2" });
    first.socket.upsert([message]);
    await first.bot.idle();
    await first.bot.stop();
    bots = [];

    const second = await openBot(fn);
    second.socket.upsert([message]);
    await second.bot.idle();
    expect(fn.turns).toHaveLength(1);
    expect(second.socket.sent).toHaveLength(0);
  });

  it("after a crash right after receipt, a restart relays the message once and answers once", async () => {
    const hanging = new FakeFunction();
    // The process "crashes" while the turn is in flight: the request never returns.
    hanging.latency = () => new Promise<void>(() => undefined);
    const first = await openBot(hanging);
    const message = textMessage({ chatJid: ANA, text: "book", id: "CRASH1" });
    first.socket.upsert([message]);
    await vi.waitFor(() => expect(hanging.turns).toHaveLength(1), WAIT);
    expect(first.bot.queue.depth).toBe(1);
    bots = []; // abandoned, like a killed process: no stop(), nothing flushed
    await leaveLocksOfKilledBot(testConfig(dir.path));

    const fn = new FakeFunction();
    const second = await openBot(fn);
    // WhatsApp may deliver the message again after the restart too.
    second.socket.upsert([message]);
    await vi.waitFor(() => expect(second.socket.sent).toHaveLength(1), WAIT);
    await second.bot.idle();
    expect(fn.turns.map((t) => t.messageId)).toEqual(["CRASH1"]);
    expect(second.socket.sent).toEqual([{ jid: ANA, text: "echo: book" }]);
    expect(second.bot.queue.depth).toBe(0);
  });

  it("on stop, finishes the job in flight and leaves the chat's later messages queued", async () => {
    const fn = new FakeFunction();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    fn.latency = () => gate;
    const { socket, bot } = await openBot(fn);
    socket.upsert([textMessage({ chatJid: ANA, text: "one" }), textMessage({ chatJid: ANA, text: "two" })]);
    await vi.waitFor(() => expect(fn.turns).toHaveLength(1), WAIT);
    const stopped = bot.stop();
    bots = [];
    release();
    await stopped;
    expect(socket.sent).toEqual([{ jid: ANA, text: "echo: one" }]);
    expect(bot.queue.depth).toBe(1);
    expect(bot.queue.pending()[0]?.job).toMatchObject({ kind: "relay", payload: { message: "two" } });
  });
});
