/**
 * Clinics for a load scenario: copies of the demo clinic (its settings, practitioners, services,
 * hours and FAQs, every column as the demo clinic has it, translations included), each with its
 * own channel and two weeks of slots. A scenario spreads its patients over them, about twenty to a
 * clinic, as a deployment serves many clinics from one function: one small clinic cannot take
 * hundreds of patients booking at once (its calendar fills and every reply becomes "nothing free"),
 * and fresh calendars per scenario keep one scenario's bookings out of the next one's way.
 */
import pg from "pg";
import type { FunctionTarget } from "../../patient/client.ts";

const DEMO_CLINIC_ID = "c11a1c00-0000-4000-8000-000000000001";
/** Patients sharing one clinic: few enough that two rarely want the same time. */
export const PATIENTS_PER_CLINIC = 20;
/** Tables copied, parents first; each row is copied once per new clinic. */
const COPIED = ["clinics", "providers", "services", "provider_services", "working_hours", "faqs"] as const;
/** Columns naming a row copied above, mapped to the copy of the same clinic. */
const MAPPED_REFERENCES = new Set(["clinic_id", "provider_id", "service_id"]);

export function clinicsFor(patients: number): number {
  return Math.max(1, Math.ceil(patients / PATIENTS_PER_CLINIC));
}

async function insertableColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' and is_identity = 'NO'
      order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/** `count` copies of the demo clinic, each reachable through the function on its own channel. */
export async function benchClinics(databaseUrl: string, functionUrl: string, count: number): Promise<FunctionTarget[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const tag = Date.now().toString(36);
  try {
    await client.query("begin");
    // Every copied row's new id, per copy number n.
    await client.query("create temp table bench_ids (old_id uuid, n int, new_id uuid, primary key (old_id, n)) on commit drop");
    for (const table of COPIED) {
      const columns = await insertableColumns(client, table);
      const ownedBy = table === "clinics" ? "src.id" : "src.clinic_id";
      if (columns.includes("id")) {
        await client.query(
          `insert into bench_ids select src.id, n, gen_random_uuid() from public.${table} src cross join generate_series(1, $2::int) n where ${ownedBy} = $1`,
          [DEMO_CLINIC_ID, count],
        );
      }
      const value = (column: string): string => {
        if (column === "id" || MAPPED_REFERENCES.has(column)) {
          return `(select m.new_id from bench_ids m where m.old_id = src.${column} and m.n = g.n)`;
        }
        if (table === "clinics" && column === "name") return `'Bench clinic ' || g.n || ' (' || ${client.escapeLiteral(tag)} || ')'`;
        return `src.${column}`;
      };
      await client.query(
        `insert into public.${table} (${columns.join(", ")})
         select ${columns.map(value).join(", ")} from public.${table} src cross join generate_series(1, $2::int) g (n) where ${ownedBy} = $1`,
        [DEMO_CLINIC_ID, count],
      );
    }
    const { rows } = await client.query<{ id: string; secret: string }>(
      `insert into public.channels (clinic_id, secret)
       select m.new_id, md5(random()::text) || md5(random()::text) from bench_ids m where m.old_id = $1
       returning id::text, secret`,
      [DEMO_CLINIC_ID],
    );
    await client.query(`select public.generate_slots(m.new_id) from bench_ids m where m.old_id = $1`, [DEMO_CLINIC_ID]);
    await client.query("commit");
    return rows.map((row) => ({ functionUrl, channelId: row.id, channelSecret: row.secret }));
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
