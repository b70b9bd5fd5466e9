/**
 * A new patient's first messages arriving at once: each begin_turn may try to create the patient
 * and the conversation. The patients' unique phone and LID keys decide (insert … on conflict, then
 * look again), so there is always one patient and one conversation, and every message is answered.
 */
import { afterAll, describe, expect, it } from "vitest";
import { newMessageId } from "../../scripts/patient/client.ts";
import { database, Patient } from "./support.ts";

const db = database();
afterAll(() => db.end());

/** A made-up LID: WhatsApp's private ids are long digit strings. */
function randomLid(): string {
  return String(Math.floor(Math.random() * 1e14)).padStart(14, "1");
}

async function recordsOf(phone: string): Promise<{ patients: number; conversations: number; version: number | null; lid: string | null }> {
  const { rows } = await db.query(
    `select count(distinct p.id)::int as patients, count(c.id)::int as conversations,
            max(c.version) as version, max(p.lid) as lid
       from patients p left join conversations c on c.patient_id = p.id
      where p.phone = $1`,
    [phone],
  );
  return rows[0];
}

describe("a new patient's first messages at once", () => {
  it("creates one patient and one conversation for two first messages, and answers both", async () => {
    const patient = new Patient();
    const [a, b] = await Promise.all([patient.say("hi"), patient.say("hello")]);
    expect(a.response).not.toBeNull();
    expect(b.response).not.toBeNull();
    expect(a.conversationId).toBe(b.conversationId);
    expect(await recordsOf(patient.phone)).toMatchObject({ patients: 1, conversations: 1, version: 2 });
  });

  it("answers a first message delivered twice at once exactly once", async () => {
    const patient = new Patient();
    const messageId = newMessageId();
    const [a, b] = await Promise.all([patient.say("hi", messageId), patient.say("hi", messageId)]);
    expect(a.response).not.toBeNull();
    expect(a.response).toBe(b.response);
    expect([a.duplicate, b.duplicate].filter(Boolean)).toHaveLength(1);
    expect(await recordsOf(patient.phone)).toMatchObject({ patients: 1, conversations: 1, version: 1 });
  });

  it("keeps one patient when the first messages come by number and by LID with the number at once", async () => {
    const patient = new Patient();
    const lid = randomLid();
    const [byPhone, byLid] = await Promise.all([
      patient.say("hi"),
      patient.sayFrom({ chatJid: `${lid}@lid`, phone: patient.phone }, "hello"),
    ]);
    expect(byPhone.response).not.toBeNull();
    expect(byLid.response).not.toBeNull();
    expect(byPhone.conversationId).toBe(byLid.conversationId);
    expect(await recordsOf(patient.phone)).toMatchObject({ patients: 1, conversations: 1, lid });
  });

  it("answers a LID chat's message while another message merges that LID into the patient known by number", async () => {
    const patient = new Patient();
    const lid = randomLid();
    const lidChat = `${lid}@lid`;
    await patient.ask("hi");
    const lidOnly = await patient.sayFrom({ chatJid: lidChat, phone: null }, "hi");
    expect(lidOnly.response).not.toBeNull();
    const [merging, meanwhile] = await Promise.all([
      patient.sayFrom({ chatJid: lidChat, phone: patient.phone }, "hello"),
      patient.sayFrom({ chatJid: lidChat, phone: null }, "where are you located?"),
    ]);
    expect(merging.response).not.toBeNull();
    expect(meanwhile.response).not.toBeNull();
    expect(await recordsOf(patient.phone)).toMatchObject({ patients: 1, conversations: 1, lid });
    const { rows: [lidRows] } = await db.query("select count(*)::int as n from patients where lid = $1", [lid]);
    expect(lidRows.n).toBe(1);
  });
});
