/**
 * Studio's Table Editor writes as Supabase's `postgres` role: not a superuser, BYPASSRLS, and granted
 * (on Supabase: owning) every object of the project. Tests that edit as staff do in Studio connect
 * as `studio_editor`, a role made like it, so the triggers that make those edits safe run exactly
 * as they do for a receptionist. Created once per cluster, re-granted each time (new tables).
 */
import pg from "pg";

export const STUDIO_ROLE = "studio_editor";

/** Creates the role if missing and grants it what Supabase's postgres may do; `admin` is a superuser connection. */
export async function ensureStudioRole(admin: pg.Pool | pg.Client): Promise<void> {
  await admin.query(`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${STUDIO_ROLE}') then
        create role ${STUDIO_ROLE} nologin nosuperuser bypassrls;
      end if;
    end $$;
    grant usage on schema public, extensions, auth to ${STUDIO_ROLE};
    grant all on all tables in schema public to ${STUDIO_ROLE};
    grant execute on all functions in schema public, extensions to ${STUDIO_ROLE};
  `);
}

/** A pool whose connections act as Studio does (the role is a startup parameter: no query runs before it). */
export function studioPool(databaseUrl: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, options: `-c role=${STUDIO_ROLE}` });
}
