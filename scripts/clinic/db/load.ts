/**
 * Reads what the database holds for the clinic a file describes (plan/state.ts): one query per
 * table, inside the apply's transaction, after its lock, so the plan is made from what it changes.
 */
import type pg from "pg";
import { CLINIC_SETTINGS, type ClinicFile } from "../file/schema.ts";
import { PlanError } from "../plan/compare.ts";
import type { ClinicRow, CurrentState } from "../plan/state.ts";

/** How each setting column is read: enums as text, times of day as HH:MM (as the file writes them). */
function settingExpression(column: string): string {
  if (column === "language") return "c.language::text as language";
  if (column.startsWith("alert_hours_") || column.startsWith("quiet_hours_")) return `to_char(c.${column}, 'HH24:MI') as ${column}`;
  return `c.${column}`;
}

const CLINIC_COLUMNS = ["c.id::text as id", ...CLINIC_SETTINGS.map(settingExpression)].join(", ");

/** The clinic the file means: by its id when it gives one, else by name (two of that name: an error). */
export async function findClinic(client: pg.ClientBase, file: ClinicFile): Promise<ClinicRow | null> {
  const byId = file.clinic.id !== undefined;
  const result = await client.query<Record<string, string | number | boolean>>(
    `select ${CLINIC_COLUMNS} from public.clinics c where ${byId ? "c.id = $1" : "c.name = $1"} order by c.created_at`,
    [file.clinic.id ?? file.clinic.name],
  );
  if (result.rows.length > 1) {
    throw new PlanError(
      ["clinic", "name"],
      `${result.rows.length} clinics in the database are named "${file.clinic.name}" (ids ${result.rows.map((r) => r.id).join(", ")}): give the id of the one this file means`,
    );
  }
  const row = result.rows[0];
  if (row === undefined) return null;
  const { id, ...settings } = row;
  return { id: String(id), settings };
}

const iso = (value: Date): string => value.toISOString();

/** Every row of the clinic's tables that a clinic file describes, and the logins the file names. */
export async function loadState(client: pg.ClientBase, clinic: ClinicRow | null, file: ClinicFile): Promise<CurrentState> {
  const emails = [...new Set((file.staff ?? []).flatMap((s) => (s.email ? [s.email] : [])))];
  const logins = await client.query<{ email: string; id: string }>(
    "select lower(u.email) as email, u.id::text as id from auth.users u where lower(u.email) = any($1::text[]) and u.deleted_at is null",
    [emails],
  );
  const loginIds = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const row of logins.rows) {
    if (loginIds.has(row.email)) ambiguous.add(row.email);
    loginIds.set(row.email, row.id);
  }
  const now = (await client.query<{ now: Date }>("select now() as now")).rows[0]?.now ?? new Date();
  const state: CurrentState = {
    clinic,
    providers: [],
    services: [],
    offers: [],
    hours: [],
    closures: [],
    faqs: [],
    templates: [],
    staff: [],
    channels: [],
    logins: loginIds,
    ambiguousLogins: ambiguous,
    now: iso(now),
  };
  if (clinic === null) return state;

  const id = [clinic.id];
  const q = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => (await client.query<T>(sql, id)).rows;
  state.providers = await q("select id::text, name, name_translations, active from public.providers where clinic_id = $1 order by created_at, id");
  state.services = await q(
    `select id::text, name, name_translations, description, duration_minutes, price_cents, keywords, active
       from public.services where clinic_id = $1 order by created_at, id`,
  );
  state.offers = await q("select id::text, provider_id::text, service_id::text from public.provider_services where clinic_id = $1 order by id");
  state.hours = await q(
    `select id::text, provider_id::text, weekday, to_char(start_time, 'HH24:MI') as start, to_char(end_time, 'HH24:MI') as end
       from public.working_hours where clinic_id = $1 order by provider_id, weekday, start_time`,
  );
  const closures = await q<{ id: string; provider_id: string | null; starts_at: Date; ends_at: Date; reason: string | null }>(
    `select id::text, provider_id::text, starts_at, ends_at, reason from public.closures
      where clinic_id = $1 and ends_at > now() order by starts_at, id`,
  );
  state.closures = closures.map((c) => ({ ...c, starts_at: iso(c.starts_at), ends_at: iso(c.ends_at) }));
  state.faqs = await q("select id::text, language::text, question, answer, keywords, enabled from public.faqs where clinic_id = $1 order by created_at, id");
  state.templates = await q(
    "select id::text, kind::text, name, language::text, body from public.message_templates where clinic_id = $1 order by created_at, id",
  );
  state.staff = await q("select id::text, user_id::text, role::text, display_name, alert_phone from public.staff where clinic_id = $1 order by created_at, id");
  state.channels = await q("select id::text, phone, enabled from public.channels where clinic_id = $1 order by created_at, id");
  return state;
}
