/** The outbox poller: claim → send → ack, pacing of proactive messages, failures, and no second send after a restart. */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAlertWebhook, type AlertEvent, type AlertSink } from "../src/alerts/alert-webhook.ts";
import type { PacingConfig } from "../src/config.ts";
import { BotStatus } from "../src/health/status.ts";
import { OutboxPoller } from "../src/outbox/outbox-poller.ts";
import { CAP_WINDOW_MS, MAX_TYPING_MS, MIN_TYPING_MS } from "../src/outbox/pacing.ts";
import { SendHistory } from "../src/outbox/send-history.ts";
import { createFunctionClient } from "../src/relay/function-client.ts";
import { KeyLog } from "../src/shared/key-log.ts";
import { FakeFunction, manualClock, silentLogger, tempDir, testConfig } from "./helpers.ts";

const WAIT = { timeout: 5_000, interval: 5 };
const ANA = "15551234567@s.whatsapp.net";
const BEN = "15557654321@s.whatsapp.net";
const CARLA = "15550000003@s.whatsapp.net";
const NO_PACING: PacingConfig = { gapMs: 0, chatGapMs: 0, dailyCap: 1_000 };
const PACING: PacingConfig = { gapMs: 15_000, chatGapMs: 30_000, dailyCap: 300 };

let dir: Awaited<ReturnType<typeof tempDir>>;
let pollers: OutboxPoller[] = [];
let idSeq = 0;

beforeEach(async () => {
  dir = await tempDir("outbox");
  pollers = [];
});
afterEach(async () => {
  for (const p of pollers) await p.stop();
  await dir.remove();
});

function outboxId(): string {
  idSeq += 1;
  return `aaaaaaaa-aaaa-4aaa-8aaa-${String(idSeq).padStart(12, "0")}`;
}

function row(chatJid: string, text: string, kind: string, id = outboxId()) {
  return { id, chatJid, phone: null, text, kind };
}

interface Sent {
  jid: string;
  text: string;
  typingMs: number | undefined;
  atMs: number;
}

/** Records alerts instead of posting them. */
function recordingAlerts(): AlertSink & { alerts: AlertEvent[] } {
  const alerts: AlertEvent[] = [];
  return { configured: true, alerts, send: async (alert) => (alerts.push(alert), true) };
}

async function poller(fn: FakeFunction, options: { pacing?: PacingConfig; fail?: (text: string) => boolean; clock?: ReturnType<typeof manualClock>; alerts?: AlertSink } = {}) {
  const clock = options.clock ?? manualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  const config = testConfig(dir.path);
  const client = createFunctionClient({ ...config, fetch: fn.fetch, clock });
  const sentLog = await KeyLog.open(join(dir.path, "outbox-sent.log"), 100);
  const history = await SendHistory.open(join(dir.path, "paced-sends.json"));
  const status = new BotStatus(clock);
  status.setConnection("open", { me: "+15550001111" });
  const sent: Sent[] = [];
  const sender = {
    sendText: async (jid: string, text: string, sendOptions: { typingMs?: number }) => {
      if (options.fail?.(text)) throw new Error("not on WhatsApp");
      if (sendOptions.typingMs !== undefined) await clock.sleep(sendOptions.typingMs);
      sent.push({ jid, text, typingMs: sendOptions.typingMs, atMs: clock.now() });
      return `WA-${sent.length}`;
    },
  };
  const alerts = options.alerts ?? createAlertWebhook({ url: undefined, channelId: config.channelId, fetch: fn.fetch, clock, random: () => 0.5, status, logger: silentLogger });
  const p = new OutboxPoller({
    client,
    sender,
    sentLog,
    history,
    pacing: options.pacing ?? NO_PACING,
    alerts,
    clock,
    random: () => 0,
    status,
    logger: silentLogger,
    isConnected: () => true,
    waitForConnection: async () => undefined,
  });
  pollers.push(p);
  return { poller: p, status, sent, clock };
}

describe("outbox", () => {
  it("claims, sends each message to its chat and acknowledges it as sent with WhatsApp's id", async () => {
    const fn = new FakeFunction();
    const reminder = row(ANA, "Reminder: tomorrow 10:00", "reminder");
    const reply = row(BEN, "Staff: see you soon", "staff_reply");
    fn.outbox.push(reminder, reply);
    const { poller: p, status, sent } = await poller(fn);
    expect(await p.pollOnce()).toEqual({ kind: "worked", count: 2 });
    expect(await p.sendDue()).toBe(1);
    expect(fn.claims).toEqual([20]);
    // The staff reply went out during the claim; the reminder waited for its (immediate) slot.
    expect(sent.map((s) => [s.jid, s.text])).toEqual([
      [BEN, "Staff: see you soon"],
      [ANA, "Reminder: tomorrow 10:00"],
    ]);
    expect(fn.acks).toEqual([
      { id: reply.id, status: "sent", waMessageId: "WA-1" },
      { id: reminder.id, status: "sent", waMessageId: "WA-2" },
    ]);
    expect(status.snapshot().counters).toMatchObject({ outboxSent: 2, outboxPaced: 1 });
  });

  it("sends a message of a kind it does not know, paced like a reminder, with the rest of its batch", async () => {
    // Regression: the claim schema listed the kinds, so one new kind made the bot reject the batch.
    const fn = new FakeFunction();
    const unknown = row(ANA, "New kind", "kind_from_a_newer_function");
    const known = row(BEN, "Known kind", "reminder");
    fn.outbox.push(unknown, known);
    const { poller: p, sent } = await poller(fn);
    expect(await p.pollOnce()).toEqual({ kind: "worked", count: 2 });
    expect(p.pacingStats().waiting.map((w) => w.kind)).toEqual(["kind_from_a_newer_function", "reminder"]);
    await p.sendDue();
    expect(sent.map((s) => s.text)).toEqual(["New kind", "Known kind"]);
    expect(sent.every((s) => s.typingMs !== undefined)).toBe(true);
    expect(fn.acks.map((a) => a.id)).toEqual([unknown.id, known.id]);
  });

  it("sends a claimed message of every kind: staff replies, reminders, notices, staff alerts", async () => {
    const fn = new FakeFunction();
    const kinds = ["staff_reply", "reminder", "notice", "staff_alert", "appointment_cancelled"];
    fn.outbox.push(...kinds.map((kind) => row(ANA, `a ${kind}`, kind)));
    const { poller: p, sent } = await poller(fn);
    await p.pollOnce();
    await p.sendDue();
    expect(sent.map((s) => s.text).sort()).toEqual(kinds.map((kind) => `a ${kind}`).sort());
    expect(fn.acks.every((a) => a.status === "sent")).toBe(true);
  });

  it("reports idle when nothing is pending", async () => {
    const { poller: p } = await poller(new FakeFunction());
    expect(await p.pollOnce()).toEqual({ kind: "idle" });
  });

  it("acknowledges a failed send as failed with the reason", async () => {
    const fn = new FakeFunction();
    const message = row(ANA, "hi", "staff_reply");
    fn.outbox.push(message);
    const { poller: p } = await poller(fn, { fail: () => true });
    await p.pollOnce();
    expect(fn.acks).toEqual([{ id: message.id, status: "failed", error: "not on WhatsApp" }]);
  });

  it("does not send again a message that was sent before a restart but whose ack was lost, and acks it with its WhatsApp id", async () => {
    const message = row(ANA, "hi", "staff_reply");
    const broken = new FakeFunction();
    // First run: the send succeeds, then the ack cannot reach the function.
    broken.outbox.push(message);
    const originalFetch = broken.fetch;
    const first = await poller(
      Object.assign(broken, {
        fetch: (async (input, init) =>
          String(input).endsWith("/outbox/ack") ? Promise.reject(new TypeError("fetch failed")) : originalFetch(input, init)) as typeof fetch,
      }),
    );
    await first.poller.pollOnce();
    expect(first.sent.map((s) => s.text)).toEqual(["hi"]);

    // After the restart the function hands the row out again once its claim expired.
    const fn = new FakeFunction();
    fn.outbox.push(message);
    const second = await poller(fn);
    await second.poller.pollOnce();
    expect(second.sent).toEqual([]);
    expect(fn.acks).toEqual([{ id: message.id, status: "sent", waMessageId: "WA-1" }]);
  });

  it("retries an ack that failed before claiming more", async () => {
    const fn = new FakeFunction();
    const message = row(ANA, "hi", "staff_reply");
    fn.outbox.push(message);
    let ackFailures = 1;
    const originalFetch = fn.fetch;
    const flaky = Object.assign(fn, {
      fetch: (async (input, init) => {
        if (String(input).endsWith("/outbox/ack") && ackFailures-- > 0) return Response.json({}, { status: 503 });
        return originalFetch(input, init);
      }) as typeof fetch,
    });
    const { poller: p } = await poller(flaky);
    await p.pollOnce();
    expect(fn.acks).toEqual([]);
    expect(await p.pollOnce()).toEqual({ kind: "idle" });
    expect(fn.acks).toEqual([{ id: message.id, status: "sent", waMessageId: "WA-1" }]);
  });

  it("reports an ack that keeps failing once per round, with the function's reason, and claims nothing more", async () => {
    const fn = new FakeFunction();
    fn.outbox.push(row(ANA, "hi", "staff_reply"));
    const originalFetch = fn.fetch;
    const down = Object.assign(fn, {
      fetch: (async (input, init) =>
        String(input).endsWith("/outbox/ack") ? Response.json({}, { status: 503 }) : originalFetch(input, init)) as typeof fetch,
    });
    const { poller: p, status } = await poller(down);
    await p.pollOnce();
    // The send's own ack failed quietly: the next round re-sends it first and reports it.
    expect(status.snapshot().lastError).toBeNull();
    const round = await p.pollOnce();
    expect(round.kind).toBe("failed");
    expect(round.kind === "failed" && round.reason).toMatch(/^ack: .*503/);
    expect(fn.claims).toHaveLength(1);
  });
});

describe("an inbound message after the outbox sent to its chat", () => {
  /** A function whose outbox acks fail with 503 while `down.value` is true. */
  function ackOutage(fn: FakeFunction, down: { value: boolean }): FakeFunction {
    const originalFetch = fn.fetch;
    return Object.assign(fn, {
      fetch: (async (input, init) =>
        String(input).endsWith("/outbox/ack") && down.value ? Response.json({}, { status: 503 }) : originalFetch(input, init)) as typeof fetch,
    });
  }

  it("is relayed only after the ack of what was sent to that chat, or as the message it quotes, has got through", async () => {
    // Regression (a clean-clone CI run, tests/e2e/staff-answers.test.ts): a staff member swiped an
    // alert at once and was relayed before the alert's ack, so the function could not tell which
    // patient they answered and told them to reply to an alert; a failed ack waits for the next
    // poll, up to 30 s idle. A patient answering a reminder before its ack is read without the
    // reminder's question, which the ack applies.
    const fn = new FakeFunction();
    const alert = row(ANA, "Ben asked to talk to a person", "staff_alert");
    const reminder = row(BEN, "Reminder: tomorrow 10:00", "reminder");
    fn.outbox.push(alert, reminder);
    const down = { value: true };
    const { poller: p } = await poller(ackOutage(fn, down));
    await p.pollOnce();
    await p.sendDue();
    expect(fn.acks).toEqual([]);
    // While the function still refuses the acks, the message must wait (retry), not go ahead.
    expect(await p.ackBeforeRelay({ chatJid: ANA, quotedMessageId: undefined })).toMatchObject({ kind: "retry" });
    down.value = false;
    // From another chat (a LID) quoting the alert: the alert's ack, not the reminder's.
    expect(await p.ackBeforeRelay({ chatJid: "123456789012345@lid", quotedMessageId: "WA-1" })).toEqual({ kind: "ok", value: undefined });
    expect(fn.acks).toEqual([{ id: alert.id, status: "sent", waMessageId: "WA-1" }]);
    // From the reminder's chat, quoting nothing: the reminder's.
    expect(await p.ackBeforeRelay({ chatJid: BEN, quotedMessageId: undefined })).toEqual({ kind: "ok", value: undefined });
    expect(fn.acks.map((a) => a.id)).toEqual([alert.id, reminder.id]);
    // Confirmed: nothing is outstanding any more, so nothing is acked again.
    expect(await p.ackBeforeRelay({ chatJid: ANA, quotedMessageId: "WA-1" })).toEqual({ kind: "ok", value: undefined });
    expect(await p.pollOnce()).toEqual({ kind: "idle" });
    expect(fn.acks).toHaveLength(2);
  });

  it("goes ahead without a call when nothing sent to its chat or quoted by it is unacknowledged", async () => {
    const fn = new FakeFunction();
    fn.outbox.push(row(ANA, "Staff: see you soon", "staff_reply"));
    const { poller: p } = await poller(fn);
    await p.pollOnce();
    const acks = fn.acks.length;
    expect(await p.ackBeforeRelay({ chatJid: BEN, quotedMessageId: "SOMEONE-ELSES-MESSAGE" })).toEqual({ kind: "ok", value: undefined });
    expect(await p.ackBeforeRelay({ chatJid: ANA, quotedMessageId: "WA-1" })).toEqual({ kind: "ok", value: undefined });
    expect(fn.acks).toHaveLength(acks);
  });
});

describe("pacing of proactive messages", () => {
  it("spaces reminders across chats and to the same chat, shows typing first, and never holds back a staff reply", async () => {
    const fn = new FakeFunction();
    fn.outbox.push(
      row(ANA, "Reminder 1 for Ana", "reminder"),
      row(ANA, "Notice for Ana", "notice"),
      row(BEN, "Reminder for Ben", "reminder"),
      row(CARLA, "Alert", "staff_alert"),
      // Claimed last, sent first: a staff member answering a patient is a reply.
      row(BEN, "Staff: yes, we have parking", "staff_reply"),
    );
    const { poller: p, sent, clock } = await poller(fn, { pacing: PACING });
    const startMs = clock.now();
    p.start();
    await vi.waitFor(() => expect(sent).toHaveLength(5), WAIT);
    await p.stop();
    expect(sent[0]).toMatchObject({ text: "Staff: yes, we have parking", typingMs: undefined, atMs: startMs });
    const paced = sent.slice(1);
    for (let i = 1; i < paced.length; i += 1) expect(paced[i]!.atMs - paced[i - 1]!.atMs).toBeGreaterThanOrEqual(PACING.gapMs);
    const toAna = paced.filter((s) => s.jid === ANA);
    expect(toAna[1]!.atMs - toAna[0]!.atMs).toBeGreaterThanOrEqual(PACING.chatGapMs);
    // Ben's reminder overtook Ana's second message, which had to wait for the per-chat gap.
    expect(paced.map((s) => s.text)).toEqual(["Reminder 1 for Ana", "Reminder for Ben", "Notice for Ana", "Alert"]);
    for (const s of paced) expect(s.typingMs).toBeGreaterThanOrEqual(MIN_TYPING_MS);
    for (const s of paced) expect(s.typingMs).toBeLessThanOrEqual(MAX_TYPING_MS);
    expect(paced[0]!.atMs - startMs).toBeLessThan(PACING.gapMs);
  });

  it("claims no more proactive messages than it can send within the claim's lease", async () => {
    const fn = new FakeFunction();
    const { poller: p } = await poller(fn, { pacing: PACING });
    await p.pollOnce();
    // 15 s gaps, jittered up to 22.5 s, within the 90 s the bot allows itself of the 120 s lease.
    expect(fn.claimRequests).toEqual([{ limit: 20, pacedLimit: 5 }]);
  });

  it("holds reminders back in the outbox once the daily cap is reached, alerts once, and keeps the count across a restart", async () => {
    const fn = new FakeFunction();
    for (let i = 0; i < 5; i += 1) fn.outbox.push(row(`1555000000${i}@s.whatsapp.net`, `Reminder ${i}`, "reminder"));
    const cap: PacingConfig = { gapMs: 0, chatGapMs: 0, dailyCap: 3 };
    const alerts = recordingAlerts();
    const first = await poller(fn, { pacing: cap, alerts });
    await first.poller.pollOnce();
    await first.poller.sendDue();
    expect(first.sent).toHaveLength(3);
    expect(fn.claimRequests).toEqual([{ limit: 20, pacedLimit: 3 }]);
    expect(await first.poller.pollOnce()).toMatchObject({ kind: "paused" });
    expect(fn.claimRequests.at(-1)).toEqual({ limit: 20, pacedLimit: 0 });
    expect(fn.outbox).toHaveLength(2);
    expect(alerts.alerts).toEqual([expect.objectContaining({ event: "daily_cap_reached", dailyCap: 3 })]);
    const stats = first.poller.pacingStats();
    expect(stats.sentLast24h).toBe(3);
    expect(stats.capResumesAtMs).toBe(first.sent[0]!.atMs + CAP_WINDOW_MS);
    await first.poller.stop();

    // A restart does not start the day's count again.
    const second = await poller(fn, { pacing: cap, clock: first.clock });
    expect(await second.poller.pollOnce()).toMatchObject({ kind: "paused", untilMs: first.sent[0]!.atMs + CAP_WINDOW_MS });
    expect(fn.claimRequests.at(-1)).toEqual({ limit: 20, pacedLimit: 0 });
    expect(fn.outbox).toHaveLength(2);

    // A day later the rest go out.
    first.clock.advance(CAP_WINDOW_MS);
    await second.poller.pollOnce();
    await second.poller.sendDue();
    expect(second.sent.map((s) => s.text)).toEqual(["Reminder 3", "Reminder 4"]);
  });

  it("while the daily cap holds reminders back, a staff reply is still claimed and sent at once", async () => {
    // Regression: with the cap reached the bot claimed nothing at all, so staff replies waited too.
    const fn = new FakeFunction();
    for (let i = 0; i < 3; i += 1) fn.outbox.push(row(`1555000000${i}@s.whatsapp.net`, `Reminder ${i}`, "reminder"));
    const cap: PacingConfig = { gapMs: 0, chatGapMs: 0, dailyCap: 2 };
    const { poller: p, sent } = await poller(fn, { pacing: cap });
    await p.pollOnce();
    await p.sendDue();
    expect(sent.map((s) => s.text)).toEqual(["Reminder 0", "Reminder 1"]);
    fn.outbox.push(row(BEN, "Staff: we moved you to 3pm", "staff_reply"));
    expect(await p.pollOnce()).toEqual({ kind: "worked", count: 1 });
    expect(fn.claimRequests.at(-1)).toEqual({ limit: 20, pacedLimit: 0 });
    expect(sent.map((s) => s.text)).toEqual(["Reminder 0", "Reminder 1", "Staff: we moved you to 3pm"]);
    expect(fn.outbox.map((m) => m.text)).toEqual(["Reminder 2"]);
  });

  it("while its pacing window is full of reminders, a staff reply is still claimed and sent at once", async () => {
    // Regression: the bot claimed nothing until a paced send made room, so the reply waited behind them.
    const fn = new FakeFunction();
    for (let i = 0; i < 8; i += 1) fn.outbox.push(row(`1555000001${i}@s.whatsapp.net`, `Reminder ${i}`, "reminder"));
    const { poller: p, sent } = await poller(fn, { pacing: PACING });
    await p.pollOnce();
    expect(await p.sendDue()).toBe(1);
    fn.outbox.push(row(BEN, "Staff: call us back", "staff_reply"));
    expect(await p.pollOnce()).toEqual({ kind: "worked", count: 1 });
    expect(fn.claimRequests).toEqual([{ limit: 20, pacedLimit: 5 }, { limit: 20, pacedLimit: 0 }]);
    expect(sent.map((s) => s.text)).toEqual(["Reminder 0", "Staff: call us back"]);
    expect(fn.outbox).toHaveLength(3);
  });

  it("shows the paced queue: what waits, when the next one is due, and the day's count", async () => {
    const fn = new FakeFunction();
    fn.outbox.push(row(ANA, "Reminder", "reminder"), row(ANA, "Notice", "notice"));
    const { poller: p, clock } = await poller(fn, { pacing: PACING });
    await p.pollOnce();
    await p.sendDue();
    const stats = p.pacingStats();
    expect(stats).toMatchObject({ sentLast24h: 1, dailyCap: 300, gapS: 15, chatGapS: 30, capResumesAtMs: null });
    expect(stats.waiting).toEqual([{ kind: "notice", chatJid: ANA, dueAtMs: clock.now() + PACING.chatGapMs }]);
  });
});
