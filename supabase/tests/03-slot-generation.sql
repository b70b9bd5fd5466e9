-- generate_slots: working hours minus closures, on the clinic's wall clock, correct across both
-- daylight-saving transitions, and idempotent.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(13);

-- A New York clinic. Provider P works Sundays 00:00–04:00 (across the DST switch at 02:00) and
-- Mondays 09:00–17:00; provider R only Mondays; provider Z is inactive.
insert into clinics (id, name, timezone, slot_minutes) values
  ('03000000-0000-4000-8000-000000000001', 'DST Clinic', 'America/New_York', 30);
insert into providers (id, clinic_id, name, active) values
  ('03000000-0000-4000-8000-0000000000a1', '03000000-0000-4000-8000-000000000001', 'P', true),
  ('03000000-0000-4000-8000-0000000000a2', '03000000-0000-4000-8000-000000000001', 'R', true),
  ('03000000-0000-4000-8000-0000000000a3', '03000000-0000-4000-8000-000000000001', 'Z', false);
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time) values
  ('03000000-0000-4000-8000-000000000001', '03000000-0000-4000-8000-0000000000a1', 7, '00:00', '04:00'),
  ('03000000-0000-4000-8000-000000000001', '03000000-0000-4000-8000-0000000000a1', 1, '09:00', '17:00'),
  ('03000000-0000-4000-8000-000000000001', '03000000-0000-4000-8000-0000000000a2', 1, '09:00', '17:00'),
  ('03000000-0000-4000-8000-000000000001', '03000000-0000-4000-8000-0000000000a3', 1, '09:00', '17:00');

/** P's slots on one local date as wall-clock labels, in time order. */
create function pg_temp.local_labels(p_date date) returns text[] language sql as $$
  select coalesce(array_agg(to_char(s.starts_at at time zone 'America/New_York', 'HH24:MI') order by s.starts_at), '{}')
    from public.slots s
   where s.provider_id = '03000000-0000-4000-8000-0000000000a1'
     and (s.starts_at at time zone 'America/New_York')::date = p_date
$$;

-- Spring forward: Sunday 2026-03-08, 02:00 EST jumps to 03:00 EDT. p_now is Saturday noon.
select is(
  public.generate_slots('03000000-0000-4000-8000-000000000001', 1, '2026-03-07 17:00Z'),
  6,
  'on the spring-forward day only the six existing half hours between 00:00 and 04:00 become slots'
);
select is(
  pg_temp.local_labels('2026-03-08'),
  array['00:00', '00:30', '01:00', '01:30', '03:00', '03:30'],
  'the nonexistent 02:00 and 02:30 are skipped rather than shifted onto 03:00 and 03:30'
);
select is_empty(
  $$select id from public.slots where clinic_id = '03000000-0000-4000-8000-000000000001' and ends_at - starts_at <> interval '30 minutes'$$,
  'every slot lasts exactly 30 minutes of real time'
);

-- Fall back: Sunday 2026-11-01, 02:00 EDT falls back to 01:00 EST (01:00–02:00 happens twice).
select is(
  public.generate_slots('03000000-0000-4000-8000-000000000001', 1, '2026-10-31 16:00Z'),
  8,
  'on the fall-back day each of the eight half-hour labels between 00:00 and 04:00 becomes one slot'
);
select is(
  pg_temp.local_labels('2026-11-01'),
  array['00:00', '00:30', '01:00', '01:30', '02:00', '02:30', '03:00', '03:30'],
  'the repeated hour does not produce a second slot with the same label'
);
select is(
  (select array_agg(to_char(starts_at at time zone 'UTC', 'HH24:MI') order by starts_at) from public.slots
    where provider_id = '03000000-0000-4000-8000-0000000000a1'
      and (starts_at at time zone 'America/New_York')::date = '2026-11-01'),
  array['04:00', '04:30', '06:00', '06:30', '07:00', '07:30', '08:00', '08:30'],
  'an ambiguous label resolves to its standard-time instant, so the first 01:00-02:00 hour stays empty instead of overlapping'
);

-- An ordinary Monday (2026-06-01, EDT): 09:00–17:00 is 16 slots for each active practitioner.
select is(
  public.generate_slots('03000000-0000-4000-8000-000000000001', 1, '2026-05-31 12:00Z'),
  32,
  'a working Monday yields 16 slots for each of the two active practitioners'
);
select is(
  (select count(*)::int from public.slots where provider_id = '03000000-0000-4000-8000-0000000000a3'),
  0,
  'an inactive practitioner gets no slots'
);
select is(
  (select min(starts_at) from public.slots where (starts_at at time zone 'America/New_York')::date = '2026-06-01'),
  '2026-06-01 13:00Z'::timestamptz,
  'the first Monday slot starts at 09:00 New York time (13:00 UTC in summer)'
);
select is(
  public.generate_slots('03000000-0000-4000-8000-000000000001', 1, '2026-05-31 12:00Z'),
  0,
  'running generation again inserts nothing'
);

-- Closures: a clinic-wide morning closure and R's whole-day leave on Monday 2026-06-08.
insert into closures (clinic_id, provider_id, starts_at, ends_at) values
  ('03000000-0000-4000-8000-000000000001', null, '2026-06-08 13:00Z', '2026-06-08 16:00Z'),
  ('03000000-0000-4000-8000-000000000001', '03000000-0000-4000-8000-0000000000a2', '2026-06-08 04:00Z', '2026-06-09 04:00Z');
select is(
  public.generate_slots('03000000-0000-4000-8000-000000000001', 1, '2026-06-07 12:00Z'),
  10,
  'closures are skipped: P keeps the 10 afternoon slots, R on leave gets none'
);
select is(
  (select min(starts_at) from public.slots where (starts_at at time zone 'America/New_York')::date = '2026-06-08'),
  '2026-06-08 16:00Z'::timestamptz,
  'the first slot on the closure day starts when the morning closure ends'
);

-- No slot is generated in the past: p_now in the middle of Monday 2026-06-15 (12:10 local).
select is(
  public.generate_slots('03000000-0000-4000-8000-000000000001', 0, '2026-06-15 16:10Z'),
  18,
  'only the slots after p_now on the current day are generated (9 per practitioner)'
);

select * from finish();
rollback;
