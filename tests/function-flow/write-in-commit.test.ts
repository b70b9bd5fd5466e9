/**
 * The turn's write done by complete_turn with the commit (issue 10 §2), through the whole stack:
 * a time someone else took after it was listed is refused inside complete_turn, and the patient
 * gets the same answer as when the claim was its own round trip; a booking's log names the real
 * appointment, which only the database knew when the turn was settled.
 */
import { afterAll, describe, expect, it } from "vitest";
import { newMessageId } from "../../scripts/patient/client.ts";
import { choiceNumber, choices, database, Patient, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

interface Effect {
  type: string;
  result: Record<string, unknown> | null;
  ms: number;
}

/** The effects logged for the patient's last answered message. */
async function lastEffects(patient: Patient): Promise<Effect[]> {
  const { rows } = await db.query<{ effects: Effect[] }>(
    `select t.effects from public.turns t
       join public.conversations c on c.id = t.conversation_id
       join public.patients p on p.id = c.patient_id
      where p.phone = $1 order by t.created_at desc, t.version_after desc limit 1`,
    [patient.phone],
  );
  return rows[0]?.effects ?? [];
}

/** Slots held by the patient's conversation. */
async function heldBy(patient: Patient): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from public.slots s
       join public.conversations c on c.id = s.held_by
       join public.patients p on p.id = c.patient_id
      where p.phone = $1 and s.status = 'held'`,
    [patient.phone],
  );
  return rows[0]!.n;
}

describe("the turn's write committed with the turn", () => {
  it("a time taken after it was listed: 'someone else just took that time', fresh times, nothing held", async () => {
    const first = new Patient("Fay First");
    const second = new Patient("Sid Second");
    // Vaccination has one practitioner, so one time is exactly one slot.
    const listed = await toTimes(first, "Vaccination");
    await toTimes(second, "Vaccination");
    const time = choices(listed.reply).at(-1)!;

    expect(await second.ask(String(time.number))).toContain("I'm holding this time for you");
    const reply = await first.ask(String(time.number));
    expect(reply).toContain("someone else just took that time");
    expect(choices(reply).length).toBeGreaterThan(0);
    expect(choices(reply).map((c) => c.label)).not.toContain(time.label);

    const claim = (await lastEffects(first)).find((e) => e.type === "claim_slot");
    expect(claim?.result).toEqual({ outcome: "taken", code: "BK001" });
    expect(claim?.ms).toEqual(expect.any(Number));
    expect(await heldBy(first)).toBe(0);
    expect(await heldBy(second)).toBe(1);
  });

  it("a booking's turn log records the write's time in the database and the new appointment's id", async () => {
    const patient = new Patient("Bea Booked");
    await toTimes(patient, "General consultation");
    const summary = await patient.ask("1");
    const hold = (await lastEffects(patient)).find((e) => e.type === "claim_slot");
    expect(hold?.result).toMatchObject({ outcome: "held" });
    expect(hold?.ms).toEqual(expect.any(Number));

    expect(await patient.ask(choiceNumber(summary, "Confirm"))).toMatch(/confirmed/);
    const confirm = (await lastEffects(patient)).find((e) => e.type === "confirm_hold");
    const { rows } = await db.query<{ id: string }>(
      `select a.id from public.appointments a join public.patients p on p.id = a.patient_id
        where p.phone = $1 and a.status = 'booked'`,
      [patient.phone],
    );
    expect(rows).toHaveLength(1);
    expect(confirm?.result).toMatchObject({ outcome: "confirmed", appointmentId: rows[0]!.id });
    expect(await heldBy(patient)).toBe(0);
  });

  it("a confirmation delivered three times at once books once and answers all three the same", async () => {
    const patient = new Patient("Dee Dupe");
    await toTimes(patient, "General consultation");
    const summary = await patient.ask("1");
    const messageId = newMessageId();
    const answers = await Promise.all([1, 2, 3].map(() => patient.say(choiceNumber(summary, "Confirm"), messageId)));
    expect(new Set(answers.map((a) => a.response)).size).toBe(1);
    expect(answers[0]!.response).toMatch(/confirmed/);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    const { rows } = await db.query<{ n: number; turns: number }>(
      `select (select count(*)::int from public.appointments a where a.patient_id = p.id and a.status = 'booked') as n,
              (select count(*)::int from public.turns t join public.messages m on m.id = t.message_id
                where m.wa_message_id = $2) as turns
         from public.patients p where p.phone = $1`,
      [patient.phone, messageId],
    );
    expect(rows[0]).toEqual({ n: 1, turns: 1 });
  });
});
