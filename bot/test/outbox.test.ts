/** The outbox poller: claim → send → ack, failures, and no second send after a restart. */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotStatus } from "../src/health/status.ts";
import { OutboxPoller } from "../src/outbox/outbox-poller.ts";
import { createFunctionClient } from "../src/relay/function-client.ts";
import { KeyLog } from "../src/shared/key-log.ts";
import { FakeFunction, manualClock, silentLogger, tempDir, testConfig } from "./helpers.ts";

const ID_1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1";
const ID_2 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa2";

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  dir = await tempDir("outbox");
});
afterEach(async () => {
  await dir.remove();
});

async function poller(fn: FakeFunction, sendText: (jid: string, text: string) => Promise<void>) {
  const clock = manualClock();
  const config = testConfig(dir.path);
  const client = createFunctionClient({ ...config, fetch: fn.fetch, clock });
  const sentLog = await KeyLog.open(join(dir.path, "outbox-sent.log"), 100);
  const status = new BotStatus(clock);
  return {
    status,
    poller: new OutboxPoller({ client, sender: { sendText: async (jid, text) => void (await sendText(jid, text)) }, sentLog, clock, random: () => 0.5, status, logger: silentLogger, isConnected: () => true, waitForConnection: async () => undefined }),
  };
}

describe("outbox", () => {
  it("claims, sends each message to its chat and acknowledges it as sent", async () => {
    const fn = new FakeFunction();
    fn.outbox.push(
      { id: ID_1, chatJid: "15551234567@s.whatsapp.net", phone: "+15551234567", text: "Reminder: tomorrow 10:00", kind: "reminder" },
      { id: ID_2, chatJid: "15557654321@s.whatsapp.net", phone: null, text: "Staff: see you soon", kind: "staff_reply" },
    );
    const sent: [string, string][] = [];
    const { poller: p, status } = await poller(fn, async (jid, text) => void sent.push([jid, text]));
    expect(await p.pollOnce()).toEqual({ kind: "worked", count: 2 });
    expect(fn.claims).toEqual([20]);
    expect(sent).toEqual([
      ["15551234567@s.whatsapp.net", "Reminder: tomorrow 10:00"],
      ["15557654321@s.whatsapp.net", "Staff: see you soon"],
    ]);
    expect(fn.acks).toEqual([{ id: ID_1, status: "sent" }, { id: ID_2, status: "sent" }]);
    expect(status.snapshot().counters.outboxSent).toBe(2);
  });

  it("sends a message of a kind it does not know, with the rest of its batch", async () => {
    // Regression: the claim schema listed the kinds, so one new kind made the bot reject the batch.
    const fn = new FakeFunction();
    fn.outbox.push(
      { id: ID_1, chatJid: "15551234567@s.whatsapp.net", phone: null, text: "New kind", kind: "kind_from_a_newer_function" },
      { id: ID_2, chatJid: "15557654321@s.whatsapp.net", phone: null, text: "Known kind", kind: "reminder" },
    );
    const sent: string[] = [];
    const { poller: p } = await poller(fn, async (_jid, text) => void sent.push(text));
    expect(await p.pollOnce()).toEqual({ kind: "worked", count: 2 });
    expect(sent).toEqual(["New kind", "Known kind"]);
    expect(fn.acks).toEqual([{ id: ID_1, status: "sent" }, { id: ID_2, status: "sent" }]);
  });

  it("reports idle when nothing is pending", async () => {
    const { poller: p } = await poller(new FakeFunction(), async () => undefined);
    expect(await p.pollOnce()).toEqual({ kind: "idle" });
  });

  it("acknowledges a failed send as failed with the reason", async () => {
    const fn = new FakeFunction();
    fn.outbox.push({ id: ID_1, chatJid: "15551234567@s.whatsapp.net", phone: null, text: "hi", kind: "notice" });
    const { poller: p } = await poller(fn, async () => {
      throw new Error("not on WhatsApp");
    });
    await p.pollOnce();
    expect(fn.acks).toEqual([{ id: ID_1, status: "failed", error: "not on WhatsApp" }]);
  });

  it("does not send again a message that was sent before a restart but whose ack was lost", async () => {
    const fn = new FakeFunction();
    const message = { id: ID_1, chatJid: "15551234567@s.whatsapp.net", phone: null, text: "hi", kind: "notice" } as const;
    fn.outbox.push(message);
    const sends: string[] = [];
    const broken = new FakeFunction();
    // First run: the send succeeds, then the ack cannot reach the function.
    broken.outbox.push(message);
    const originalFetch = broken.fetch;
    const first = await poller(
      Object.assign(broken, {
        fetch: (async (input, init) =>
          String(input).endsWith("/outbox/ack") ? Promise.reject(new TypeError("fetch failed")) : originalFetch(input, init)) as typeof fetch,
      }),
      async (_jid, text) => void sends.push(text),
    );
    await first.poller.pollOnce();
    expect(sends).toEqual(["hi"]);

    // After the restart the function hands the row out again once its claim expired.
    const second = await poller(fn, async (_jid, text) => void sends.push(text));
    await second.poller.pollOnce();
    expect(sends).toEqual(["hi"]);
    expect(fn.acks).toEqual([{ id: ID_1, status: "sent" }]);
  });

  it("retries an ack that failed before claiming more", async () => {
    const fn = new FakeFunction();
    fn.outbox.push({ id: ID_1, chatJid: "15551234567@s.whatsapp.net", phone: null, text: "hi", kind: "notice" });
    let ackFailures = 1;
    const originalFetch = fn.fetch;
    const flaky = Object.assign(fn, {
      fetch: (async (input, init) => {
        if (String(input).endsWith("/outbox/ack") && ackFailures-- > 0) return Response.json({}, { status: 503 });
        return originalFetch(input, init);
      }) as typeof fetch,
    });
    const { poller: p } = await poller(flaky, async () => undefined);
    await p.pollOnce();
    expect(fn.acks).toEqual([]);
    expect(await p.pollOnce()).toEqual({ kind: "idle" });
    expect(fn.acks).toEqual([{ id: ID_1, status: "sent" }]);
  });

  it("reports an ack that keeps failing once per round, with the function's reason, and claims nothing more", async () => {
    const fn = new FakeFunction();
    fn.outbox.push({ id: ID_1, chatJid: "15551234567@s.whatsapp.net", phone: null, text: "hi", kind: "notice" });
    const originalFetch = fn.fetch;
    const down = Object.assign(fn, {
      fetch: (async (input, init) =>
        String(input).endsWith("/outbox/ack") ? Response.json({}, { status: 503 }) : originalFetch(input, init)) as typeof fetch,
    });
    const { poller: p, status } = await poller(down, async () => undefined);
    await p.pollOnce();
    // The send's own ack failed quietly: the next round re-sends it first and reports it.
    expect(status.snapshot().lastError).toBeNull();
    const round = await p.pollOnce();
    expect(round.kind).toBe("failed");
    expect(round.kind === "failed" && round.reason).toMatch(/^ack: .*503/);
    expect(fn.claims).toHaveLength(1);
  });
});
