-- available_slots answers a service that fits in one slot without computing runs of slots
-- (20261203750300) only when no candidate slot in the window is shorter than the service; the
-- answer is the one the runs give. Each case is written out, and a day asked alone (every slot as
-- long as the service: the one-slot pass) is compared with the same day inside a window that also
-- holds a shorter slot (the pass over runs).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(9);

insert into clinics (id, name, timezone, min_notice_minutes, booking_horizon_days)
values ('69000000-0000-4000-8000-000000000001', 'Slots Clinic', 'UTC', 0, 30);
insert into providers (id, clinic_id, name, active) values
  ('69000000-0000-4000-8000-0000000000a1', '69000000-0000-4000-8000-000000000001', 'Ana', true),
  ('69000000-0000-4000-8000-0000000000a2', '69000000-0000-4000-8000-000000000001', 'Bruno', true),
  ('69000000-0000-4000-8000-0000000000a3', '69000000-0000-4000-8000-000000000001', 'Carla', false);
insert into services (id, clinic_id, name, duration_minutes) values
  ('69000000-0000-4000-8000-0000000000e3', '69000000-0000-4000-8000-000000000001', 'Thirty', 30),
  ('69000000-0000-4000-8000-0000000000e4', '69000000-0000-4000-8000-000000000001', 'Forty-five', 45),
  ('69000000-0000-4000-8000-0000000000e6', '69000000-0000-4000-8000-000000000001', 'Sixty', 60);
insert into provider_services (clinic_id, provider_id, service_id) values
  ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a1', '69000000-0000-4000-8000-0000000000e3'),
  ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a1', '69000000-0000-4000-8000-0000000000e4'),
  ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a1', '69000000-0000-4000-8000-0000000000e6'),
  ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a2', '69000000-0000-4000-8000-0000000000e3'),
  ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a2', '69000000-0000-4000-8000-0000000000e4'),
  ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a3', '69000000-0000-4000-8000-0000000000e3');

/** A slot of Ana (a1), Bruno (a2) or Carla (a3) from..to on the given day, in UTC. */
create function pg_temp.slot(p_who text, p_day text, p_from text, p_to text, p_status text default 'open',
                             p_held_until timestamptz default null) returns void language sql as $$
  insert into public.slots (clinic_id, provider_id, starts_at, ends_at, status, held_until)
  values ('69000000-0000-4000-8000-000000000001', ('69000000-0000-4000-8000-0000000000' || p_who)::uuid,
          (p_day || ' ' || p_from || 'Z')::timestamptz, (p_day || ' ' || p_to || 'Z')::timestamptz,
          p_status::public.slot_status, p_held_until)
$$;
/** "who hh:mi-hh:mi" for each row available_slots gives, in its order. */
create function pg_temp.offered(p_service text, p_from text, p_to text, p_limit int default 50) returns text[] language sql as $$
  select coalesce(array_agg(pr.name || ' ' || to_char(a.starts_at at time zone 'UTC', 'DD HH24:MI') || '-'
                            || to_char(a.ends_at at time zone 'UTC', 'HH24:MI') order by a.n), '{}')
    from (select s.*, row_number() over () as n
            from public.available_slots('69000000-0000-4000-8000-000000000001', ('69000000-0000-4000-8000-0000000000' || p_service)::uuid,
                                        p_from::timestamptz, p_to::timestamptz, '2026-06-01 06:00Z', p_limit) s) a
    join public.providers pr on pr.id = a.provider_id
$$;

-- Day 1: every slot 30 minutes. Ana: 10:00 taken, 11:00 held by a hold that ran out at 05:00,
-- 11:30 held until 07:00. Bruno: 09:30 inside his closure. Carla is not working any more.
select pg_temp.slot('a1', '2026-06-01', '09:00', '09:30');
select pg_temp.slot('a1', '2026-06-01', '09:30', '10:00');
select pg_temp.slot('a1', '2026-06-01', '10:00', '10:30', 'booked');
select pg_temp.slot('a1', '2026-06-01', '10:30', '11:00');
select pg_temp.slot('a1', '2026-06-01', '11:00', '11:30', 'held', '2026-06-01 05:00Z');
select pg_temp.slot('a1', '2026-06-01', '11:30', '12:00', 'held', '2026-06-01 07:00Z');
select pg_temp.slot('a2', '2026-06-01', '09:00', '09:30');
select pg_temp.slot('a2', '2026-06-01', '09:30', '10:00');
select pg_temp.slot('a2', '2026-06-01', '10:00', '10:30');
select pg_temp.slot('a3', '2026-06-01', '09:00', '09:30');
insert into closures (clinic_id, provider_id, starts_at, ends_at, reason)
values ('69000000-0000-4000-8000-000000000001', '69000000-0000-4000-8000-0000000000a2', '2026-06-01 09:30Z', '2026-06-01 10:00Z', 'dentist');
-- Day 2: Ana has a 15-minute slot before a 30-minute one, and an hour-long slot at 10:00.
select pg_temp.slot('a1', '2026-06-02', '09:00', '09:15');
select pg_temp.slot('a1', '2026-06-02', '09:15', '09:45');
select pg_temp.slot('a1', '2026-06-02', '10:00', '11:00');

select is(
  pg_temp.offered('e3', '2026-06-01 00:00Z', '2026-06-02 00:00Z'),
  array['Ana 01 09:00-09:30', 'Bruno 01 09:00-09:30', 'Ana 01 09:30-10:00', 'Bruno 01 10:00-10:30',
        'Ana 01 10:30-11:00', 'Ana 01 11:00-11:30'],
  'a one-slot service on a day of 30-minute slots: every free slot, earliest first, a tie by name'
);
select is(
  pg_temp.offered('e3', '2026-06-01 00:00Z', '2026-06-02 00:00Z', 2),
  array['Ana 01 09:00-09:30', 'Bruno 01 09:00-09:30'],
  'and no more than the limit'
);
select is(
  (pg_temp.offered('e3', '2026-06-01 00:00Z', '2026-06-03 00:00Z'))[1:6],
  pg_temp.offered('e3', '2026-06-01 00:00Z', '2026-06-02 00:00Z'),
  'the same day inside a window holding a shorter slot (the pass over runs) gives the same times'
);
select is(
  (pg_temp.offered('e3', '2026-06-01 00:00Z', '2026-06-03 00:00Z'))[7:],
  array['Ana 02 09:00-09:30', 'Ana 02 09:15-09:45', 'Ana 02 10:00-10:30'],
  'a 15-minute slot starts the service when the next slot follows it at once; an hour-long slot starts it alone'
);
select is(
  pg_temp.offered('e6', '2026-06-01 00:00Z', '2026-06-02 00:00Z'),
  array['Ana 01 09:00-10:00', 'Ana 01 10:30-11:30'],
  'an hour on a day of 30-minute slots: starts of two free slots in a row'
);
select is(
  pg_temp.offered('e4', '2026-06-02 00:00Z', '2026-06-03 00:00Z'),
  array['Ana 02 09:00-09:45', 'Ana 02 10:00-10:45'],
  '45 minutes on day 2: the 15 and 30 minute slots together, or the hour-long slot'
);
select is(
  pg_temp.offered('e3', '2026-06-02 09:45Z', '2026-06-03 00:00Z'),
  array['Ana 02 10:00-10:30'],
  'a window past the short slot is answered by the one-slot pass: the hour-long slot'
);
select is(
  pg_temp.offered('e6', '2026-06-02 00:00Z', '2026-06-03 00:00Z'),
  array['Ana 02 10:00-11:00'],
  'an hour on day 2: only the hour-long slot (the 15 and 30 minute run is 45 minutes)'
);
select throws_ok(
  $$select pg_temp.offered('e3', '2026-06-01 00:00Z', '2026-06-02 00:00Z', 0)$$,
  'BK009', null, 'a limit below one is still refused'
);

select * from finish();
rollback;
