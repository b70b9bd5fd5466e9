/**
 * Staff mode through the stack: the patient's way back (`menu`), and the idle period that returns a
 * conversation to the bot counted from staff's last activity (the handoff or a staff reply), never
 * from the patient's own messages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, Patient } from "./support.ts";

const db = database();
afterAll(() => db.end());

beforeAll(async () => {
  const { rows } = await db.query<{ minutes: number }>(
    `select k.human_idle_minutes as minutes from clinics k join channels ch on ch.clinic_id = k.id where ch.id = $1`,
    [process.env.CHANNEL_ID],
  );
  const minutes = rows[0]?.minutes ?? 0;
  expect(minutes, "the demo clinic's human_idle_minutes lies between the test's two ages").toBeGreaterThan(SHORTER_THAN_STAFF_IDLE_MIN);
  expect(minutes).toBeLessThan(LONGER_THAN_STAFF_IDLE_MIN);
});

/** The demo clinic's human_idle_minutes is 720; these sit either side of it. */
const LONGER_THAN_STAFF_IDLE_MIN = 800;
const SHORTER_THAN_STAFF_IDLE_MIN = 300;

async function conversationOf(patient: Patient): Promise<{ id: string; mode: string; handedOffAt: Date | null }> {
  const { rows } = await db.query<{ id: string; mode: string; handed_off_at: Date | null }>(
    `select c.id, c.mode::text as mode, c.handed_off_at from conversations c
       join patients p on p.id = c.patient_id where p.phone = $1`,
    [patient.phone],
  );
  const row = rows[0];
  if (!row) throw new Error(`no conversation for ${patient.phone}`);
  return { id: row.id, mode: row.mode, handedOffAt: row.handed_off_at };
}

/** Moves the handoff and every message of the conversation `minutes` into the past. */
async function handedOffMinutesAgo(conversationId: string, minutes: number): Promise<void> {
  await db.query(
    `update conversations set handed_off_at = now() - make_interval(mins => $2) where id = $1`,
    [conversationId, minutes],
  );
  await db.query(
    `update messages set created_at = now() - make_interval(mins => $2) where conversation_id = $1`,
    [conversationId, minutes],
  );
}

async function handOver(patient: Patient): Promise<string> {
  await patient.ask("hi");
  const reply = await patient.ask("Talk to staff");
  expect(reply).toMatch(/passed this conversation to our staff/);
  expect(reply).toContain("Reply *menu* to go back to the assistant.");
  const conversation = await conversationOf(patient);
  expect(conversation.mode).toBe("human");
  expect(conversation.handedOffAt).not.toBeNull();
  return conversation.id;
}

describe("staff mode", () => {
  it("leaves greetings to staff, but the word menu hands the conversation back to the bot with the main menu", async () => {
    const patient = new Patient();
    await handOver(patient);
    for (const text of ["hi", "hello", "start"]) expect((await patient.say(text)).response, text).toBeNull();
    expect(await patient.ask("Menu")).toMatch(/1\. Book an appointment/);
    expect((await conversationOf(patient)).mode).toBe("bot");
    expect(await patient.ask("1")).toMatch(/Which service/);
  });

  it("returns to the bot once staff have been idle for the clinic's period, although the patient kept writing", async () => {
    const patient = new Patient();
    const conversationId = await handOver(patient);
    expect((await patient.say("anyone there?")).response).toBeNull();
    // Staff took over long ago; the patient kept writing all along, last only minutes ago.
    await handedOffMinutesAgo(conversationId, LONGER_THAN_STAFF_IDLE_MIN);
    await db.query(
      `update messages set created_at = now() - interval '5 minutes' where conversation_id = $1 and body = 'anyone there?'`,
      [conversationId],
    );
    expect(await patient.ask("hello??")).toMatch(/Welcome back/);
    expect((await conversationOf(patient)).mode).toBe("bot");
  });

  it("stays with staff while their last reply is recent, even long after the handoff", async () => {
    const patient = new Patient();
    const conversationId = await handOver(patient);
    await handedOffMinutesAgo(conversationId, LONGER_THAN_STAFF_IDLE_MIN);
    const reply = await db.query<{ id: string }>(
      `insert into outbox (conversation_id, text, kind, created_at)
       values ($1, 'We are looking into it.', 'staff_reply', now() - make_interval(mins => $2)) returning id`,
      [conversationId, SHORTER_THAN_STAFF_IDLE_MIN],
    );
    expect((await patient.say("thanks, waiting")).response).toBeNull();

    // The same reply long ago no longer counts: the idle period has passed.
    await db.query(
      `update outbox set created_at = now() - make_interval(mins => $2), send_after = now() - make_interval(mins => $2)
        where id = $1`,
      [reply.rows[0]!.id, LONGER_THAN_STAFF_IDLE_MIN],
    );
    expect(await patient.ask("still there?")).toMatch(/Welcome back/);
    await db.query("delete from outbox where id = $1", [reply.rows[0]!.id]);
  });

  it("records the moment staff take a conversation over themselves, and clears it when they give it back", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    const { id } = await conversationOf(patient);
    await db.query(`update conversations set mode = 'human' where id = $1`, [id]);
    expect((await conversationOf(patient)).handedOffAt).not.toBeNull();
    expect((await patient.say("hello")).response).toBeNull();
    await db.query(`update conversations set mode = 'bot' where id = $1`, [id]);
    expect((await conversationOf(patient)).handedOffAt).toBeNull();
  });
});
