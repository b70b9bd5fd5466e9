/**
 * Exactly once: a redelivered message gets the reply already computed and changes nothing; a message
 * whose turn crashed after its effect ran completes on redelivery with one reply and one effect.
 */
import { afterAll, describe, expect, it } from "vitest";
import { newMessageId, jidOf } from "../../scripts/patient/client.ts";
import { choiceNumber, database, Patient, target, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

async function conversationOf(phone: string): Promise<{ id: string; version: number; patient_id: string }> {
  const { rows } = await db.query(
    `select c.id, c.version, c.patient_id from conversations c join patients p on p.id = c.patient_id where p.phone = $1`,
    [phone],
  );
  return rows[0];
}

describe("redelivery", () => {
  it("answers a duplicate delivery with the same reply, marked duplicate, changing nothing", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    const messageId = newMessageId();
    const first = await patient.say("1", messageId);
    expect(first.duplicate).toBe(false);
    const before = await conversationOf(patient.phone);
    const { rows: [counts] } = await db.query(`select count(*)::int as n from messages where conversation_id = $1`, [before.id]);

    const again = await patient.say("1", messageId);
    expect(again).toEqual({ ...first, duplicate: true });
    const after = await conversationOf(patient.phone);
    expect(after.version).toBe(before.version);
    const { rows: [countsAfter] } = await db.query(`select count(*)::int as n from messages where conversation_id = $1`, [before.id]);
    expect(countsAfter.n).toBe(counts.n);
  });

  it("completes a turn that crashed after confirming: one booking, one reply, then the stored reply", async () => {
    const patient = new Patient("Crash Test");
    await toTimes(patient, "General consultation");
    const summary = await patient.ask("1");
    const confirm = choiceNumber(summary, "Confirm");
    const { id: conversationId, patient_id: patientId } = await conversationOf(patient.phone);

    // The crashed turn: the message was recorded and the hold confirmed, but complete_turn never ran.
    const messageId = newMessageId();
    const { channelId } = target();
    await db.query(
      `select begin_turn($1, $2, $3, $4, $5, $6, now(), now())`,
      [channelId, messageId, jidOf(patient.phone), patient.phone, patient.pushName, confirm],
    );
    await db.query(
      // The conversation's own clinic's service: a stack that has run benchmarks holds other
      // clinics with a service of the same name.
      `select confirm_hold($1, $2, (select s.id from services s join conversations c on c.clinic_id = s.clinic_id
                                      where c.id = $1 and s.name = 'General consultation'), now())`,
      [conversationId, patientId],
    );

    const redelivered = await patient.say(confirm, messageId);
    expect(redelivered.duplicate).toBe(true);
    expect(redelivered.response).toMatch(/confirmed/);
    const { rows: bookings } = await db.query(`select id from appointments where patient_id = $1`, [patientId]);
    expect(bookings).toHaveLength(1);
    const { rows: replies } = await db.query(
      `select o.body from messages i join messages o on o.reply_to_id = i.id where i.wa_message_id = $1`,
      [messageId],
    );
    expect(replies).toEqual([{ body: redelivered.response }]);

    const third = await patient.say(confirm, messageId);
    expect(third).toEqual(redelivered);
  });
});
