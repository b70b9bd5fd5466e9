/** My appointments through the function: cancel after a confirmation, reschedule to a held new time. */
import { afterAll, describe, expect, it } from "vitest";
import { choices, choiceNumber, database, Patient, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

async function book(patient: Patient, pick: "first" | "last"): Promise<string> {
  const { day, reply } = await toTimes(patient, "Annual physical");
  const options = choices(reply);
  const option = pick === "first" ? options[0]! : options.at(-1)!;
  const summary = await patient.ask(String(option.number));
  expect(await patient.ask(choiceNumber(summary, "Confirm"))).toMatch(/confirmed/);
  return `${day}, ${option.label}`;
}

async function bookings(phone: string): Promise<Array<{ status: string; rescheduled: boolean }>> {
  const { rows } = await db.query(
    `select a.status, a.rescheduled_from_id is not null as rescheduled
       from appointments a join patients p on p.id = a.patient_id where p.phone = $1 order by a.created_at`,
    [phone],
  );
  return rows;
}

describe("my appointments", () => {
  it("lists an upcoming appointment and cancels it after a confirmation", async () => {
    const patient = new Patient("Cancel Me");
    const when = await book(patient, "first");
    await patient.ask("menu");
    const list = await patient.ask("2");
    expect(list).toMatch(new RegExp(`1\\. Annual physical with Dr\\. (Sarah Mitchell|James Okafor), ${when}`));
    const actions = await patient.ask("1");
    const question = await patient.ask(choiceNumber(actions, "Cancel this appointment"));
    expect(question).toContain(when);
    const done = await patient.ask(choiceNumber(question, "Yes, cancel it"));
    expect(done).toMatch(/\*cancelled\*/);
    expect(await bookings(patient.phone)).toEqual([{ status: "cancelled", rescheduled: false }]);
    expect(await patient.ask("2")).toMatch(/no upcoming appointments/);
  });

  it("reschedules: the new time is held and confirmed, then the old one is cancelled", async () => {
    const patient = new Patient("Move Me");
    const before = await book(patient, "first");
    await patient.ask("menu");
    await patient.ask("2");
    const actions = await patient.ask("1");
    await patient.ask(choiceNumber(actions, "Reschedule"));
    const times = await patient.ask("1");
    const newTime = choices(times).at(-1)!;
    const summary = await patient.ask(String(newTime.number));
    expect(summary).toContain(`from ${before}`);
    expect(summary).toContain(newTime.label);
    const done = await patient.ask(choiceNumber(summary, "Confirm"));
    expect(done).toMatch(/now \*confirmed\*/);
    expect(await bookings(patient.phone)).toEqual([
      { status: "cancelled", rescheduled: false },
      { status: "booked", rescheduled: true },
    ]);
  });
});
