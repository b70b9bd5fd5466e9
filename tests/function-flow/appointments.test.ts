/**
 * My appointments through the function: cancel after a confirmation, reschedule to a held new time
 * (never to the appointment's own time with another practitioner).
 */
import { afterAll, describe, expect, it } from "vitest";
import { choices, choiceNumber, database, Patient, toTimes } from "./support.ts";

const db = database();
/** The demo clinic and its General consultation, which both its doctors offer (supabase/seed.sql). */
const CLINIC_ID = "c11a1c00-0000-4000-8000-000000000001";
const CONSULTATION_ID = "5e000000-0000-4000-8000-000000000001";
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

  it("a move never offers the appointment's own time with another practitioner, and names both when they differ", async () => {
    // Regression: in the demo clinic (patients do not pick the practitioner) "reschedule" listed the
    // appointment's own time, free with the other doctor, and the summary read "Move your General
    // consultation with Dr. Sarah Mitchell from Wed, Dec 2, 2:00 PM to Wed, Dec 2, 2:00 PM" for an
    // appointment with Dr. James Okafor. A time a week out that both doctors have free (the other
    // tests book two to six days ahead, and the notices test ten to fourteen), booked by the desk.
    const patient = new Patient("Same Time");
    await patient.ask("hi");
    const { rows: [both] } = await db.query<{ starts_at: Date; providers: string[] }>(
      `select starts_at, array_agg(provider_id::text order by provider_id) as providers
         from public.available_slots('${CLINIC_ID}', '${CONSULTATION_ID}', now() + interval '7 days', now() + interval '9 days', now(), 1000)
        group by starts_at having count(*) >= 2 order by starts_at limit 1`,
    );
    expect(both, "a time both doctors have free a week out").toBeDefined();
    const booked = both!.providers[0]!;
    await db.query(
      `insert into public.appointments (patient_id, service_id, provider_id, starts_at)
       select id, $2, $3, $4 from public.patients where clinic_id = '${CLINIC_ID}' and phone = $1`,
      [patient.phone, CONSULTATION_ID, booked, both!.starts_at],
    );
    const toDayTimes = async (): Promise<string> => {
      await patient.ask("menu");
      await patient.ask("2");
      const days = await patient.ask(choiceNumber(await patient.ask("1"), "Reschedule"));
      // Seven days are listed; a later one is typed as the list writes it.
      return patient.ask(String(choices(days).find((c) => c.label === day)?.number ?? day));
    };
    await patient.ask("menu");
    const list = await patient.ask("2");
    const [, bookedName, day, time] = list.match(/1\. General consultation with (Dr\. [A-Za-z ]+), ([A-Z][a-z]{2}, [A-Z][a-z]{2} \d+), (\d+:\d\d [AP]M)/) ?? [];
    expect(time, list).toBeDefined();

    const times = await toDayTimes();
    expect(times).toContain(`Free times on *${day}*`);
    expect(choices(times).map((c) => c.label)).not.toContain(time);
    expect(await patient.ask(time!), "nor is it taken when typed").not.toMatch(/Please confirm/);

    const pick = choices(await toDayTimes())[0]!;
    const summary = await patient.ask(String(pick.number));
    expect(summary).toContain(`Move your General consultation with ${bookedName}\nfrom ${day}, ${time}\nto *${day}, ${pick.label}*`);
    await patient.ask(choiceNumber(summary, "Confirm"));
    const { rows: [moved] } = await db.query<{ provider: string; name: string }>(
      `select a.provider_id::text as provider, pr.name from public.appointments a join public.providers pr on pr.id = a.provider_id
        join public.patients p on p.id = a.patient_id where p.phone = $1 and a.status = 'booked'`,
      [patient.phone],
    );
    if (moved!.provider === booked) expect(summary).toContain(`${pick.label}*\n\n`);
    else expect(summary).toContain(`${pick.label}* with ${moved!.name}\n`);
  });
});
