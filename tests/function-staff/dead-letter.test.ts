/**
 * POST /dead-letter through the local stack: a patient message the bot gave up relaying is stored in
 * the patient's chat (nothing accepted is lost), logged as a silent turn, and alerted to staff at
 * once whatever the alert hours; a repeated report changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadLetterResponseSchema } from "../../shared/contract/index.ts";
import { newMessageId } from "../../scripts/patient/client.ts";
import { postSigned } from "../function-http/support.ts";
import { addAlertPhone, alertHours, deadLetter, deliver, newPatient, say, senderOf, type StaffFixture, staffFixture } from "./support.ts";

let f: StaffFixture;
let desk: { id: string; phone: string };
beforeAll(async () => {
  f = await staffFixture();
  desk = await addAlertPhone(f, "Front desk");
});
afterAll(async () => {
  await f.close();
});

describe("dead-letter reports", () => {
  it("stores the message in the patient's chat as a silent turn and alerts staff at once, even outside the alert hours", async () => {
    await alertHours(f.admin, f.clinicId, "03:00", "03:00:00.001");
    try {
      const patient = newPatient("Olga Quinn");
      const messageId = newMessageId();
      const response = await deadLetter(f, patient, "can I come in today? it's urgent", messageId);
      expect(response.status).toBe(200);
      const body = deadLetterResponseSchema.parse(await response.json());
      expect(body.conversationId).not.toBeNull();
      const { rows } = await f.admin.query(
        `select m.body, m.processed_at is not null as processed, t.gate, t.gate_reason, t.reply
           from public.messages m join public.turns t on t.message_id = m.id
          where m.channel_id = $1 and m.wa_message_id = $2`,
        [f.channelId, messageId],
      );
      expect(rows).toEqual([{ body: "can I come in today? it's urgent", processed: true, gate: "silent", gate_reason: "dead_letter", reply: null }]);
      const alerts = (await deliver(f)).filter((m) => m.kind === "staff_alert" && m.phone === desk.phone);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]!.text).toMatch(/^\*Urgent\* · \*Olga Quinn \(\+1555\d{7}\)\* a message of theirs could not be answered\.\n\n"can I come in today\? it's urgent"/);
    } finally {
      await alertHours(f.admin, f.clinicId, "00:00", "23:59:59.999");
    }
  });

  it("a repeated report of the same message stores and alerts nothing more", async () => {
    const patient = newPatient("Pia Rowe");
    const messageId = newMessageId();
    const first = deadLetterResponseSchema.parse(await (await deadLetter(f, patient, "hello?", messageId)).json());
    const again = await deadLetter(f, patient, "hello?", messageId);
    expect(again.status).toBe(200);
    expect(deadLetterResponseSchema.parse(await again.json())).toEqual(first);
    const counts = await f.admin.query(
      `select (select count(*) from public.messages where channel_id = $1 and wa_message_id = $2)::int as messages,
              (select count(*) from public.staff_alerts a join public.patients p on p.id = a.patient_id where p.phone = $3)::int as alerts`,
      [f.channelId, messageId, patient.phone],
    );
    expect(counts.rows[0]).toEqual({ messages: 1, alerts: 1 });
    await deliver(f);
  });

  it("a message the assistant answered but the bot could not deliver still alerts staff, keeping its one turn", async () => {
    const patient = newPatient("Quin Reyes");
    const answered = await say(f, patient, "hi");
    expect(answered.response).not.toBeNull();
    const response = await deadLetter(f, patient, "hi", answered.messageId);
    expect(deadLetterResponseSchema.parse(await response.json()).conversationId).toBe(answered.conversationId);
    const { rows } = await f.admin.query(
      "select count(*)::int as turns from public.turns t join public.messages m on m.id = t.message_id where m.wa_message_id = $1",
      [answered.messageId],
    );
    expect(rows[0]).toEqual({ turns: 1 });
    expect((await deliver(f)).filter((m) => m.kind === "staff_alert" && m.phone === desk.phone)).toHaveLength(1);
    // The patient's next message is answered as usual.
    expect((await say(f, patient, "1")).response).toMatch(/Which service/);
  });

  it("a report of a message from an alert phone stores no patient and alerts nobody", async () => {
    const response = await deadLetter(f, senderOf(desk.phone), "K7Q2 hello");
    expect(deadLetterResponseSchema.parse(await response.json())).toEqual({ success: true, conversationId: null });
    expect((await f.admin.query("select 1 from public.patients where phone = $1", [desk.phone])).rows).toEqual([]);
  });

  it("a report without its reason is 400 and stores nothing", async () => {
    const patient = newPatient("Rae Stone");
    const report = { messageId: newMessageId(), chatJid: patient.chatJid, phone: patient.phone, pushName: null, message: "hi", timestamp: new Date().toISOString() };
    const response = await postSigned(`${f.env.functionUrl}/dead-letter`, JSON.stringify(report), { channelId: f.channelId, secret: f.secret });
    expect(response.status).toBe(400);
    expect((await f.admin.query("select 1 from public.patients where phone = $1", [patient.phone])).rows).toEqual([]);
  });
});
