/**
 * Concurrent turns of one conversation: the version guard lets one commit first and the other
 * retries on the fresh state, so both messages are answered and neither overwrites the other; the
 * same message delivered twice at once is answered once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { newMessageId } from "../../scripts/patient/client.ts";
import { database, Patient } from "./support.ts";

const db = database();
afterAll(() => db.end());

async function versionOf(phone: string): Promise<number> {
  const { rows } = await db.query(
    `select c.version from conversations c join patients p on p.id = c.patient_id where p.phone = $1`,
    [phone],
  );
  return rows[0].version;
}

describe("concurrent turns of one conversation", () => {
  it("answers two messages sent at once, committing both states one after the other", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    const before = await versionOf(patient.phone);
    const [a, b] = await Promise.all([patient.say("where are you located?"), patient.say("do you take insurance?")]);
    expect(a.response).not.toBeNull();
    expect(b.response).not.toBeNull();
    expect(await versionOf(patient.phone)).toBe(before + 2);
  });

  it("answers one message delivered twice at once exactly once", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    const messageId = newMessageId();
    const [a, b] = await Promise.all([patient.say("1", messageId), patient.say("1", messageId)]);
    expect(a.response).toBe(b.response);
    expect([a.duplicate, b.duplicate].filter(Boolean)).toHaveLength(1);
    const { rows } = await db.query(
      `select count(*)::int as n from messages i join messages o on o.reply_to_id = i.id where i.wa_message_id = $1`,
      [messageId],
    );
    expect(rows[0].n).toBe(1);
  });
});
