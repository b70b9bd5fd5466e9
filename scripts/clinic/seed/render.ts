/**
 * `seed`: a clinic file as SQL for a fresh database (supabase/seed.sql, which `supabase start`, `db
 * reset` and the local stack run). The SQL is the plan against an empty database, written as
 * literal inserts that skip rows that exist (idempotent), plus the file's demo logins in auth.users
 * (as Supabase's auth server needs them) and two weeks of slots. Deterministic: the same file gives
 * the same bytes, so a test can tell when seed.sql is out of date.
 */
import type { ClinicFile, DemoLogin } from "../file/schema.ts";
import type { Change, InsertRow, Notice, Plan } from "../plan/changes.ts";
import { planClinic } from "../plan/plan.ts";
import { emptyState } from "../plan/state.ts";
import { stableId } from "./ids.ts";
import { literal, quote } from "./literals.ts";

/** Planning for a seed is not planning at a time: no closure of the file counts as over. */
const SEED_PLANNING_CLOCK = new Date(0).toISOString();
const REGENERATE = (file: string) => `npm run clinic -- seed ${file} > supabase/seed.sql`;

export interface Seed {
  sql: string;
  notices: Notice[];
}

function header(file: ClinicFile, sourcePath: string, plan: Plan): string {
  const channels = plan.changes
    .filter((change): change is InsertRow => change.action === "insert" && change.bot !== undefined)
    .map((change) => `--   channel ${String(change.values.id)} ${String(change.values.phone)} (${change.bot?.name ?? ""})`);
  const logins = (file.demo_logins ?? []).map((l) => `--   login   ${l.id} ${l.email}, password "${l.password}" (local demo only)`);
  return [
    `-- GENERATED from ${sourcePath} by \`npm run clinic -- seed\`: edit that file, not this one, then`,
    `--   ${REGENERATE(sourcePath)}`,
    "-- (tests/clinic/seed.test.ts fails while this file is out of date).",
    "--",
    `-- ${file.clinic.name}: clinic ${plan.clinicId}`,
    ...channels,
    ...logins,
    "-- A channel's secret is random, made on the first seed and kept afterwards (the local stack reads",
    "-- it from public.channels into .local/stack.env). Idempotent: every insert skips rows that exist.",
    "",
  ].join("\n");
}

/** The demo logins, as Supabase's auth server (GoTrue) stores an email login. */
function loginsSql(logins: readonly DemoLogin[], file: ClinicFile): string {
  if (logins.length === 0) return "";
  const displayName = (email: string) => file.staff?.find((s) => s.email === email)?.display_name;
  const rows = logins.map((login) => {
    const name = displayName(login.email);
    const meta = name === undefined ? "{}" : JSON.stringify({ display_name: name });
    return `  ('00000000-0000-0000-0000-000000000000', ${quote(login.id)}, 'authenticated', 'authenticated', ${quote(login.email)},\n` +
      `   extensions.crypt(${quote(login.password)}, extensions.gen_salt('bf')), now(),\n` +
      `   '{"provider": "email", "providers": ["email"]}', ${quote(meta)}, now(), now())`;
  });
  const ids = `array[${logins.map((l) => quote(l.id)).join(", ")}]::uuid[]`;
  return [
    "-- Demo logins (demo_logins): local only; on a real project staff are invited from the Dashboard.",
    "-- Supabase's pgcrypto lives in the extensions schema; create it where the local stand-in lacks it.",
    "create extension if not exists pgcrypto with schema extensions;",
    "",
    "insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,",
    "                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at) values",
    `${rows.join(",\n")}\non conflict (id) do nothing;`,
    "",
    "-- Hosted Supabase signs in by email through auth.identities, and its auth server cannot read NULL",
    "-- token columns; the local stand-in has neither, so both steps run only where they apply.",
    "do $$",
    "begin",
    "  if exists (select 1 from information_schema.columns",
    "              where table_schema = 'auth' and table_name = 'users' and column_name = 'confirmation_token') then",
    "    execute $sql$",
    "      update auth.users",
    "         set confirmation_token = coalesce(confirmation_token, ''),",
    "             recovery_token = coalesce(recovery_token, ''),",
    "             email_change_token_new = coalesce(email_change_token_new, ''),",
    "             email_change = coalesce(email_change, '')",
    `       where id = any (${ids})`,
    "    $sql$;",
    "  end if;",
    "  if to_regclass('auth.identities') is not null then",
    "    execute $sql$",
    "      insert into auth.identities (id, provider_id, user_id, identity_data, provider, created_at, updated_at)",
    "      select u.id, u.id::text, u.id,",
    "             jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now()",
    `        from auth.users u where u.id = any (${ids})`,
    "      on conflict do nothing",
    "    $sql$;",
    "  end if;",
    "end",
    "$$;",
    "",
  ].join("\n");
}

/** Consecutive inserts into one table with the same columns, as one statement. */
function groupInserts(changes: readonly Change[]): InsertRow[][] {
  const groups: InsertRow[][] = [];
  for (const change of changes) {
    if (change.action !== "insert") throw new Error(`a seed only inserts, but the plan has: ${change.what}`);
    const last = groups.at(-1);
    const columns = Object.keys(change.values).join(",");
    if (last?.[0] && last[0].table === change.table && Object.keys(last[0].values).join(",") === columns) last.push(change);
    else groups.push([change]);
  }
  return groups;
}

function insertSql(group: readonly InsertRow[]): string {
  const first = group[0];
  if (first === undefined) return "";
  const columns = Object.keys(first.values);
  const rows = group.map((change) => `  (${columns.map((column) => literal(change.values[column] ?? null)).join(", ")})`);
  return `insert into public.${first.table} (${columns.join(", ")}) values\n${rows.join(",\n")}\non conflict do nothing;\n`;
}

/** `sourcePath` is how the header names the file (relative to the repository). */
export function renderSeed(file: ClinicFile, sourcePath: string): Seed {
  const logins = new Map((file.demo_logins ?? []).map((login) => [login.email, login.id]));
  const plan = planClinic(file, emptyState(SEED_PLANNING_CLOCK, logins), stableId(file.clinic.id ?? file.clinic.name));
  const sql = [
    header(file, sourcePath, plan),
    loginsSql(file.demo_logins ?? [], file),
    ...groupInserts(plan.changes).map(insertSql),
    `-- Bookable slots for the booking horizon; the local stack and pg_cron keep them rolling.`,
    `select public.generate_slots(${quote(plan.clinicId)}, (select booking_horizon_days from public.clinics where id = ${quote(plan.clinicId)}));`,
    "",
  ].join("\n");
  return { sql, notices: plan.notices };
}
