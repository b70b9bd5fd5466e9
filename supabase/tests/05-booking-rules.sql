-- The clinic's booking rules and the last guards: minimum notice, booking horizon, per-patient
-- limit, closure-aware availability, staff blocks, consecutive slots for long services, and the
-- exclusion constraint refusing overlapping booked appointments however they are inserted.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(22);

-- A London clinic (UTC in January): 2 hours' notice, 7 days ahead, at most 2 upcoming per patient.
-- P1 works Monday-Friday 09:00-12:00. The clock is Monday 2026-01-05 08:00.
insert into clinics (id, name, timezone, min_notice_minutes, booking_horizon_days, max_upcoming_per_patient)
values ('05000000-0000-4000-8000-000000000001', 'Rules Clinic', 'Europe/London', 120, 7, 2);
insert into channels (id, clinic_id, phone, secret)
values ('05000000-0000-4000-8000-000000000002', '05000000-0000-4000-8000-000000000001', '+441110000501', repeat('r', 40));
insert into providers (id, clinic_id, name)
values ('05000000-0000-4000-8000-0000000000a1', '05000000-0000-4000-8000-000000000001', 'P1');
insert into services (id, clinic_id, name, duration_minutes, active) values
  ('05000000-0000-4000-8000-0000000000e3', '05000000-0000-4000-8000-000000000001', 'Short', 30, true),
  ('05000000-0000-4000-8000-0000000000e6', '05000000-0000-4000-8000-000000000001', 'Long', 60, true),
  ('05000000-0000-4000-8000-0000000000e0', '05000000-0000-4000-8000-000000000001', 'Retired', 30, false);
insert into provider_services (clinic_id, provider_id, service_id)
select '05000000-0000-4000-8000-000000000001', '05000000-0000-4000-8000-0000000000a1', id
  from services where clinic_id = '05000000-0000-4000-8000-000000000001';
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '05000000-0000-4000-8000-000000000001', '05000000-0000-4000-8000-0000000000a1', d, '09:00', '12:00'
  from generate_series(1, 5) d;
insert into patients (id, clinic_id, phone)
select ('05000000-0000-4000-8000-0000000000b' || n)::uuid, '05000000-0000-4000-8000-000000000001', '+44771000050' || n
  from generate_series(1, 2) n;
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid)
select ('05000000-0000-4000-8000-0000000000c' || n)::uuid, '05000000-0000-4000-8000-000000000001',
       '05000000-0000-4000-8000-000000000002', ('05000000-0000-4000-8000-0000000000b' || n)::uuid, n || '@s.whatsapp.net'
  from generate_series(1, 2) n;
do $$ begin perform public.generate_slots('05000000-0000-4000-8000-000000000001', 10, '2026-01-05 08:00Z'); end $$;

/** P1's slot starting at the given UTC time. */
create function pg_temp.s(p_starts text) returns uuid language sql as $$
  select id from public.slots where provider_id = '05000000-0000-4000-8000-0000000000a1' and starts_at = (p_starts || 'Z')::timestamptz
$$;
/** Start times offered for a service on one day, as HH:MI. */
create function pg_temp.offered(p_service uuid, p_day date) returns text[] language sql as $$
  select coalesce(array_agg(to_char(starts_at at time zone 'UTC', 'HH24:MI') order by starts_at), '{}')
    from public.available_slots('05000000-0000-4000-8000-000000000001', p_service,
                                p_day::timestamp at time zone 'UTC', (p_day + 1)::timestamp at time zone 'UTC',
                                '2026-01-05 08:00Z')
$$;
/** Claim-then-confirm for conversation/patient n at the fixed clock. */
create function pg_temp.book(p_n int, p_service uuid, p_slot uuid, p_replacing uuid default null) returns jsonb language plpgsql as $$
declare
  v_conversation uuid := ('05000000-0000-4000-8000-0000000000c' || p_n)::uuid;
  v_patient uuid := ('05000000-0000-4000-8000-0000000000b' || p_n)::uuid;
begin
  perform public.claim_slot(v_conversation, v_patient, p_service, p_slot, '2026-01-05 08:00Z', p_replacing);
  return public.confirm_hold(v_conversation, v_patient, p_service, '2026-01-05 08:00Z');
end;
$$;

-- Minimum notice.
select throws_ok($$select pg_temp.book(1, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-05 09:30'))$$,
                 'BK002', null, 'a time starting within the minimum notice cannot be claimed');
select is(pg_temp.offered('05000000-0000-4000-8000-0000000000e3', '2026-01-05'), array['10:00', '10:30', '11:00', '11:30'],
          'availability today starts exactly at the minimum notice');

-- Booking horizon (7 days from Monday 08:00).
select throws_ok($$select pg_temp.book(1, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-12 09:00'))$$,
                 'BK003', null, 'a time beyond the booking horizon cannot be claimed');
select is(pg_temp.offered('05000000-0000-4000-8000-0000000000e3', '2026-01-12'), '{}'::text[],
          'nothing is offered beyond the booking horizon');

-- Per-patient limit of 2 upcoming appointments.
select lives_ok($$select pg_temp.book(1, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-06 09:00'))$$,
                'a patient books a first appointment');
select lives_ok($$select pg_temp.book(1, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-07 09:00'))$$,
                'a patient books a second appointment');
select throws_ok($$select pg_temp.book(1, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-09 09:00'))$$,
                 'BK004', null, 'a third upcoming appointment is over the clinic''s limit');
select lives_ok(
  format($$select public.claim_slot('05000000-0000-4000-8000-0000000000c1', '05000000-0000-4000-8000-0000000000b1',
           '05000000-0000-4000-8000-0000000000e3', %L, '2026-01-05 08:00Z', %L)$$,
         pg_temp.s('2026-01-09 09:00'), (select id from public.appointments where slot_id = pg_temp.s('2026-01-07 09:00'))),
  'moving one of them to another time is not over the limit'
);
do $$ begin perform public.release_hold('05000000-0000-4000-8000-0000000000c1', '2026-01-05 08:00Z'); end $$;

-- Long services need consecutive free slots; Tuesday 09:00 is booked.
select is(pg_temp.offered('05000000-0000-4000-8000-0000000000e6', '2026-01-06'), array['09:30', '10:00', '10:30', '11:00'],
          'a 60-minute service is offered only where two free slots follow each other');

-- Closures added after the slots exist take effect at once, and lifting them restores the times.
insert into closures (clinic_id, starts_at, ends_at, reason)
values ('05000000-0000-4000-8000-000000000001', '2026-01-08 10:00Z', '2026-01-08 11:00Z', 'Staff training');
select is(pg_temp.offered('05000000-0000-4000-8000-0000000000e3', '2026-01-08'), array['09:00', '09:30', '11:00', '11:30'],
          'slots inside a new closure are no longer offered');
select is(pg_temp.offered('05000000-0000-4000-8000-0000000000e6', '2026-01-08'), array['09:00', '11:00'],
          'a long service may not run into a closure');
select throws_ok($$select pg_temp.book(2, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-08 10:00'))$$,
                 'BK001', null, 'a slot inside a closure cannot be claimed');
do $$ begin perform public.claim_slot('05000000-0000-4000-8000-0000000000c2', '05000000-0000-4000-8000-0000000000b2',
  '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-08 11:00'), '2026-01-05 08:00Z'); end $$;
insert into closures (clinic_id, starts_at, ends_at, reason)
values ('05000000-0000-4000-8000-000000000001', '2026-01-08 11:00Z', '2026-01-08 11:30Z', 'Emergency');
select throws_ok(
  $$select public.confirm_hold('05000000-0000-4000-8000-0000000000c2', '05000000-0000-4000-8000-0000000000b2',
                               '05000000-0000-4000-8000-0000000000e3', '2026-01-05 08:01Z')$$,
  'BK001', null, 'a hold on a time closed while the patient was confirming cannot be booked'
);
do $$ begin perform public.release_hold('05000000-0000-4000-8000-0000000000c2', '2026-01-05 08:01Z'); end $$;
delete from closures where clinic_id = '05000000-0000-4000-8000-000000000001';
select is(cardinality(pg_temp.offered('05000000-0000-4000-8000-0000000000e3', '2026-01-08')), 6,
          'removing the closure makes its slots bookable again');

-- Staff blocks and holds.
update slots set status = 'blocked' where id = pg_temp.s('2026-01-08 09:00');
select is((pg_temp.offered('05000000-0000-4000-8000-0000000000e3', '2026-01-08'))[1], '09:30', 'a blocked slot is not offered');
select throws_ok($$select pg_temp.book(2, '05000000-0000-4000-8000-0000000000e3', pg_temp.s('2026-01-08 09:00'))$$,
                 'BK001', null, 'a blocked slot cannot be claimed');
update slots set status = 'held', held_by = '05000000-0000-4000-8000-0000000000c2', held_until = '2026-01-05 07:59Z'
 where id = pg_temp.s('2026-01-08 11:30');
update slots set status = 'held', held_by = '05000000-0000-4000-8000-0000000000c2', held_until = '2026-01-05 08:05Z'
 where id = pg_temp.s('2026-01-08 11:00');
select is(pg_temp.offered('05000000-0000-4000-8000-0000000000e3', '2026-01-08'), array['09:30', '10:00', '10:30', '11:30'],
          'a live hold is not offered but an expired one is');
select throws_ok(
  $$select * from public.available_slots('05000000-0000-4000-8000-000000000001', '05000000-0000-4000-8000-0000000000e0',
                                         '2026-01-06', '2026-01-07', '2026-01-05 08:00Z')$$,
  'BK005', null, 'an inactive service has no availability'
);

-- The last guards, for rows inserted directly. booked_by 'patient' declares that the writer books the
-- slots itself, as confirm_hold does, so the appointment triggers step aside and the constraints speak.
select throws_ok(
  $$insert into public.appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
    values ('05000000-0000-4000-8000-000000000001', pg_temp.s('2026-01-06 09:30'), '05000000-0000-4000-8000-0000000000b2',
            '05000000-0000-4000-8000-0000000000e3', '05000000-0000-4000-8000-0000000000a1', '2026-01-06 09:15Z', '2026-01-06 09:45Z', 'patient')$$,
  '23P01', null, 'a booked appointment overlapping another booked one of the practitioner is refused'
);
select lives_ok(
  $$insert into public.appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, status, cancelled_at, booked_by)
    values ('05000000-0000-4000-8000-000000000001', pg_temp.s('2026-01-06 09:30'), '05000000-0000-4000-8000-0000000000b2',
            '05000000-0000-4000-8000-0000000000e3', '05000000-0000-4000-8000-0000000000a1', '2026-01-06 09:15Z', '2026-01-06 09:45Z',
            'cancelled', '2026-01-05 08:00Z', 'patient')$$,
  'a cancelled appointment may overlap a booked one'
);
select throws_ok(
  $$insert into public.appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
    values ('05000000-0000-4000-8000-000000000001', pg_temp.s('2026-01-06 09:00'), '05000000-0000-4000-8000-0000000000b2',
            '05000000-0000-4000-8000-0000000000e3', '05000000-0000-4000-8000-0000000000a1', '2026-01-06 11:00Z', '2026-01-06 11:30Z', 'patient')$$,
  '23505', null, 'two booked appointments cannot share a first slot'
);
select throws_ok(
  $$update public.slots set status = 'held' where id = pg_temp.s('2026-01-09 11:00')$$,
  '23514', null, 'a slot cannot be held without a hold expiry'
);
select * from finish();
rollback;
