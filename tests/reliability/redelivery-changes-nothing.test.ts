/**
 * A defect the reliability run found (hostile requests, issue 10 §3: replays must leave the database
 * unchanged), fixed in 20261203500000/20261203500200 (issue 10 §2, "no writes that change nothing"):
 * a message delivered again after it was answered is recognised as a duplicate and gets the stored
 * reply, but on its way there `begin_turn` called `resolve_patient`, which set
 * `patients.updated_at` (and rewrote phone, LID and push name to what they already were) on every
 * call, and rewrote the conversation's chat JID to itself. Each replay therefore wrote the patient
 * and conversation rows. Both now write only what changes.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { newMessageId, sendAsPatient, type FunctionTarget } from "../../scripts/patient/client.ts";

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
afterAll(() => db.end());

const target = (): FunctionTarget => ({
  functionUrl: process.env.FUNCTION_URL ?? "",
  channelId: process.env.CHANNEL_ID ?? "",
  channelSecret: process.env.CHANNEL_SECRET ?? "",
});

/** The patient's row and their conversation's, as stored. */
async function rows(phone: string): Promise<unknown> {
  const { rows: found } = await db.query(
    `select to_jsonb(p) as patient, (select to_jsonb(c) from public.conversations c where c.patient_id = p.id) as conversation
       from public.patients p where p.phone = $1`,
    [phone],
  );
  return found;
}

describe("a message delivered again after it was answered", () => {
  it("changes nothing in the database: not the patient, not the conversation", async () => {
    const phone = `+15556${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
    const message = { phone, text: "hi", pushName: "Ana", messageId: newMessageId() };
    const first = await sendAsPatient(target(), message);
    expect(first.kind).toBe("answered");
    const before = await rows(phone);
    const again = await sendAsPatient(target(), message);
    expect(again.kind === "answered" && again.body.duplicate).toBe(true);
    expect(await rows(phone)).toEqual(before);
  });
});
