/**
 * What happens around the flow: an expired hold at confirmation, an idle session, a state from an
 * older deploy, staff who stay idle, a flood of messages, and a sender WhatsApp knows only by LID.
 * Time is moved by shifting stored timestamps back, never by waiting.
 */
import { afterAll, describe, expect, it } from "vitest";
import { newMessageId, sendAsPatient } from "../../scripts/patient/client.ts";
import { choiceNumber, database, Patient, target, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

const conversationOf = `(select c.id from conversations c join patients p on p.id = c.patient_id where p.phone = $1)`;

/** Makes the conversation's past `minutes` older, as if the patient had been away that long. */
async function age(phone: string, minutes: number): Promise<void> {
  await db.query(
    `update messages set created_at = created_at - make_interval(mins => $2) where conversation_id = ${conversationOf}`,
    [phone, minutes],
  );
  // Staff mode's clock starts at the handoff (null outside staff mode, and left so); the session's
  // at the later of the last message and the chat's last change, which ages with them.
  await db.query(
    `update conversations set handed_off_at = handed_off_at - make_interval(mins => $2),
            updated_at = updated_at - make_interval(mins => $2) where id = ${conversationOf}`,
    [phone, minutes],
  );
}

/** The demo clinic's settings that decide when a session or a staff conversation goes idle. */
async function clinicSettings(): Promise<{ session: number; human: number; rate: number; hold: number }> {
  const { rows } = await db.query(
    `select k.session_idle_minutes as session, k.human_idle_minutes as human, k.rate_limit_per_minute as rate,
            k.hold_minutes as hold
       from clinics k join channels ch on ch.clinic_id = k.id where ch.id = $1`,
    [target().channelId],
  );
  return rows[0];
}

async function heldSlots(phone: string): Promise<number> {
  const { rows } = await db.query(`select count(*)::int as n from slots where held_by = ${conversationOf} and status = 'held'`, [phone]);
  return rows[0].n;
}

describe("around the flow", () => {
  it("an expired hold at confirmation is explained and fresh times are offered", async () => {
    const patient = new Patient("Slow Confirmer");
    await toTimes(patient, "General consultation");
    const summary = await patient.ask("1");
    await db.query(`update slots set held_until = now() - interval '1 second' where held_by = ${conversationOf}`, [patient.phone]);
    const reply = await patient.ask(choiceNumber(summary, "Confirm"));
    expect(reply).toContain(`could only hold that time for ${(await clinicSettings()).hold} minutes`);
    expect(reply).toMatch(/Free times on/);
    const { rows } = await db.query(
      `select count(*)::int as n from appointments a join patients p on p.id = a.patient_id where p.phone = $1`,
      [patient.phone],
    );
    expect(rows[0].n).toBe(0);
  });

  it("a session idle longer than the clinic's setting starts over at the menu and releases the hold", async () => {
    const patient = new Patient();
    await toTimes(patient, "General consultation");
    await patient.ask("1");
    expect(await heldSlots(patient.phone)).toBe(1);
    await age(patient.phone, (await clinicSettings()).session + 1);
    expect(await patient.ask("1")).toMatch(/Welcome back[\s\S]*1\. Book an appointment/);
    expect(await heldSlots(patient.phone)).toBe(0);
  });

  it("a conversation state from an older deploy restarts politely", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    await db.query(`update conversations set state = '{"v": 0, "screen": "booking"}' where id = ${conversationOf}`, [patient.phone]);
    expect(await patient.ask("1")).toMatch(/assistant was updated[\s\S]*1\. Book an appointment/);
    expect(await patient.ask("1")).toMatch(/Which service/);
  });

  it("a conversation left with staff returns to the bot after the clinic's idle period", async () => {
    const patient = new Patient();
    await patient.ask("staff");
    expect((await patient.say("hello?")).response).toBeNull();
    await age(patient.phone, (await clinicSettings()).human + 1);
    expect(await patient.ask("hello again")).toMatch(/Welcome back[\s\S]*1\. Book an appointment/);
    const { rows } = await db.query(`select mode::text from conversations where id = ${conversationOf}`, [patient.phone]);
    expect(rows[0].mode).toBe("bot");
  });

  it("a flood of messages in one minute is recorded; the first over the limit gets one notice, the rest no answer", async () => {
    const patient = new Patient();
    const limit = (await clinicSettings()).rate;
    const answers = [];
    // The last answered message opens the service list; the two over the limit would pick services.
    const texts = [...Array(limit - 1).fill("hi"), "1", "2", "3"];
    for (const text of texts) answers.push(await patient.say(text));
    expect(answers.slice(0, limit).every((a) => a.response !== null)).toBe(true);
    expect(answers[limit]!.response).toMatch(/faster than I can answer/);
    expect(answers[limit + 1]!.response).toBeNull();
    const { rows } = await db.query(
      `select count(*) filter (where direction = 'in')::int as inbound, c.state -> 'step' ->> 'kind' as step
         from messages m join conversations c on c.id = m.conversation_id
        where m.conversation_id = ${conversationOf} group by c.state`,
      [patient.phone],
    );
    expect(rows[0].inbound).toBe(limit + 2);
    // The notice changed nothing: the conversation is still where the last answered message left it.
    expect(rows[0].step).toBe("pick_service");
  });

  it("a sender known only by LID is served, and later seen with a number stays the same patient", async () => {
    const lid = `${Math.floor(1e13 + Math.random() * 8e13)}`;
    const to = target();
    const first = await sendAsPatient(to, { phone: null, chatJid: `${lid}@lid`, pushName: "Lid Only", text: "hi" });
    expect(first.kind === "answered" && first.body.response).toMatch(/1\. Book an appointment/);
    const phone = new Patient().phone;
    const second = await sendAsPatient(to, { phone, chatJid: `${lid}@lid`, pushName: "Lid Only", text: "1", messageId: newMessageId() });
    expect(second.kind === "answered" && second.body.response).toMatch(/Which service/);
    const { rows } = await db.query(`select count(*)::int as n, max(phone) as phone from patients where lid = $1 or phone = $2`, [lid, phone]);
    expect(rows[0]).toEqual({ n: 1, phone });
  });
});
