/**
 * End to end: fake WhatsApp socket → bot (production wiring) → whatsapp-webhook function on the
 * local stack → reply sent on the fake socket; a quoted reply; an outbox row delivered and
 * acknowledged with WhatsApp's id; a wrong secret kept as a configuration fault; a dead-letter
 * report the function understands. Needs FUNCTION_URL, CHANNEL_ID, CHANNEL_SECRET and DATABASE_URL
 * (npm test provides them).
 */
import { randomBytes } from "node:crypto";
import { generateWAMessageFromContent, proto, type WAMessage } from "@whiskeysockets/baileys";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Bot } from "../../bot/src/app.ts";
import { FakeSocketFactory, textMessage } from "../../bot/test/fake-socket.ts";
import { tempDir } from "../../bot/test/helpers.ts";
import { startRealBot } from "./support.ts";

/** A turn against a cold function host can take a few seconds (Deno start, first query plans). */
const TURN_WAIT = { timeout: 20_000, interval: 50 };
const PATIENT_JID = "15557770001@s.whatsapp.net";

/** Bytes of a test channel's secret (the table requires 32+ characters; hex doubles them). */
const SECRET_BYTES = 24;

let dir: Awaited<ReturnType<typeof tempDir>>;
let bot: Bot | undefined;
let db: pg.Client;
/** A channel of the demo clinic for this file alone, so other tests never claim its outbox rows. */
let channel: { id: string; secret: string };

beforeEach(async () => {
  dir = await tempDir("e2e");
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const secret = randomBytes(SECRET_BYTES).toString("hex");
  const created = await db.query<{ id: string }>(
    "insert into public.channels (clinic_id, secret) select clinic_id, $2 from public.channels where id = $1::uuid returning id::text",
    [process.env.CHANNEL_ID, secret],
  );
  const id = created.rows[0]?.id;
  if (!id) throw new Error("could not create a test channel next to CHANNEL_ID");
  channel = { id, secret };
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await db.end();
  await dir.remove();
});

async function start(options: { outbox: boolean; secret?: string }): Promise<FakeSocketFactory> {
  const sockets = new FakeSocketFactory();
  bot = await startRealBot({
    sockets,
    dir: dir.path,
    env: {
      CHANNEL_ID: channel.id,
      CHANNEL_SECRET: options.secret ?? channel.secret,
    },
    outbox: options.outbox,
  });
  sockets.latest.open("15550009999");
  return sockets;
}

describe("bot against the local stack", () => {
  it("answers \"hi\" from a patient with the clinic's main menu on the same chat", async () => {
    const sockets = await start({ outbox: false });
    const socket = sockets.latest;
    socket.upsert([textMessage({ chatJid: PATIENT_JID, text: "hi", id: `E2E${Date.now()}`, pushName: "Ana" })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), TURN_WAIT);
    const reply = socket.sent[0];
    expect(reply?.jid).toBe(PATIENT_JID);
    // The main menu is a numbered list, booking first (ARCHITECTURE.md "Conversation conventions").
    expect(reply?.text).toMatch(/^1\. .*book/im);
    expect(reply?.text).toMatch(/^2\. /m);
    expect(socket.presences[0]).toEqual({ type: "composing", jid: PATIENT_JID });
    await bot?.idle();
    expect(bot?.queue.depth).toBe(0);
    expect(bot?.queue.deadCount).toBe(0);
  });

  it("relays a reply that quotes an earlier message, and the function answers it", async () => {
    const sockets = await start({ outbox: false });
    const socket = sockets.latest;
    const earlier = proto.WebMessageInfo.fromObject({ key: { remoteJid: PATIENT_JID, fromMe: true, id: `E2EQ${Date.now()}` }, message: { conversation: "1. Book an appointment" } }) as WAMessage;
    const reply = generateWAMessageFromContent(PATIENT_JID, { extendedTextMessage: { text: "menu" } }, { quoted: earlier, userJid: "15550009999@s.whatsapp.net" });
    socket.upsert([textMessage({ chatJid: PATIENT_JID, id: `E2EQR${Date.now()}`, message: reply.message ?? undefined })]);
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1), TURN_WAIT);
    await bot?.idle();
    expect(bot?.queue.deadCount).toBe(0);
  });

  it("keeps a message queued as a configuration fault when the function refuses the secret (401), never dead-lettering it", async () => {
    const sockets = await start({ outbox: false, secret: "not-the-channel-secret-0123456789" });
    sockets.latest.upsert([textMessage({ chatJid: PATIENT_JID, text: "hi", id: `E2E401${Date.now()}` })]);
    await vi.waitFor(() => expect(bot?.status.snapshot().configFault?.message).toMatch(/^401 unauthorized/), TURN_WAIT);
    expect(bot?.queue.depth).toBe(1);
    expect(bot?.queue.deadCount).toBe(0);
    expect(sockets.latest.sent).toEqual([]);
  });

  it("reports a dead letter in a way the function understands: taken (200) or not served yet (404, kept)", async () => {
    await start({ outbox: false });
    const outcome = await bot?.client.reportDeadLetter({
      messageId: `E2EDL${Date.now()}`,
      chatJid: PATIENT_JID,
      phone: "+15557770001",
      pushName: "Ana",
      message: "hi",
      timestamp: new Date().toISOString(),
      reason: "function: gave up after 30 attempts: 503 unavailable",
    });
    if (outcome?.kind === "ok") expect(outcome.value.success).toBe(true);
    else expect(outcome).toMatchObject({ kind: "rejected", status: 404 });
  });

  it("delivers a pending outbox row and the function records it as sent", async () => {
    // A staff reply to the patient's number: the clinic may message first a patient who agreed to it.
    await db.query(
      `insert into public.patients (clinic_id, phone, messaging_consent)
       select clinic_id, $2, true from public.channels where id = $1::uuid
       on conflict (clinic_id, phone) do update set messaging_consent = true`,
      [channel.id, `+${PATIENT_JID.split("@")[0]}`],
    );
    const inserted = await db.query<{ id: string }>(
      `insert into public.outbox (clinic_id, channel_id, phone, text)
       select clinic_id, id, $2, $3 from public.channels where id = $1::uuid
       returning id`,
      [channel.id, `+${PATIENT_JID.split("@")[0]}`, "The clinic is closed on Friday."],
    );
    const id = inserted.rows[0]?.id;
    expect(id).toBeDefined();
    const sockets = await start({ outbox: true });
    await vi.waitFor(() => expect(sockets.latest.sent).toContainEqual({ jid: PATIENT_JID, text: "The clinic is closed on Friday." }), TURN_WAIT);
    await vi.waitFor(async () => {
      const row = await db.query<{ status: string }>("select status::text from public.outbox where id = $1", [id]);
      expect(row.rows[0]?.status).toBe("sent");
    }, TURN_WAIT);
    // The function took the ack with WhatsApp's id of the message (optional in the contract).
    const sent = sockets.latest.sentMessages.find((m) => m.message?.conversation === "The clinic is closed on Friday.");
    expect(sent?.key.id).toMatch(/^BOT\d+$/);
  });
});
