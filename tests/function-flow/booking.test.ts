/** A full booking through the function: menu to "confirmed", and what it leaves in the database. */
import { afterAll, describe, expect, it } from "vitest";
import { choices, choiceNumber, database, Patient, toTimes } from "./support.ts";

const db = database();
afterAll(() => db.end());

describe("booking through the function", () => {
  it("books a new patient from the menu to a confirmed appointment under their WhatsApp name", async () => {
    const patient = new Patient("Maria Lopez");
    const { day, reply: times } = await toTimes(patient, "General consultation");
    const time = choices(times)[0]!.label;
    // A US clinic: 12-hour clock (issue 8 §5).
    expect(time).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);
    const summary = await patient.ask("1");
    expect(summary).toContain(`${day}, ${time}`);
    expect(summary).toMatch(/General consultation with (Dr\. Sarah Mitchell|Dr\. James Okafor)\n/);
    expect(summary).toContain("Name: Maria Lopez");
    const done = await patient.ask(choiceNumber(summary, "Confirm"));
    expect(done).toMatch(/confirmed/);
    expect(done).toContain(`${day}, ${time}`);
    expect(done).toMatch(/with Dr\. (Sarah Mitchell|James Okafor) on/);

    const { rows } = await db.query(
      `select p.name, p.push_name, a.status, s.name as service
         from patients p join appointments a on a.patient_id = p.id join services s on s.id = a.service_id
        where p.phone = $1`,
      [patient.phone],
    );
    expect(rows).toEqual([{ name: "Maria Lopez", push_name: "Maria Lopez", status: "booked", service: "General consultation" }]);
  });

  it("answers every message of a conversation once, with the reply stored against it", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    await patient.ask("1");
    const { rows } = await db.query(
      `select count(*)::int as inbound,
              count(*) filter (where m.processed_at is not null)::int as processed,
              (select count(*)::int from messages o where o.reply_to_id = any (array_agg(m.id))) as replies
         from messages m join conversations c on c.id = m.conversation_id join patients p on p.id = c.patient_id
        where p.phone = $1 and m.direction = 'in'`,
      [patient.phone],
    );
    expect(rows[0]).toEqual({ inbound: 2, processed: 2, replies: 2 });
  });
});
