-- A version of each clinic's catalog (issue 10 §2, docs/design.md "Faster turns"). The catalog is
-- what begin_turn hands every turn about the clinic itself: its settings, hours, open weekdays,
-- closed days, services and practitioners with their translations. It changes only when staff edit
-- the clinic, yet it was built on every turn (about a quarter of PostgreSQL's time per turn). The
-- function now keeps a copy per clinic and begin_turn builds the catalog only when that copy is
-- stale (20261203620100). Stale is decided here: any change to a table the catalog reads gives the
-- clinic a new version in the same transaction, whoever writes (Studio as the tables' owner, staff
-- through the Data API, the service role, a clinic file, a migration), so the very next turn after
-- a commit sees the edit.
--
-- A column of clinics rather than a table of its own: every clinic has one from its insert (the
-- default, even for rows loaded with triggers off), it goes with the clinic, and there is no
-- further table for RLS and Studio. A random uuid rather than a counter: a function's copy may
-- outlive a database reset or restore (the same clinic ids from a seed, counters starting over), and
-- a random version never comes back, so a copy can never match another database's catalog.

alter table public.clinics add column catalog_version uuid not null default gen_random_uuid();

comment on column public.clinics.catalog_version is
  'Changes by itself whenever this clinic, its practitioners, services, hours or closures change, so the assistant reloads them; nothing to edit.';

/**
 * Before a clinic row is updated: a change to any of its other columns gives it a new catalog
 * version. Row-level and BEFORE, so the version is set on the row being written: the catalog
 * tables' triggers below update only catalog_version, which this leaves as they set it (no
 * recursion, no second update). Any column, not only those the catalog reads today: a setting the
 * catalog starts reading later cannot be forgotten here, and a clinic is edited rarely.
 */
create function public.clinics_new_catalog_version()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (pg_catalog.to_jsonb(new) - 'catalog_version') is distinct from (pg_catalog.to_jsonb(old) - 'catalog_version') then
    new.catalog_version := pg_catalog.gen_random_uuid();
  end if;
  return new;
end;
$$;
revoke execute on function public.clinics_new_catalog_version() from public, anon, authenticated;

create trigger clinics_new_catalog_version
  before update on public.clinics
  for each row execute function public.clinics_new_catalog_version();

/**
 * After a statement on a catalog table (providers, services, provider_services, working_hours,
 * closures): a new catalog version for every clinic whose rows it inserted, deleted or changed
 * (both clinics of a row moved between clinics; an update that rewrote a row with the same values
 * changes nothing). Once per statement, from its transition tables, so a bulk edit bumps each
 * clinic once. Security definer: staff may write closures through the Data API, but not clinics.
 * Every closure counts, a practitioner's too: over-invalidating costs one rebuild of the catalog,
 * while a missed change would show patients a stale clinic.
 */
create function public.bump_catalog_version()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'TRUNCATE' then
    update public.clinics set catalog_version = pg_catalog.gen_random_uuid();
  elsif tg_op = 'INSERT' then
    update public.clinics c set catalog_version = pg_catalog.gen_random_uuid()
     where c.id in (select n.clinic_id from new_rows n);
  elsif tg_op = 'DELETE' then
    update public.clinics c set catalog_version = pg_catalog.gen_random_uuid()
     where c.id in (select o.clinic_id from old_rows o);
  else
    update public.clinics c set catalog_version = pg_catalog.gen_random_uuid()
     where c.id in (
       select x.clinic_id
         from new_rows n
         full join old_rows o on o.id = n.id
         cross join lateral (values (n.clinic_id), (o.clinic_id)) x (clinic_id)
        where pg_catalog.to_jsonb(n) is distinct from pg_catalog.to_jsonb(o));
  end if;
  return null;
end;
$$;
revoke execute on function public.bump_catalog_version() from public, anon, authenticated;

-- Transition tables allow one event per trigger, hence three triggers (and one for truncate) a table.
do $$
declare
  v_table text;
begin
  foreach v_table in array array['providers', 'services', 'provider_services', 'working_hours', 'closures'] loop
    execute format('create trigger %1$s_catalog_version_insert after insert on public.%1$I
                      referencing new table as new_rows
                      for each statement execute function public.bump_catalog_version()', v_table);
    execute format('create trigger %1$s_catalog_version_update after update on public.%1$I
                      referencing old table as old_rows new table as new_rows
                      for each statement execute function public.bump_catalog_version()', v_table);
    execute format('create trigger %1$s_catalog_version_delete after delete on public.%1$I
                      referencing old table as old_rows
                      for each statement execute function public.bump_catalog_version()', v_table);
    execute format('create trigger %1$s_catalog_version_truncate after truncate on public.%1$I
                      for each statement execute function public.bump_catalog_version()', v_table);
  end loop;
end;
$$;
