/**
 * Regressions of issue 8, tried through the function as patients wrote them on the local stack:
 * ordinary words reach the right flow instead of a wrong FAQ answer, "cancel" mid-booking says
 * nothing was booked, the US demo clinic shows a 12-hour clock and hints month/day, replies name
 * the practitioner, and a conversation handed back by staff starts from the main menu.
 */
import { afterAll, describe, expect, it } from "vitest";
import { choices, choiceNumber, clinicDay, database, openDayAhead, Patient, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

const conversationOf = `(select c.id from conversations c join patients p on p.id = c.patient_id where p.phone = $1)`;

/** Books a general consultation in one message; each test its own time, so tests never compete for one. */
async function bookGeneralConsultation(patient: Patient, time: string): Promise<string> {
  const summary = await patient.ask(`general consultation on ${openDayAhead().names.en} at ${time}`);
  expect(summary).toMatch(/^\*Please confirm\*/);
  expect(await patient.ask("1")).toMatch(/confirmed/);
  return summary;
}

describe("patients' own words (issue 8 regressions)", () => {
  it("'when is my appointment?' lists the appointments (not the what-to-bring FAQ), naming the practitioner", async () => {
    const patient = new Patient("Rosa Diaz");
    await bookGeneralConsultation(patient, "11am");
    expect(await patient.ask("when is my appointment?")).toMatch(
      /^\*Your upcoming appointments\*\n\n1\. General consultation with Dr\. (Sarah Mitchell|James Okafor), \w{3}, \w{3} \d{1,2}, 11:00 AM/,
    );
  });

  it("'I need to cancel my appointment' with one appointment goes straight to confirming its cancellation", async () => {
    const patient = new Patient("Rosa Diaz");
    await bookGeneralConsultation(patient, "11:30am");
    const question = await patient.ask("I need to cancel my appointment");
    expect(question).toMatch(/^Cancel your General consultation with Dr\. .+ on \*.+, 11:30 AM\*\?\n\n1\. Yes, cancel it\n2\. No, keep it$/);
    expect(await patient.ask("1")).toMatch(/\*cancelled\*/);
  });

  it("'thank you!' gets a polite close", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    expect(await patient.ask("thank you!")).toBe("You're welcome!");
  });

  it("'I want an appointment tomorrow morning' books: the service is asked, then tomorrow's morning times", async () => {
    const patient = new Patient();
    expect(await patient.ask("I want an appointment tomorrow morning")).toMatch(/^Which service would you like\?/);
    const reply = await patient.ask("General consultation");
    const tomorrow = clinicDay(1);
    if (tomorrow.weekday === 7) {
      expect(reply).toMatch(/^Sorry, we're closed on Sundays/);
      return;
    }
    expect(reply).toMatch(/^Free times on \*\w{3}, \w{3} \d{1,2}\*:/);
    const times = choices(reply).map((c) => c.label);
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(/AM$/);
  });

  it("'cancel' in the middle of booking says booking stopped and nothing was booked", async () => {
    const patient = new Patient();
    await toTimes(patient, "General consultation");
    expect(await patient.ask("cancel")).toMatch(/^Okay, I stopped booking\. Nothing was booked\.\n\n\*Main menu\*/);
  });

  it("the US clinic shows a 12-hour clock and hints dates month/day", async () => {
    const patient = new Patient();
    await patient.ask("menu");
    await patient.ask("1");
    const days = await patient.ask("Vaccination");
    expect(days).toContain('Or type a day, like "tomorrow" or "12/25".');
    const times = await patient.ask("1");
    expect(times).toContain('Or type a time, like "10:00 AM" or "2:30 PM".');
    for (const { label } of choices(times)) expect(label).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
  });

  it("names the practitioner in the summary and the confirmation", async () => {
    const patient = new Patient();
    const summary = await bookGeneralConsultation(patient, "3pm");
    expect(summary).toMatch(/\nGeneral consultation with Dr\. (Sarah Mitchell|James Okafor)\n/);
  });

  it("after staff hand a conversation back, the patient is at the main menu, not the step they left", async () => {
    const patient = new Patient();
    await toTimes(patient, "General consultation");
    const summary = await patient.ask("1");
    expect(summary).toMatch(/^\*Please confirm\*/);
    // Staff take the conversation over in Studio while the patient is confirming.
    await db.query(`update conversations set mode = 'human' where id = ${conversationOf}`, [patient.phone]);
    expect((await patient.say("hello? is this booked?")).response).toBeNull();
    const { rows: held } = await db.query(`select count(*)::int as n from slots where held_by = ${conversationOf} and status = 'held'`, [patient.phone]);
    expect(held[0].n).toBe(0);
    // Staff hand it back; the patient's next "1" is the main menu's first option, not "Confirm".
    await db.query(`update conversations set mode = 'bot' where id = ${conversationOf}`, [patient.phone]);
    expect(await patient.ask(choiceNumber(summary, "Confirm"))).toMatch(/^Which service would you like\?/);
    const { rows } = await db.query(`select count(*)::int as n from appointments a join patients p on p.id = a.patient_id where p.phone = $1`, [patient.phone]);
    expect(rows[0].n).toBe(0);
  });
});
