-- The clinic's catalog version and begin_turn's catalog key (20261203620000, 20261203620100; issue 10
-- §2): every change to a table the catalog reads gives the clinic a new version, whoever makes it
-- (Studio as the tables' owner, staff through the Data API, the service role), and only to that
-- clinic; an update that changes nothing keeps it. begin_turn leaves the catalog out when offered
-- the current key and sends it, with the edit in it, once the key is stale.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(39);

-- Clinic A (Lisbon, UTC in January) with one practitioner working Monday-Friday 09:00-12:00 and one
-- service; clinic B, to see that A's edits leave it alone. The clock is Monday 2026-01-05 08:00.
insert into auth.users (id, email) values ('66000000-0000-4000-8000-0000000000a9', 'staff-a@catalog.test');
insert into clinics (id, name, timezone) values
  ('66000000-0000-4000-8000-0000000000a1', 'Catalog Clinic', 'Europe/Lisbon'),
  ('66000000-0000-4000-8000-0000000000b1', 'Other Clinic', 'Europe/Lisbon');
insert into staff (clinic_id, user_id) values ('66000000-0000-4000-8000-0000000000a1', '66000000-0000-4000-8000-0000000000a9');
insert into channels (id, clinic_id, phone, secret)
values ('66000000-0000-4000-8000-0000000000a2', '66000000-0000-4000-8000-0000000000a1', '+351210000661', repeat('c', 40));
insert into providers (id, clinic_id, name) values
  ('66000000-0000-4000-8000-0000000000a3', '66000000-0000-4000-8000-0000000000a1', 'Dr. Ana'),
  ('66000000-0000-4000-8000-0000000000b3', '66000000-0000-4000-8000-0000000000b1', 'Dr. Bea');
insert into services (id, clinic_id, name, duration_minutes) values
  ('66000000-0000-4000-8000-0000000000a4', '66000000-0000-4000-8000-0000000000a1', 'Checkup', 30);
insert into provider_services (clinic_id, provider_id, service_id)
values ('66000000-0000-4000-8000-0000000000a1', '66000000-0000-4000-8000-0000000000a3', '66000000-0000-4000-8000-0000000000a4');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '66000000-0000-4000-8000-0000000000a1', '66000000-0000-4000-8000-0000000000a3', d, '09:00', '12:00'
  from generate_series(1, 5) d;

create function pg_temp.version(p_clinic text default 'a1') returns uuid language sql as $$
  select catalog_version from public.clinics where id = ('66000000-0000-4000-8000-0000000000' || p_clinic)::uuid
$$;
/** Runs p_sql and says whether clinic p_clinic's catalog version changed. */
create function pg_temp.bumps(p_sql text, p_clinic text default 'a1') returns boolean language plpgsql as $$
declare
  v_before uuid := pg_temp.version(p_clinic);
begin
  execute p_sql;
  return pg_temp.version(p_clinic) is distinct from v_before;
end;
$$;
/** begin_turn on clinic A's channel, offering p_key, at 08:00 UTC on 2026-01-05 plus p_days. */
create function pg_temp.msg(p_id text, p_key text, p_days int default 0) returns jsonb language sql as $$
  select public.begin_turn('66000000-0000-4000-8000-0000000000a2', p_id, '351920000661@s.whatsapp.net', '+351920000661',
                           'Ana', 'hi', '2026-01-05 08:00Z', '2026-01-05 08:00Z'::timestamptz + make_interval(days => p_days),
                           null, p_key)
$$;

insert into closures (clinic_id, starts_at, ends_at, reason)
values ('66000000-0000-4000-8000-0000000000a1', '2030-03-01 00:00Z', '2030-03-02 00:00Z', 'Moving');

select isnt(pg_temp.version('a1'), pg_temp.version('b1'), 'every clinic has a catalog version of its own from its insert');

-- Studio's role, as Supabase's postgres: NOSUPERUSER, BYPASSRLS, the project's tables granted, and
-- (unlike 06) of the functions only the check constraints': the catalog triggers need no EXECUTE of
-- the role that edits.
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on function public.is_translation_map(jsonb), public.is_time_zone(text) to studio_editor;
grant execute on all functions in schema pg_temp to studio_editor;
set local role studio_editor;

-- Each catalog table: insert, update and delete, as Studio does them.
select ok(pg_temp.bumps($$insert into public.providers (id, clinic_id, name) values
  ('66000000-0000-4000-8000-0000000000a5', '66000000-0000-4000-8000-0000000000a1', 'Dr. Rui')$$), 'Studio adds a practitioner: new version');
select ok(pg_temp.bumps($$update public.providers set name = 'Dr. Ana Silva' where id = '66000000-0000-4000-8000-0000000000a3'$$),
  'Studio renames a practitioner: new version');
select ok(pg_temp.bumps($$update public.providers set name_translations = '{"es": "Dra. Ana Silva"}' where id = '66000000-0000-4000-8000-0000000000a3'$$),
  'Studio translates a practitioner''s name: new version');
select ok(pg_temp.bumps($$insert into public.services (id, clinic_id, name, duration_minutes) values
  ('66000000-0000-4000-8000-0000000000a6', '66000000-0000-4000-8000-0000000000a1', 'Cleaning', 60)$$), 'Studio adds a service: new version');
select ok(pg_temp.bumps($$update public.services set active = false where id = '66000000-0000-4000-8000-0000000000a6'$$),
  'Studio deactivates a service: new version');
select ok(pg_temp.bumps($$update public.services set keywords = '{limpieza}' where id = '66000000-0000-4000-8000-0000000000a6'$$),
  'Studio adds a keyword: new version');
select ok(pg_temp.bumps($$insert into public.provider_services (clinic_id, provider_id, service_id) values
  ('66000000-0000-4000-8000-0000000000a1', '66000000-0000-4000-8000-0000000000a5', '66000000-0000-4000-8000-0000000000a6')$$),
  'Studio lets a practitioner offer a service: new version');
select ok(pg_temp.bumps($$update public.provider_services set provider_id = '66000000-0000-4000-8000-0000000000a3'
  where provider_id = '66000000-0000-4000-8000-0000000000a5'$$), 'Studio changes who offers a service: new version');
select ok(pg_temp.bumps($$delete from public.provider_services where provider_id = '66000000-0000-4000-8000-0000000000a3'
  and service_id = '66000000-0000-4000-8000-0000000000a6'$$), 'Studio removes a practitioner from a service: new version');
select ok(pg_temp.bumps($$insert into public.working_hours (clinic_id, provider_id, weekday, start_time, end_time) values
  ('66000000-0000-4000-8000-0000000000a1', '66000000-0000-4000-8000-0000000000a5', 6, '09:00', '13:00')$$), 'Studio adds working hours: new version');
select ok(pg_temp.bumps($$update public.working_hours set end_time = '11:00' where provider_id = '66000000-0000-4000-8000-0000000000a3' and weekday = 1$$),
  'Studio shortens working hours: new version');
select ok(pg_temp.bumps($$delete from public.working_hours where provider_id = '66000000-0000-4000-8000-0000000000a5'$$),
  'Studio removes working hours: new version');
select ok(pg_temp.bumps($$insert into public.closures (id, clinic_id, starts_at, ends_at, reason) values
  ('66000000-0000-4000-8000-0000000000a7', '66000000-0000-4000-8000-0000000000a1', '2026-01-07 00:00Z', '2026-01-08 00:00Z', 'Holiday')$$),
  'Studio adds a closure: new version');
select ok(pg_temp.bumps($$update public.closures set ends_at = '2026-01-09 00:00Z' where id = '66000000-0000-4000-8000-0000000000a7'$$),
  'Studio lengthens a closure: new version');
select ok(pg_temp.bumps($$delete from public.closures where id = '66000000-0000-4000-8000-0000000000a7'$$), 'Studio removes a closure: new version');
select ok(pg_temp.bumps($$delete from public.services where id = '66000000-0000-4000-8000-0000000000a6'$$), 'Studio deletes a service: new version');
select ok(pg_temp.bumps($$delete from public.providers where id = '66000000-0000-4000-8000-0000000000a5'$$),
  'Studio deletes a practitioner (their rows going with them): new version');
select ok(pg_temp.bumps($$update public.clinics set booking_horizon_days = 21 where id = '66000000-0000-4000-8000-0000000000a1'$$),
  'Studio changes a clinic setting: new version');
select ok(pg_temp.bumps($$update public.clinics set name = 'Catalog Clinic Lisbon' where id = '66000000-0000-4000-8000-0000000000a1'$$),
  'Studio renames the clinic: new version');

-- What must not move it.
select ok(not pg_temp.bumps($$update public.services set name = name, keywords = keywords where clinic_id = '66000000-0000-4000-8000-0000000000a1'$$),
  'an update that writes the same values keeps the version');
select ok(not pg_temp.bumps($$update public.clinics set name = name where id = '66000000-0000-4000-8000-0000000000a1'$$),
  'a clinic update that writes the same values keeps the version');
select ok(not pg_temp.bumps($$update public.providers set name = 'Dr. Bea Costa' where id = '66000000-0000-4000-8000-0000000000b3'$$),
  'an edit of another clinic keeps this clinic''s version');
select ok(pg_temp.bumps($$update public.providers set name = 'Dr. Bea' where id = '66000000-0000-4000-8000-0000000000b3'$$, 'b1'),
  '... and gives that clinic a new one');
create temp table moving as select pg_temp.version('a1') as a1;
select ok(pg_temp.bumps($$update public.closures set clinic_id = '66000000-0000-4000-8000-0000000000b1' where reason = 'Moving'$$, 'b1'),
  'a closure moved to another clinic gives that clinic a new version');
select isnt(pg_temp.version('a1'), (select a1 from moving), '... and the clinic it left');
reset role;

-- A closure staff add through the Data API (they may write closures, not clinics).
grant execute on all functions in schema pg_temp to authenticated, service_role;
set local role authenticated;
set local request.jwt.claims to '{"sub": "66000000-0000-4000-8000-0000000000a9", "role": "authenticated"}';
select ok(pg_temp.bumps($$insert into public.closures (clinic_id, starts_at, ends_at, reason) values
  ('66000000-0000-4000-8000-0000000000a1', '2026-02-02 00:00Z', '2026-02-03 00:00Z', 'Training')$$),
  'staff add a closure through the Data API: new version');
select ok(pg_temp.bumps($$delete from public.closures where reason = 'Training'$$), 'staff remove it: new version');
reset role;
set local role service_role;
select ok(pg_temp.bumps($$update public.services set duration_minutes = 45 where id = '66000000-0000-4000-8000-0000000000a4'$$),
  'the service role changes a service: new version');
reset role;
select ok(pg_temp.bumps($$truncate public.closures$$), 'emptying a catalog table gives every clinic a new version');

-- begin_turn and the key.
create temp table t1 as select pg_temp.msg('K1', null) as r;
select ok((select r ? 'clinic' and r ? 'services' and r ? 'providers' and r ->> 'catalogKey' like '%/2026-01-05' from t1),
  'offered no key, begin_turn sends the catalog and its key');
select is((select r ->> 'catalogKey' from t1), '66000000-0000-4000-8000-0000000000a1/' || pg_temp.version()::text || '/2026-01-05',
  'the key is the clinic, its version and its local date');
create temp table t2 as select pg_temp.msg('K2', (select r ->> 'catalogKey' from t1)) as r;
select ok((select not (r ? 'clinic' or r ? 'services' or r ? 'providers') and r ->> 'catalogKey' = (select r ->> 'catalogKey' from t1) from t2),
  'offered the current key, begin_turn leaves the catalog out');
select ok((select r ? 'conversation' and r ? 'patient' and r ? 'history' and r ? 'prefetched' and r ->> 'inboundMessageId' is not null from t2),
  '... and still sends everything else of the turn');

-- Staff add a clinic-wide closure on Wednesday: the stale key gets the catalog with it.
insert into closures (clinic_id, starts_at, ends_at, reason)
values ('66000000-0000-4000-8000-0000000000a1', '2026-01-07 00:00Z', '2026-01-08 00:00Z', 'Holiday');
create temp table t3 as select pg_temp.msg('K3', (select r ->> 'catalogKey' from t1)) as r;
select ok((select r -> 'clinic' -> 'closedDays' ? '2026-01-07' from t3), 'after a new closure, the stale key gets the catalog with the closed day');
update services set active = false where id = '66000000-0000-4000-8000-0000000000a4';
select is((select pg_temp.msg('K4', (select r ->> 'catalogKey' from t3)) -> 'services'), '[]'::jsonb,
  'after a service is deactivated, the stale key gets the catalog without it');
update services set active = true where id = '66000000-0000-4000-8000-0000000000a4';
update providers set name = 'Dra. Ana Silva' where id = '66000000-0000-4000-8000-0000000000a3';
select is((select pg_temp.msg('K5', (select r ->> 'catalogKey' from t3)) -> 'providers' -> 0 ->> 'name'), 'Dra. Ana Silva',
  'after a practitioner is renamed, the stale key gets the new name');
update working_hours set start_time = '08:00' where weekday = 2 and clinic_id = '66000000-0000-4000-8000-0000000000a1';
select is((select jsonb_path_query_first(pg_temp.msg('K6', (select r ->> 'catalogKey' from t3)) -> 'clinic' -> 'hours', '$[*] ? (@.weekday == 2)') ->> 'opens'),
  '08:00', 'after hours change, the stale key gets the new hours');

-- The next local day: closed days are counted from it, so yesterday's key is stale.
create temp table t7 as select pg_temp.msg('K7', null) as r;
create temp table t8 as select pg_temp.msg('K8', (select r ->> 'catalogKey' from t7), 1) as r;
select ok((select r ? 'clinic' and r ->> 'catalogKey' like '%/2026-01-06' from t8), 'on the next local day the key changes and the catalog is sent');

select * from finish();
rollback;
