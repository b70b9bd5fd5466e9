-- Scheduling with pg_cron where it can run, written once for every migration that schedules a job.
--
-- pg_cron works only when the server preloads it (shared_preload_libraries) and only in the
-- database named by cron.database_name. Supabase preloads it with cron.database_name = 'postgres'
-- but does not enable it, while a Debian server with the postgresql-15-cron package installed but
-- not preloaded (the local stack) would fail at "create extension". So private.schedule_job
-- enables and schedules when the extension is already installed, or when it is preloaded for this
-- database, and skips with a notice otherwise. A role that may not read those settings (a
-- non-superuser without pg_read_all_settings) tries "create extension" in a subtransaction
-- instead, and skips with a notice naming the error if that fails. cron.schedule with a job name
-- replaces an existing job of that name, so re-running a migration is harmless. pg_cron keeps its
-- objects in its own schema, cron; the extension itself is registered in pg_catalog, as Supabase's
-- documentation enables it (the helper's empty search_path leaves no other schema to default to).
--
-- The helper lives in its own schema, private, rather than in public: Supabase offers every
-- function in public that a role may execute as an RPC, and no API role has any business
-- scheduling jobs. Nobody but the migration owner may use the schema or execute the function.

create schema if not exists private;
revoke all on schema private from public, anon, authenticated, service_role;
comment on schema private is 'Helpers for migrations only; not exposed through the API.';

/**
 * Schedules p_command under the job name p_name at p_schedule (cron syntax) with pg_cron, enabling
 * the extension first when it can run in this database. Returns true when the job is scheduled,
 * false (after a notice saying why) when pg_cron cannot run here; the caller says what that means.
 */
create or replace function private.schedule_job(p_name text, p_schedule text, p_command text)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_installed boolean := exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron');
  v_preloaded boolean;
  v_cron_database text;
begin
  if not v_installed then
    begin
      v_preloaded := 'pg_cron' = any (pg_catalog.regexp_split_to_array(
        pg_catalog.btrim(coalesce(pg_catalog.current_setting('shared_preload_libraries', true), '')), '\s*,\s*'));
      -- Registered by the library itself, so it reads null unless pg_cron is loaded.
      v_cron_database := pg_catalog.current_setting('cron.database_name', true);
      if not v_preloaded then
        raise notice 'pg_cron is not in shared_preload_libraries: job % not scheduled', p_name;
      elsif v_cron_database is distinct from pg_catalog.current_database() then
        raise notice 'pg_cron runs jobs in database %, not %: job % not scheduled',
          v_cron_database, pg_catalog.current_database(), p_name;
      else
        create extension if not exists pg_cron with schema pg_catalog;
        v_installed := true;
      end if;
    exception when insufficient_privilege then
      -- This role may not read the settings: try, and say why when pg_cron cannot be enabled.
      begin
        create extension if not exists pg_cron with schema pg_catalog;
        v_installed := true;
      exception when others then
        raise notice 'pg_cron could not be enabled (%): job % not scheduled', sqlerrm, p_name;
      end;
    end;
  end if;
  if v_installed then
    perform cron.schedule(p_name, p_schedule, p_command);
  end if;
  return v_installed;
end;
$$;

revoke execute on function private.schedule_job(text, text, text) from public, anon, authenticated, service_role;

comment on function private.schedule_job(text, text, text) is
  'Schedules a pg_cron job, enabling pg_cron where the server preloads it for this database; false (with a notice) where it cannot run.';
