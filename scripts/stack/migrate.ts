/**
 * Brings the database up to date, in the order the Supabase platform does: the platform bootstrap
 * (platform.sql, every start, idempotent), then each new file of supabase/migrations in filename
 * order, each in its own transaction and recorded in supabase_migrations.schema_migrations (the
 * Supabase CLI's table), then supabase/seed.sql once (recorded in supabase_migrations.seed_files),
 * then slot generation, which runs on every start so the two-week window rolls forward.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import type pg from "pg";
import type { StackLog } from "./log.ts";

const PLATFORM_SQL = path.join(import.meta.dirname, "platform.sql");

const BOOKKEEPING_SQL = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key, statements text[], name text);
  create table if not exists supabase_migrations.seed_files (path text primary key, hash text not null);
`;

/** A SQL file that failed to apply: names the file, the line and Postgres's own error. */
export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly sqlError: unknown,
    sql: string,
  ) {
    super(`${file} failed to apply: ${describeSqlError(sqlError, sql)}`);
    this.name = "MigrationError";
  }
}

export interface MigrationOutcome {
  applied: string[];
  alreadyApplied: number;
  seeded: boolean;
  slotsGenerated: boolean;
}

interface SqlErrorFields {
  message: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
  where?: string;
}

function describeSqlError(error: unknown, sql: string): string {
  const fields = error as SqlErrorFields;
  const parts = [`ERROR ${fields.code ?? ""}: ${fields.message}`.replace("  ", " ")];
  const position = Number(fields.position);
  if (Number.isInteger(position) && position > 0) {
    const line = sql.slice(0, position - 1).split("\n").length;
    const text = sql.split("\n")[line - 1]?.trim() ?? "";
    parts.push(`at line ${line}: ${text}`);
  }
  if (fields.detail) parts.push(`DETAIL: ${fields.detail}`);
  if (fields.hint) parts.push(`HINT: ${fields.hint}`);
  if (fields.where) parts.push(`CONTEXT: ${fields.where}`);
  return parts.join("\n  ");
}

async function inTransaction(client: pg.Client, file: string, sql: string, record: () => Promise<unknown>): Promise<void> {
  await client.query("begin");
  try {
    await client.query(sql);
    await record();
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw new MigrationError(file, error, sql);
  }
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Applies everything new; `client` is a superuser connection. */
export async function migrate(client: pg.Client, repoRoot: string, log: StackLog): Promise<MigrationOutcome> {
  const relative = (file: string): string => path.relative(repoRoot, file);

  await inTransaction(client, relative(PLATFORM_SQL), readFileSync(PLATFORM_SQL, "utf8"), async () => {});
  // platform.sql sets the role's search_path for new sessions; this session needs it too.
  await client.query(`set search_path to "$user", public, extensions`);
  await client.query(BOOKKEEPING_SQL);

  const migrationsDir = path.join(repoRoot, "supabase", "migrations");
  const files = existsSync(migrationsDir)
    ? readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort()
    : [];
  const appliedRows = await client.query<{ version: string; statements: string[] | null }>(
    "select version, statements from supabase_migrations.schema_migrations",
  );
  const applied = new Map(appliedRows.rows.map((row) => [row.version, row.statements?.join("\n") ?? ""]));

  const outcome: MigrationOutcome = { applied: [], alreadyApplied: 0, seeded: false, slotsGenerated: false };
  for (const name of files) {
    const file = path.join(migrationsDir, name);
    const sql = readFileSync(file, "utf8");
    const underscore = name.indexOf("_");
    const version = underscore > 0 ? name.slice(0, underscore) : name.replace(/\.sql$/, "");
    const label = underscore > 0 ? name.slice(underscore + 1).replace(/\.sql$/, "") : "";
    const previous = applied.get(version);
    if (previous !== undefined) {
      outcome.alreadyApplied += 1;
      if (previous !== sql) {
        log(`warning: ${relative(file)} changed after it was applied; applied migrations are never re-run (use --reset)`);
      }
      continue;
    }
    await inTransaction(client, relative(file), sql, () =>
      client.query("insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)", [
        version,
        [sql],
        label,
      ]),
    );
    outcome.applied.push(name);
  }

  const seedFile = path.join(repoRoot, "supabase", "seed.sql");
  if (existsSync(seedFile)) {
    const seedPath = relative(seedFile);
    const seeded = await client.query("select 1 from supabase_migrations.seed_files where path = $1", [seedPath]);
    if (seeded.rowCount === 0) {
      const sql = readFileSync(seedFile, "utf8");
      await inTransaction(client, seedPath, sql, () =>
        client.query("insert into supabase_migrations.seed_files (path, hash) values ($1, $2)", [seedPath, sha256(sql)]),
      );
      outcome.seeded = true;
    }
  }

  outcome.slotsGenerated = await generateSlots(client);
  return outcome;
}

/** Calls public.generate_slots() with its defaults when the slot engine exists. */
async function generateSlots(client: pg.Client): Promise<boolean> {
  const exists = await client.query(
    `select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = 'generate_slots'`,
  );
  if (exists.rowCount === 0) return false;
  const sql = "select public.generate_slots()";
  try {
    await client.query(sql);
  } catch (error) {
    throw new MigrationError("public.generate_slots()", error, sql);
  }
  return true;
}
