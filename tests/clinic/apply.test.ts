/**
 * `npm run clinic -- apply` against real Postgres (a database of its own per test, migrated as the
 * stack migrates), run as an operator runs it: the CLI in a child process.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runClinic, spawnClinic } from "./support/cli.ts";
import { freshDatabase, type TestDatabase } from "./support/databases.ts";
import { solYaml, type SolOptions } from "./support/files.ts";

let db: TestDatabase;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "clinic-apply-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Each test of the calling describe gets a database of its own, empty. */
function withFreshDatabase(): void {
  beforeEach(async () => {
    db = await freshDatabase({ seed: false });
  });
  afterEach(async () => {
    await db.drop();
  });
}

function writeFile(text: string, name = "sol.yaml"): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const botsDir = () => path.join(dir, "bots");
const apply = (file: string, ...flags: string[]) => runClinic(["apply", file, "--db", db.url, "--bots-dir", botsDir(), ...flags]);
const applySol = (options: SolOptions = {}, ...flags: string[]) => apply(writeFile(solYaml(options)), ...flags);

/** Every row a clinic file describes, and the slots and appointments, as one comparable value. */
async function snapshot(): Promise<string> {
  const tables = ["clinics", "providers", "services", "provider_services", "working_hours", "closures", "faqs", "staff", "channels", "slots", "appointments"];
  const parts: unknown[] = [];
  for (const table of tables) parts.push((await db.client.query(`select * from public.${table} order by id`)).rows);
  return JSON.stringify(parts);
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  return Number((await db.client.query<{ n: string }>(`select count(*) as n from (${sql}) q`, values)).rows[0]?.n);
}

/** Staff book a caller (as in Studio) on Dr. Ruiz's first free time from tomorrow: a 30-minute Consulta. */
async function bookFirstFreeTime(): Promise<{ starts_at: Date; day: string }> {
  const slot = (
    await db.client.query<{ starts_at: Date; day: string }>(
      `select s.starts_at, to_char(s.starts_at at time zone 'America/Mexico_City', 'YYYY-MM-DD') as day
         from public.slots s join public.providers p on p.id = s.provider_id
        where p.name = 'Dra. Carmen Ruiz' and s.status = 'open' and s.starts_at > now() + interval '1 day'
        order by s.starts_at limit 1`,
    )
  ).rows[0];
  if (!slot) throw new Error("no free slot");
  await db.client.query(
    `with patient as (
       insert into public.patients (clinic_id, phone, name) select id, '+525550109999', 'Ana Pérez' from public.clinics returning id)
     insert into public.appointments (patient_id, service_id, provider_id, starts_at)
     select patient.id, (select id from public.services where name = 'Consulta'), (select id from public.providers where name = 'Dra. Carmen Ruiz'), $1
       from patient`,
    [slot.starts_at],
  );
  return slot;
}

describe("apply to an empty database", () => {
  withFreshDatabase();

  it("creates the whole clinic in one apply, and a second apply of the same file changes nothing", async () => {
    const first = await applySol();
    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toContain("+ clinic Clínica Sol");
    expect(first.stdout).toContain("+ hours Dra. Carmen Ruiz: Mon 14:00–18:00");
    expect(first.stdout).toMatch(/changes applied\./);
    expect(await count("select 1 from public.clinics where name = 'Clínica Sol' and language = 'es' and locale = 'es-MX' and slot_minutes = 15 and ask_provider")).toBe(1);
    expect(await count("select 1 from public.providers where active")).toBe(2);
    expect(await count("select 1 from public.services where active")).toBe(2);
    expect(await count("select 1 from public.provider_services")).toBe(3);
    // Carmen: 5 days × 2 blocks + Saturday; Luis: his own Tuesday to Thursday.
    expect(await count("select 1 from public.working_hours")).toBe(11 + 3);
    expect(await count("select 1 from public.faqs")).toBe(3);
    expect(await count("select 1 from public.channels where phone = '+525550100100' and enabled")).toBe(1);

    const before = await snapshot();
    const second = await applySol();
    expect(second.code, second.output).toBe(0);
    expect(second.stdout).toContain("No changes: the database already says what the file says.");
    expect(await snapshot()).toBe(before);
  });

  it("makes bookable slots at once from the hours, with the break between the ranges left out", async () => {
    expect((await applySol()).code).toBe(0);
    const starts = await db.client.query<{ local: string }>(
      `select distinct to_char(s.starts_at at time zone 'America/Mexico_City', 'HH24:MI') as local
         from public.slots s join public.providers p on p.id = s.provider_id
        where p.name = 'Dra. Carmen Ruiz' and extract(isodow from s.starts_at at time zone 'America/Mexico_City') = 1
        order by 1`,
    );
    const times = starts.rows.map((r) => r.local);
    expect(times).toContain("12:45");
    expect(times).toContain("14:00");
    expect(times.filter((t) => t >= "13:00" && t < "14:00")).toEqual([]);
  });

  it("tells the operator the id of a clinic it created without one, and reports a staff login that does not exist yet", async () => {
    const result = await applySol();
    const id = (await db.client.query<{ id: string }>("select id::text from public.clinics")).rows[0]?.id;
    expect(result.stdout).toContain(`add "id: ${id}" under clinic:`);
    expect(result.stderr).toMatch(/^warning: .*sol\.yaml:\d+:\d+: staff\[0\]\.email: no login with the email recepcion@clinicasol\.example yet/m);
    expect(await count("select 1 from public.staff where user_id is null and alert_phone = '+525550100900'")).toBe(1);
  });

  it("links a staff row to its login once the login exists", async () => {
    expect((await applySol()).code).toBe(0);
    await db.client.query(
      "insert into auth.users (id, email, aud, role) values ('00000000-0000-4000-8000-0000000000aa', 'Recepcion@ClinicaSol.example', 'authenticated', 'authenticated')",
    );
    const result = await applySol();
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('~ staff Recepción (recepcion@clinicasol.example): user_id (empty) → "00000000-0000-4000-8000-0000000000aa"');
    expect(result.stderr).not.toContain("no login");
  });
});

describe("apply to a clinic that exists", () => {
  withFreshDatabase();

  it("a dry run prints the changes, checks them against the database, and writes nothing", async () => {
    expect((await applySol()).code).toBe(0);
    const before = await snapshot();
    const result = await applySol({ cleaningPrice: 95000, withParkingFaq: false, withOrtega: false }, "--dry-run");
    expect(result.code, result.output).toBe(0);
    expect(result.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "  ~ service Limpieza dental: price_cents 80000 → 95000",
        "  - offer Limpieza dental by Dr. Luis Ortega",
        "  - provider Dr. Luis Ortega: no longer in the file: switched off (active = false); its appointments stay",
        '  - FAQ es "¿Hay estacionamiento?": no longer in the file',
      ]),
    );
    expect(result.stdout).toContain("Nothing was written (dry run).");
    expect(await snapshot()).toBe(before);
  });

  it("applies edits: a new price, a practitioner switched off, an FAQ entry removed", async () => {
    expect((await applySol()).code).toBe(0);
    const result = await applySol({ cleaningPrice: 95000, withParkingFaq: false, withOrtega: false });
    expect(result.code, result.output).toBe(0);
    expect(await count("select 1 from public.services where name = 'Limpieza dental' and price_cents = 95000")).toBe(1);
    expect(await count("select 1 from public.providers where name = 'Dr. Luis Ortega' and not active")).toBe(1);
    expect(await count("select 1 from public.faqs")).toBe(2);
    // His hours stay with him (switched off, he offers nothing new); his free slots are no longer offered.
    expect(await count("select 1 from public.provider_services ps join public.providers p on p.id = ps.provider_id where p.name = 'Dr. Luis Ortega'")).toBe(0);
  });

  it("refuses a change that would strand an upcoming appointment, changing nothing; --allow-rebooking applies it and lists the appointment for rebooking", async () => {
    expect((await applySol()).code).toBe(0);
    const slot = await bookFirstFreeTime();
    const before = await snapshot();
    const closure = `  - { from: ${slot.day}, to: ${slot.day}, reason: Capacitación }`;

    const refused = await applySol({ closures: closure });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("1 upcoming appointment could no longer go ahead as booked:");
    expect(refused.stderr).toMatch(/Dra\. Carmen Ruiz, Consulta \(closed: Capacitación\)/);
    expect(refused.stderr).toContain("Nothing was changed.");
    expect(await snapshot()).toBe(before);

    const allowed = await applySol({ closures: closure }, "--allow-rebooking");
    expect(allowed.code, allowed.output).toBe(0);
    expect(allowed.stdout).toMatch(/! up for rebooking: .*Dra\. Carmen Ruiz, Consulta/);
    expect(await count("select 1 from public.appointments_to_rebook where reason = 'closed'")).toBe(1);
    expect(await count("select 1 from public.appointments where status = 'booked'")).toBe(1);
  });

  it("a new slot length cuts the free times again at once; a booked time keeps its slots", async () => {
    expect((await applySol()).code).toBe(0);
    const booked = await bookFirstFreeTime();
    const result = await applySol({ slotMinutes: 30 });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("~ clinic Clínica Sol: slot_minutes 15 → 30");
    expect(result.stdout).toMatch(/free times from now on cut again .* free slots removed/);
    const lengths = await db.client.query<{ minutes: number; status: string }>(
      "select distinct extract(epoch from ends_at - starts_at)::int / 60 as minutes, status::text from public.slots where starts_at > now() order by 1, 2",
    );
    expect(lengths.rows).toEqual([
      { minutes: 15, status: "booked" },
      { minutes: 30, status: "open" },
    ]);
    expect(await count("select 1 from public.appointments where status = 'booked' and starts_at = $1", [booked.starts_at])).toBe(1);
  });

  it("a change the database refuses is named with the database's words, and nothing of the apply remains", async () => {
    expect((await applySol()).code).toBe(0);
    const other = writeFile(solYaml({ clinicName: "Clínica Luna", channelName: "luna-main" }), "luna.yaml");
    const result = await apply(other);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the database refused + channel luna-main +525550100100");
    expect(result.stderr).toContain('23505: duplicate key value violates unique constraint "channels_phone_key"');
    expect(result.stderr).toContain("Nothing was changed (the apply is one transaction).");
    expect(await count("select 1 from public.clinics where name = 'Clínica Luna'")).toBe(0);
    expect(await count("select 1 from public.providers")).toBe(2);
  });

  it("two applies of one clinic at once run one after the other", async () => {
    const file = writeFile(solYaml());
    const results = await Promise.all([apply(file, "--function-url", "http://127.0.0.1:9/a"), apply(writeFile(solYaml({ channelName: "sol-other" }), "sol2.yaml"))]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.filter((r) => r.stdout.includes("+ clinic Clínica Sol"))).toHaveLength(1);
    expect(await count("select 1 from public.clinics")).toBe(1);
    expect(await count("select 1 from public.channels")).toBe(1);
  });
});

describe("the command line", () => {
  it("an invalid file stops before any connection, naming file, line and field, with exit code 1", async () => {
    const file = writeFile(solYaml().replace("duration_minutes: 45", "duration_minutes: forty-five"));
    const result = await spawnClinic(["apply", file, "--db", "postgresql://nobody@127.0.0.1:9/none"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`${file}:20:23: services[0].duration_minutes: must be a number`);
  });

  it("a wrong command line exits 2 with the usage", async () => {
    const result = await spawnClinic(["apply"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("apply takes one file");
    expect(result.stderr).toContain("usage: npm run clinic -- <command>");
  });

  it("without a database it says how to give one, as a usage error", async () => {
    const result = await runClinic(["apply", writeFile(solYaml())], { DATABASE_URL: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no database: pass --db URL or set DATABASE_URL");
  });

  it("check validates a file without a database", async () => {
    const result = await runClinic(["check", writeFile(solYaml())], { DATABASE_URL: "" });
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("a valid clinic file for Clínica Sol");
  });
});
