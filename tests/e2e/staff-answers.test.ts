/**
 * End to end (issue 7 §4): a fake Baileys socket emitting real `proto` messages, the production bot
 * (relay and outbox), and the whatsapp-webhook function on the local stack. A patient asks for staff;
 * the alert reaches the alert phones; one staff member answers by swiping to reply (WhatsApp's quote
 * of the alert); the patient receives the answer; a colleague's answer is refused politely; "bot"
 * hands the patient back to the assistant, with the main menu. Needs FUNCTION_URL, CHANNEL_ID,
 * CHANNEL_SECRET and DATABASE_URL (npm test provides them).
 */
import { randomBytes } from "node:crypto";
import { generateWAMessageFromContent, proto, type WAMessage } from "@whiskeysockets/baileys";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Bot } from "../../bot/src/app.ts";
import { type FakeSocket, FakeSocketFactory, textMessage } from "../../bot/test/fake-socket.ts";
import { tempDir } from "../../bot/test/helpers.ts";
import { randomPhone } from "../../scripts/patient/client.ts";
import { startRealBot } from "./support.ts";

/** The outbox poller backs off to 30 s while idle; a cold function host takes a few seconds. */
const WAIT = { timeout: 60_000, interval: 100 };
/** Bytes of the test channel's secret (the table requires 32+ characters; hex doubles them). */
const SECRET_BYTES = 24;
const BOT_NUMBER = "15550009998";

const jidOf = (phone: string) => `${phone.slice(1)}@s.whatsapp.net`;

let dir: Awaited<ReturnType<typeof tempDir>>;
let bot: Bot | undefined;
let db: pg.Client;
let socket: FakeSocket;
let clinic: { id: string; alertHoursStart: string; alertHoursEnd: string };
const patient = { phone: randomPhone(), name: "Ana Lopez" };
const maria = { phone: randomPhone(), name: "Maria" };
const rui = { phone: randomPhone(), name: "Rui" };

beforeAll(async () => {
  dir = await tempDir("e2e-staff");
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const secret = randomBytes(SECRET_BYTES).toString("hex");
  const created = await db.query<{ id: string; clinic_id: string; start: string; end: string }>(
    `insert into public.channels (clinic_id, secret) select clinic_id, $2 from public.channels where id = $1::uuid
     returning id::text, clinic_id::text,
               (select alert_hours_start::text from public.clinics c where c.id = clinic_id) as start,
               (select alert_hours_end::text from public.clinics c where c.id = clinic_id) as end`,
    [process.env.CHANNEL_ID, secret],
  );
  const channel = created.rows[0]!;
  clinic = { id: channel.clinic_id, alertHoursStart: channel.start, alertHoursEnd: channel.end };
  // Alerts all day while this file runs, whatever the hour of the test run.
  await db.query("update public.clinics set alert_hours_start = '00:00', alert_hours_end = '23:59:59.999' where id = $1", [clinic.id]);
  await db.query(
    "insert into public.staff (clinic_id, display_name, alert_phone) values ($1, $2, $3), ($1, $4, $5)",
    [clinic.id, maria.name, maria.phone, rui.name, rui.phone],
  );

  const sockets = new FakeSocketFactory();
  bot = await startRealBot({
    sockets,
    dir: dir.path,
    env: {
      CHANNEL_ID: channel.id,
      CHANNEL_SECRET: secret,
      // Alerts and forwards are proactive, so the bot paces them (15 s apart by default); pacing has
      // its own tests (bot/test/pacing*), and here it would only make the conversation slow.
      PACE_GAP_S: "0",
      PACE_CHAT_GAP_S: "0",
    },
    outbox: true,
  });
  sockets.latest.open(BOT_NUMBER);
  socket = sockets.latest;
});

afterAll(async () => {
  await bot?.stop();
  await db.query("delete from public.staff where clinic_id = $1 and alert_phone = any($2)", [clinic.id, [maria.phone, rui.phone]]);
  await db.query("update public.clinics set alert_hours_start = $2, alert_hours_end = $3 where id = $1", [clinic.id, clinic.alertHoursStart, clinic.alertHoursEnd]);
  await db.end();
  await dir.remove();
});

/**
 * The whole exchange: eight messages, the proactive ones each preceded by the bot's "typing…" of
 * one to four seconds (pacing's typing is kept; only its gaps are off), plus outbox polling.
 */
const E2E_TIMEOUT_MS = 120_000;

/** What the bot sent to `phone`'s chat so far, as Baileys returned it. */
function sentTo(phone: string): WAMessage[] {
  return socket.sentMessages.filter((m) => m.key.remoteJid === jidOf(phone));
}

function textOf(message: WAMessage): string {
  return message.message?.conversation ?? "";
}

/** A person writes to the clinic's number. */
function write(from: { phone: string; name: string }, text: string): void {
  socket.upsert([textMessage({ chatJid: jidOf(from.phone), text, pushName: from.name })]);
}

/** A person swipes a message they received and replies to it: the phone's own quoting, as Baileys builds it. */
function reply(from: { phone: string; name: string }, to: WAMessage, text: string): void {
  const quoting = generateWAMessageFromContent(jidOf(from.phone), { extendedTextMessage: { text } }, {
    quoted: to,
    userJid: `${BOT_NUMBER}@s.whatsapp.net`,
  });
  socket.upsert([textMessage({ chatJid: jidOf(from.phone), pushName: from.name, message: quoting.message as proto.IMessage })]);
}

async function nextTo(phone: string, count: number, pattern: RegExp): Promise<WAMessage> {
  await vi.waitFor(() => expect(sentTo(phone).length).toBeGreaterThanOrEqual(count), WAIT);
  const message = sentTo(phone)[count - 1]!;
  expect(textOf(message)).toMatch(pattern);
  return message;
}

describe("staff answering a patient from their phone, end to end", () => {
  it("patient asks for staff → alert → staff answer quoting it → patient receives it → a colleague is refused → hand back → menu", async () => {
    write(patient, "hi");
    await nextTo(patient.phone, 1, /^1\. .*Book/m);
    write(patient, "I want to talk to a person");
    await nextTo(patient.phone, 2, /passed this conversation to our staff/);

    // The alert reaches both alert phones.
    const toMaria = await nextTo(maria.phone, 1, new RegExp(`^\\*Ana Lopez \\(\\${patient.phone}\\)\\* asked to talk to a person\\.`));
    const toRui = await nextTo(rui.phone, 1, /asked to talk to a person/);
    expect(textOf(toMaria)).toContain('"I want to talk to a person"');

    // Maria swipes the alert and answers; the patient receives her words; she is told she has the chat.
    reply(maria, toMaria, "Hi Ana, this is Maria from the front desk. How can I help?");
    await nextTo(maria.phone, 2, /^Sent to Ana Lopez .* You have this chat now/);
    await nextTo(patient.phone, 3, /^Hi Ana, this is Maria from the front desk\. How can I help\?$/);

    // Rui answers the same alert: refused politely, and nothing reaches the patient.
    reply(rui, toRui, "Hello Ana!");
    await nextTo(rui.phone, 2, /^Maria is already answering Ana Lopez .* so your message was not sent\. Thank you!$/);

    // The patient answers Maria; it reaches Maria's phone, not the assistant.
    write(patient, "I was charged twice for my cleaning");
    await nextTo(maria.phone, 3, /^\*Ana Lopez .*\* \(#[A-Z0-9]{4}\):\nI was charged twice for my cleaning$/);

    // Maria hands back: the patient is told, with the main menu, and the assistant answers again.
    write(maria, "bot");
    await nextTo(maria.phone, 4, /^Ana Lopez .* is back with the assistant and has been told\.$/);
    await nextTo(patient.phone, 4, /the assistant is back[\s\S]*1\. Book an appointment/);
    write(patient, "1");
    await nextTo(patient.phone, 5, /Which service/);

    expect(sentTo(patient.phone).map(textOf).join("\n")).not.toContain("Hello Ana!");
    const staffPatients = await db.query("select 1 from public.patients where phone = any($1)", [[maria.phone, rui.phone]]);
    expect(staffPatients.rows).toEqual([]);
    await bot?.idle();
    expect(bot?.queue.deadCount).toBe(0);
  }, E2E_TIMEOUT_MS);
});
