/**
 * Staff edits reach the very next turn although the function keeps the clinic's catalog between
 * turns (turn/catalog.ts, issue 10 §2): each edit below is made straight in the database, as Studio
 * makes it, between two messages of one patient, after the function has already kept the catalog.
 * Runs in a clinic of its own (deleted afterwards), so its edits touch no other test.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSecret, stackEnv } from "../function-http/support.ts";
import { choices, choiceNumber, database, Patient } from "./support.ts";

const db = database();
const clinicId = randomUUID();
const channelId = randomUUID();
const secret = newSecret();
const ana = randomUUID();
const rui = randomUUID();
const checkup = randomUUID();
const cleaning = randomUUID();

function patient(): Patient {
  return new Patient("Catalog Patient", { functionUrl: stackEnv().functionUrl, channelId, channelSecret: secret });
}

beforeAll(async () => {
  // Open every day 09:00–17:00 so that free days never run out; both practitioners offer both services.
  await db.query(
    "insert into public.clinics (id, name, timezone, locale, ask_provider) values ($1, 'Quay Clinic', 'Europe/Lisbon', 'en-GB', true)",
    [clinicId],
  );
  await db.query("insert into public.channels (id, clinic_id, phone, secret) values ($1, $2, '+351210066000', $3)", [channelId, clinicId, secret]);
  await db.query("insert into public.providers (id, clinic_id, name) values ($1, $3, 'Dr. Ana Reis'), ($2, $3, 'Dr. Rui Sousa')", [ana, rui, clinicId]);
  await db.query(
    "insert into public.services (id, clinic_id, name, duration_minutes) values ($1, $3, 'Checkup', 30), ($2, $3, 'Cleaning', 30)",
    [checkup, cleaning, clinicId],
  );
  await db.query(
    `insert into public.provider_services (clinic_id, provider_id, service_id)
     select $1, p, s from unnest($2::uuid[]) p, unnest($3::uuid[]) s`,
    [clinicId, [ana, rui], [checkup, cleaning]],
  );
  await db.query(
    `insert into public.working_hours (clinic_id, provider_id, weekday, start_time, end_time)
     select $1, p, d, '09:00', '17:00' from unnest($2::uuid[]) p, generate_series(1, 7) d`,
    [clinicId, [ana, rui]],
  );
  await db.query("select public.generate_slots($1, 14)", [clinicId]);
});

afterAll(async () => {
  await db.query("delete from public.clinics where id = $1", [clinicId]);
  await db.end();
});

describe("staff edits with the catalog kept by the function", () => {
  it("a renamed clinic greets by its new name on the next message", async () => {
    const p = patient();
    expect(await p.ask("menu")).toContain("Quay Clinic");
    expect(await p.ask("menu")).toContain("Quay Clinic");
    await db.query("update public.clinics set name = 'Quay Dental' where id = $1", [clinicId]);
    expect(await p.ask("menu")).toContain("Quay Dental");
  });

  it("a service deactivated in Studio is no longer offered on the next message", async () => {
    const p = patient();
    await p.ask("menu");
    expect(choices(await p.ask("1")).map((c) => c.label)).toEqual(["Checkup (30 min)", "Cleaning (30 min)"]);
    await p.ask("menu");
    await db.query("update public.services set active = false where id = $1", [cleaning]);
    expect(choices(await p.ask("1")).map((c) => c.label)).toEqual(["Checkup (30 min)"]);
    await db.query("update public.services set active = true where id = $1", [cleaning]);
  });

  it("a practitioner renamed in Studio is offered by the new name on the next message", async () => {
    const p = patient();
    await p.ask("menu");
    const services = await p.ask("1");
    expect(await p.ask(choiceNumber(services, "Checkup"))).toContain("Dr. Ana Reis");
    await p.ask("back");
    await db.query("update public.providers set name = 'Dr. Ana Reis Costa' where id = $1", [ana]);
    const practitioners = await p.ask(choiceNumber(services, "Checkup"));
    expect(practitioners).toContain("Dr. Ana Reis Costa");
  });

  it("a practitioner who stops offering a service is no longer offered for it on the next message", async () => {
    const p = patient();
    await p.ask("menu");
    const services = await p.ask("1");
    expect(await p.ask(choiceNumber(services, "Cleaning"))).toContain("Dr. Rui Sousa");
    await p.ask("back");
    await db.query("delete from public.provider_services where provider_id = $1 and service_id = $2", [rui, cleaning]);
    // One practitioner left for the service: no question, straight to the days.
    const next = await p.ask(choiceNumber(services, "Cleaning"));
    expect(next).not.toContain("Dr. Rui Sousa");
  });
});
