/**
 * Listing free days and times with 1,000,000 historical appointments and 100 clinics in the
 * database. On a throw-away stack of its own (the history would otherwise stay in someone's
 * database), first empty, then loaded (support/history.ts):
 * - `available_slots` for a two-week range (the free days) and for one day (the free times), called
 *   as the function calls it (service_role), for random clinics;
 * - the same two steps as turns through the function, for the demo clinic, which has its share of
 *   the history;
 * - `EXPLAIN (ANALYZE, BUFFERS)` of the hot queries with the history loaded, the statements inside
 *   the PL/pgSQL functions included (auto_explain, nested statements), saved under the run's
 *   folder in .local/bench/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startIsolatedStack } from "../test/isolated-stack.ts";
import { randomPhone } from "../patient/client.ts";
import { choices } from "./support/conversation.ts";
import { generateHistory } from "./support/history.ts";
import { figure, type Figure } from "./support/results.ts";
import { runScenario } from "./support/scenario.ts";
import { sized } from "./support/scale.ts";
import { latency, type Latency } from "./support/stats.ts";
import { httpSay, type TurnSample } from "./support/traffic.ts";
import { progress } from "./support/progress.ts";
import { explainEverything, explainNested } from "./support/explain.ts";
import { cpuBetween, sampleCpu } from "./support/cpu.ts";
import { machineLoad } from "./support/window.ts";
import type { FunctionTarget } from "../patient/client.ts";

const HISTORY = sized({ clinics: 100, appointments: 1_000_000, patientsPerClinic: 2_000 }, { clinics: 10, appointments: 20_000, patientsPerClinic: 200 });
const SQL_CALLS = sized(200, 30);
const TURNS = sized(30, 5);
const DEMO_CLINIC_ID = "c11a1c00-0000-4000-8000-000000000001";
const HORIZON_DAYS = 14;
const MS_PER_DAY = 86_400_000;
const MS_PER_S = 1_000;

interface Listing {
  days: Latency;
  times: Latency;
}

/** available_slots over two weeks (free days) and over one day (free times), as the function calls it. */
async function listingInSql(pool: pg.Pool, calls: number): Promise<Listing> {
  const { rows: services } = await pool.query<{ clinic_id: string; service_id: string }>(
    `select s.clinic_id, s.id as service_id from public.services s where s.active and s.duration_minutes = 30`,
  );
  const days: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const pick = services[Math.floor(Math.random() * services.length)]!;
    const now = new Date();
    const twoWeeks = new Date(now.getTime() + HORIZON_DAYS * MS_PER_DAY);
    let started = performance.now();
    const { rows } = await pool.query<{ starts_at: Date }>(
      "select starts_at from public.available_slots($1, $2, $3, $4, $5, 1000)",
      [pick.clinic_id, pick.service_id, now, twoWeeks, now],
    );
    days.push(performance.now() - started);
    const first = rows[Math.floor(Math.random() * rows.length)]?.starts_at ?? now;
    const dayStart = new Date(first.getTime() - (first.getTime() % MS_PER_DAY));
    started = performance.now();
    await pool.query("select starts_at from public.available_slots($1, $2, $3, $4, $5, 1000)", [
      pick.clinic_id, pick.service_id, dayStart, new Date(dayStart.getTime() + MS_PER_DAY), now,
    ]);
    times.push(performance.now() - started);
  }
  return { days: latency(days), times: latency(times) };
}

/** The same two steps as turns through the function (demo clinic), one patient at a time. */
async function listingTurns(target: FunctionTarget, turns: number): Promise<Listing> {
  const samples: TurnSample[] = [];
  for (let i = 0; i < turns; i += 1) {
    const say = httpSay(target, randomPhone(), (s) => samples.push(s));
    const menu = await say("hi", "greeting");
    const services = await say(String(choices(menu).find((c) => c.label.startsWith("Book"))?.number ?? 1), "menu: book");
    const options = choices(services);
    const days = await say(String(options[Math.floor(Math.random() * options.length)]?.number ?? 1), "service → free days");
    const dayOptions = choices(days);
    await say(String(dayOptions[Math.floor(Math.random() * dayOptions.length)]?.number ?? 1), "day → free times");
  }
  const of = (step: string): Latency => latency(samples.filter((s) => s.step === step).map((s) => s.ms));
  return { days: of("service → free days"), times: of("day → free times") };
}

async function saveExplains(databaseUrl: string, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await explainEverything(client);
    const { rows } = await client.query<{ service_id: string; patient_id: string; slot_id: string; channel_id: string }>(
      `select (select id from public.services where clinic_id = $1 and duration_minutes = 30 order by name limit 1) as service_id,
              (select patient_id from public.appointments where clinic_id = $1 group by patient_id order by count(*) desc limit 1) as patient_id,
              (select id from public.slots where clinic_id = $1 and status = 'open' and starts_at > now() + interval '1 day' order by starts_at limit 1) as slot_id,
              (select id from public.channels where clinic_id = $1 limit 1) as channel_id`,
      [DEMO_CLINIC_ID],
    );
    const ids = rows[0]!;
    const now = new Date();
    const queries: Array<[string, string, unknown[], boolean]> = [
      ["available-slots-two-weeks", "select * from public.available_slots($1, $2, $3, $4, $3, 1000)", [DEMO_CLINIC_ID, ids.service_id, now, new Date(now.getTime() + HORIZON_DAYS * MS_PER_DAY)], false],
      ["available-slots-one-day", "select * from public.available_slots($1, $2, $3, $4, $3, 1000)", [DEMO_CLINIC_ID, ids.service_id, new Date(now.getTime() + MS_PER_DAY), new Date(now.getTime() + 2 * MS_PER_DAY)], false],
      ["patient-upcoming-appointments", "select * from public.patient_upcoming_appointments($1, $2)", [ids.patient_id, now], false],
      ["begin-turn", "select public.begin_turn($1, $2, $3, $4, $5, $6, $7, $8)", [ids.channel_id, `EXPLAIN${Date.now()}`, "14440000001@s.whatsapp.net", "+14440000001", "History patient 1", "hi", now, now], true],
    ];
    const files: string[] = [];
    for (const [name, sql, params, rollback] of queries) {
      const file = path.join(dir, `${name}.txt`);
      writeFileSync(file, await explainNested(client, sql, params, rollback));
      files.push(file);
    }
    return files;
  } finally {
    await client.end();
  }
}

await runScenario("availability-at-scale", `Free days and times with ${HISTORY.appointments.toLocaleString("en-US")} past appointments in ${HISTORY.clinics} clinics`, async () => {
  const line = progress("availability-at-scale");
  line.update("starting a stack of its own");
  const stack = await startIsolatedStack(() => {});
  const pool = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 2, options: "-c role=service_role" });
  const target: FunctionTarget = { functionUrl: stack.env.FUNCTION_URL, channelId: stack.env.CHANNEL_ID, channelSecret: stack.env.CHANNEL_SECRET };
  try {
    line.update("empty database: warming up and measuring");
    await listingTurns(target, 2);
    const emptySql = await listingInSql(pool, SQL_CALLS);
    const emptyTurns = await listingTurns(target, TURNS);

    const started = performance.now();
    const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
    await client.connect();
    const counts = await generateHistory(client, HISTORY, (step) => line.update(`generating: ${step} (${((performance.now() - started) / MS_PER_S).toFixed(0)} s)`)).finally(() => client.end());
    const generationS = (performance.now() - started) / MS_PER_S;

    line.update("loaded database: measuring");
    const before = sampleCpu([]);
    const loadedSql = await listingInSql(pool, SQL_CALLS);
    const loadedTurns = await listingTurns(target, TURNS);
    const cpu = cpuBetween(before, sampleCpu([]));
    const explainDir = path.join(process.env.BENCH_OUT_DIR ?? path.join(import.meta.dirname, "..", "..", ".local", "bench"), "explain");
    const files = await saveExplains(stack.env.DATABASE_URL, explainDir);
    line.done(`${counts.appointments} appointments generated in ${generationS.toFixed(0)} s; plans in ${explainDir}`);

    const figures: Figure[] = [
      figure("clinics", counts.clinics, ""),
      figure("past appointments", counts.appointments, ""),
      figure("slots", counts.slots, ""),
      figure("generation time", generationS, "s"),
      figure("SQL free days (2 weeks) p50, empty", emptySql.days.p50, "ms"),
      figure("SQL free days (2 weeks) p50, loaded", loadedSql.days.p50, "ms"),
      figure("SQL free days (2 weeks) p99, loaded", loadedSql.days.p99, "ms"),
      figure("SQL free times (1 day) p50, empty", emptySql.times.p50, "ms"),
      figure("SQL free times (1 day) p50, loaded", loadedSql.times.p50, "ms"),
      figure("turn service → free days p50, empty", emptyTurns.days.p50, "ms"),
      figure("turn service → free days p50, loaded", loadedTurns.days.p50, "ms"),
      figure("turn day → free times p50, empty", emptyTurns.times.p50, "ms"),
      figure("turn day → free times p50, loaded", loadedTurns.times.p50, "ms"),
    ];
    console.log(`SQL free days p50: empty ${emptySql.days.p50.toFixed(2)} ms → loaded ${loadedSql.days.p50.toFixed(2)} ms; free times ${emptySql.times.p50.toFixed(2)} → ${loadedSql.times.p50.toFixed(2)} ms`);
    console.log(`turns (demo clinic) free days p50: empty ${emptyTurns.days.p50.toFixed(1)} ms → loaded ${loadedTurns.days.p50.toFixed(1)} ms; free times ${emptyTurns.times.p50.toFixed(1)} → ${loadedTurns.times.p50.toFixed(1)} ms`);
    return {
      figures,
      load: machineLoad(cpu),
      notes: [`EXPLAIN (ANALYZE, BUFFERS): ${files.map((f) => path.basename(f)).join(", ")} in ${explainDir}`],
      details: { history: counts, generationSeconds: generationS, empty: { sql: emptySql, turns: emptyTurns }, loaded: { sql: loadedSql, turns: loadedTurns }, explainFiles: files },
    };
  } finally {
    await pool.end();
    await stack.stop();
  }
});
