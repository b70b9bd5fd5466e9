/**
 * Twenty patients race for one time: the database lets exactly one hold and book it; the other
 * nineteen are told clearly that it was taken and get fresh choices.
 */
import { afterAll, describe, expect, it } from "vitest";
import { choices, choiceNumber, database, Patient, toTimes } from "./support.ts";

const RACERS = 20;
const db = database();
afterAll(() => db.end());

describe("twenty patients racing for one time", () => {
  it("books it once and tells the other nineteen it was taken, with fresh times", async () => {
    const patients = Array.from({ length: RACERS }, (_, i) => new Patient(`Racer ${i + 1}`));
    // Vaccination has one practitioner, so one time is exactly one slot.
    const lists = await Promise.all(patients.map((p) => toTimes(p, "Vaccination")));
    const day = lists[0]!.day;
    expect(lists.every((l) => l.day === day)).toBe(true);
    const time = choices(lists[0]!.reply).at(-1)!.label;

    const replies = await Promise.all(patients.map((p) => p.ask(time)));
    const winners = replies.filter((r) => r.includes("I'm holding this time for you"));
    const losers = replies.filter((r) => r.includes("someone else just took that time"));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const reply of losers) {
      expect(choices(reply).length).toBeGreaterThan(0);
      expect(choices(reply).map((c) => c.label)).not.toContain(time);
    }

    const winner = patients[replies.indexOf(winners[0]!)]!;
    // "Racer 1" has a digit, so it is no name: the winner is asked for one first.
    expect(winners[0]).toContain("What name should the booking be under?");
    const summary = await winner.ask("Rachel Winner");
    expect(await winner.ask(choiceNumber(summary, "Confirm"))).toMatch(/confirmed/);
    const { rows } = await db.query(
      `select count(*)::int as n from appointments a join patients p on p.id = a.patient_id
        where p.phone = any ($1) and a.status = 'booked'`,
      [patients.map((p) => p.phone)],
    );
    expect(rows[0].n).toBe(1);
  });
});
