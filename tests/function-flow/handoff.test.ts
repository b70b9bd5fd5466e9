/** Talking to staff: the bot stays silent while staff have the conversation, and answers again after. */
import { afterAll, describe, expect, it } from "vitest";
import { database, Patient } from "./support.ts";

const db = database();
afterAll(() => db.end());

describe("staff handoff", () => {
  it("stays silent while staff have the conversation, still records messages, and answers again once staff hand it back", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    expect(await patient.ask("4")).toMatch(/passed this conversation to our staff/);
    const silent = await patient.say("hello? anyone there?");
    expect(silent.response).toBeNull();
    expect(silent.duplicate).toBe(false);
    const { rows } = await db.query(
      `select count(*)::int as n from messages m join conversations c on c.id = m.conversation_id
         join patients p on p.id = c.patient_id where p.phone = $1 and m.body = 'hello? anyone there?'`,
      [patient.phone],
    );
    expect(rows[0].n).toBe(1);

    // Staff hand the conversation back to the bot (as Studio or the staff app would).
    await db.query(
      `update conversations set mode = 'bot' where patient_id = (select id from patients where phone = $1)`,
      [patient.phone],
    );
    expect(await patient.ask("menu")).toMatch(/1\. Book an appointment/);
  });

  it("a patient who types 'staff' mid-booking is handed over and the flow is abandoned", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    await patient.ask("1");
    expect(await patient.ask("agent")).toMatch(/staff/);
    expect((await patient.say("1")).response).toBeNull();
  });

  it("five invalid answers in a row pause the bot for the patient (silent during the cool-off)", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    await patient.ask("1");
    for (let i = 1; i <= 4; i += 1) expect(await patient.ask("zzz")).toMatch(/didn't get that/);
    expect(await patient.ask("zzz")).toMatch(/step back for \d+ minutes/);
    expect((await patient.say("1")).response).toBeNull();
  });
});
