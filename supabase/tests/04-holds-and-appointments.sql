-- Holds and appointments with a fixed clock: claim, expiry, one hold per conversation, all-or-none
-- for a service spanning two slots, confirm (idempotent), release, cancel and reschedule.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(36);

-- A Lisbon clinic (UTC+1 in June). P1 offers both services, P2 only the 30-minute one. Both work
-- Mondays 09:00-12:00 local, so on Monday 2026-06-01 each has slots at 08:00 ... 10:30 UTC.
insert into clinics (id, name, timezone, hold_minutes, min_notice_minutes, booking_horizon_days, max_upcoming_per_patient)
values ('04000000-0000-4000-8000-000000000001', 'Hold Clinic', 'Europe/Lisbon', 5, 30, 14, 5);
insert into channels (id, clinic_id, phone, secret)
values ('04000000-0000-4000-8000-000000000002', '04000000-0000-4000-8000-000000000001', '+351210000401', repeat('s', 40));
insert into providers (id, clinic_id, name) values
  ('04000000-0000-4000-8000-0000000000a1', '04000000-0000-4000-8000-000000000001', 'P1'),
  ('04000000-0000-4000-8000-0000000000a2', '04000000-0000-4000-8000-000000000001', 'P2');
insert into services (id, clinic_id, name, duration_minutes) values
  ('04000000-0000-4000-8000-0000000000e3', '04000000-0000-4000-8000-000000000001', 'Short', 30),
  ('04000000-0000-4000-8000-0000000000e6', '04000000-0000-4000-8000-000000000001', 'Long', 60);
insert into provider_services (clinic_id, provider_id, service_id) values
  ('04000000-0000-4000-8000-000000000001', '04000000-0000-4000-8000-0000000000a1', '04000000-0000-4000-8000-0000000000e3'),
  ('04000000-0000-4000-8000-000000000001', '04000000-0000-4000-8000-0000000000a1', '04000000-0000-4000-8000-0000000000e6'),
  ('04000000-0000-4000-8000-000000000001', '04000000-0000-4000-8000-0000000000a2', '04000000-0000-4000-8000-0000000000e3');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '04000000-0000-4000-8000-000000000001', id, 1, '09:00', '12:00' from providers
 where clinic_id = '04000000-0000-4000-8000-000000000001';
insert into patients (id, clinic_id, phone)
select ('04000000-0000-4000-8000-0000000000b' || n)::uuid, '04000000-0000-4000-8000-000000000001', '+35191000040' || n
  from generate_series(1, 3) n;
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid)
select ('04000000-0000-4000-8000-0000000000c' || n)::uuid, '04000000-0000-4000-8000-000000000001',
       '04000000-0000-4000-8000-000000000002', ('04000000-0000-4000-8000-0000000000b' || n)::uuid, n || '@s.whatsapp.net'
  from generate_series(1, 3) n;
do $$ begin perform public.generate_slots('04000000-0000-4000-8000-000000000001', 1, '2026-06-01 07:00Z'); end $$;

/** The slot of provider P1 or P2 starting at hh:mi UTC on 2026-06-01. */
create function pg_temp.s(p_provider text, p_hhmi text) returns uuid language sql as $$
  select id from public.slots
   where provider_id = case p_provider when 'P1' then '04000000-0000-4000-8000-0000000000a1'::uuid
                                       else '04000000-0000-4000-8000-0000000000a2'::uuid end
     and starts_at = ('2026-06-01 ' || p_hhmi || 'Z')::timestamptz
$$;
/** Slots held by a conversation. */
create function pg_temp.held_by(p_conversation uuid) returns uuid[] language sql as $$
  select coalesce(array_agg(id order by starts_at), '{}') from public.slots where held_by = p_conversation and status = 'held'
$$;
-- Shorthands: conversations c1..c3 belong to patients b1..b3; services e3 (30 min) and e6 (60 min).

-- Claim and contention.
select is(
  (public.claim_slot('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                     '04000000-0000-4000-8000-0000000000e3', pg_temp.s('P1', '08:00'), '2026-06-01 07:00Z') ->> 'held_until')::timestamptz,
  '2026-06-01 07:05Z'::timestamptz,
  'a claim holds the slot for the clinic''s five hold minutes'
);
select is(pg_temp.held_by('04000000-0000-4000-8000-0000000000c1'), array[pg_temp.s('P1', '08:00')],
          'the claimed slot is held by the conversation');
select throws_ok(
  format($$select public.claim_slot('04000000-0000-4000-8000-0000000000c2', '04000000-0000-4000-8000-0000000000b2',
           '04000000-0000-4000-8000-0000000000e3', %L, '2026-06-01 07:04Z')$$, pg_temp.s('P1', '08:00')),
  'BK001', null, 'another conversation cannot claim a slot under a live hold'
);
select lives_ok(
  format($$select public.claim_slot('04000000-0000-4000-8000-0000000000c2', '04000000-0000-4000-8000-0000000000b2',
           '04000000-0000-4000-8000-0000000000e3', %L, '2026-06-01 07:06Z')$$, pg_temp.s('P1', '08:00')),
  'once the hold has expired another conversation can claim the slot'
);
select is(pg_temp.held_by('04000000-0000-4000-8000-0000000000c2'), array[pg_temp.s('P1', '08:00')],
          'the expired hold now belongs to the second conversation');
select throws_ok(
  $$select public.confirm_hold('04000000-0000-4000-8000-0000000000c2', '04000000-0000-4000-8000-0000000000b2',
                               '04000000-0000-4000-8000-0000000000e6', '2026-06-01 07:07Z')$$,
  'BK011', null, 'a one-slot hold cannot be confirmed as the 60-minute service'
);
select throws_ok(
  $$select public.confirm_hold('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                               '04000000-0000-4000-8000-0000000000e3', '2026-06-01 07:06Z')$$,
  'BK006', null, 'a conversation whose expired hold was taken has nothing to confirm'
);

-- One live hold per conversation.
do $$ begin perform public.claim_slot('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                         '04000000-0000-4000-8000-0000000000e3', pg_temp.s('P1', '08:30'), '2026-06-01 07:10Z'); end $$;
do $$ begin perform public.claim_slot('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                         '04000000-0000-4000-8000-0000000000e3', pg_temp.s('P2', '08:30'), '2026-06-01 07:11Z'); end $$;
select is(pg_temp.held_by('04000000-0000-4000-8000-0000000000c1'), array[pg_temp.s('P2', '08:30')],
          'claiming another slot releases the conversation''s previous hold');
select is((select status from public.slots where id = pg_temp.s('P1', '08:30')), 'open'::slot_status,
          'the previously held slot is open again');
select is(
  (public.claim_slot('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                     '04000000-0000-4000-8000-0000000000e3', pg_temp.s('P2', '08:30'), '2026-06-01 07:11:30Z') ->> 'held_until')::timestamptz,
  '2026-06-01 07:16:30Z'::timestamptz,
  'claiming the slot the conversation already holds renews its hold'
);
select is(public.release_hold('04000000-0000-4000-8000-0000000000c1', '2026-06-01 07:12Z'), 1,
          'release_hold reports the one live slot it released');
select is(pg_temp.held_by('04000000-0000-4000-8000-0000000000c1'), '{}'::uuid[], 'after release the conversation holds nothing');
select throws_ok(
  $$select public.confirm_hold('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                               '04000000-0000-4000-8000-0000000000e3', '2026-06-01 07:12Z')$$,
  'BK006', null, 'confirming without a hold raises no_hold'
);

-- Expiry before confirmation.
do $$ begin perform public.claim_slot('04000000-0000-4000-8000-0000000000c3', '04000000-0000-4000-8000-0000000000b3',
                         '04000000-0000-4000-8000-0000000000e3', pg_temp.s('P2', '09:00'), '2026-06-01 07:00Z'); end $$;
select throws_ok(
  $$select public.confirm_hold('04000000-0000-4000-8000-0000000000c3', '04000000-0000-4000-8000-0000000000b3',
                               '04000000-0000-4000-8000-0000000000e3', '2026-06-01 07:05:01Z')$$,
  'BK007', null, 'confirming after the hold ran out raises hold_expired'
);

-- Confirm, idempotently.
do $$ begin perform public.claim_slot('04000000-0000-4000-8000-0000000000c3', '04000000-0000-4000-8000-0000000000b3',
                         '04000000-0000-4000-8000-0000000000e3', pg_temp.s('P2', '09:00'), '2026-06-01 07:20Z'); end $$;
create temp table first_confirm on commit drop as
select public.confirm_hold('04000000-0000-4000-8000-0000000000c3', '04000000-0000-4000-8000-0000000000b3',
                           '04000000-0000-4000-8000-0000000000e3', '2026-06-01 07:21Z') as appointment;
select is((select appointment ->> 'status' from first_confirm), 'booked', 'confirming a live hold books an appointment');
select is((select (appointment ->> 'starts_at')::timestamptz from first_confirm), '2026-06-01 09:00Z'::timestamptz,
          'the appointment starts at the held slot');
select is((select appointment ->> 'provider_name' from first_confirm), 'P2', 'the confirmation names the practitioner');
select is((select status from public.slots where id = pg_temp.s('P2', '09:00')), 'booked'::slot_status, 'the held slot is now booked');
select is(
  (public.confirm_hold('04000000-0000-4000-8000-0000000000c3', '04000000-0000-4000-8000-0000000000b3',
                       '04000000-0000-4000-8000-0000000000e3', '2026-06-01 07:22Z') ->> 'id'),
  (select appointment ->> 'id' from first_confirm),
  'confirming the same hold again returns the same appointment'
);
select is((select count(*)::int from public.appointments where conversation_id = '04000000-0000-4000-8000-0000000000c3'), 1,
          'a repeated confirmation does not book twice');

-- A 60-minute service takes two consecutive slots, all or none.
select is(
  (public.claim_slot('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                     '04000000-0000-4000-8000-0000000000e6', pg_temp.s('P1', '09:30'), '2026-06-01 07:30Z') -> 'slot_ids'),
  to_jsonb(array[pg_temp.s('P1', '09:30'), pg_temp.s('P1', '10:00')]),
  'a 60-minute service holds two consecutive 30-minute slots'
);
select throws_ok(
  format($$select public.claim_slot('04000000-0000-4000-8000-0000000000c2', '04000000-0000-4000-8000-0000000000b2',
           '04000000-0000-4000-8000-0000000000e6', %L, '2026-06-01 07:31Z')$$, pg_temp.s('P1', '09:00')),
  'BK001', null, 'a 60-minute claim whose second slot is held fails'
);
select is((select status from public.slots where id = pg_temp.s('P1', '09:00')), 'open'::slot_status,
          'the failed 60-minute claim left its first slot open (all or none)');
select is(pg_temp.held_by('04000000-0000-4000-8000-0000000000c2'), array[pg_temp.s('P1', '08:00')],
          'the failed claim kept the conversation''s previous hold');
select throws_ok(
  format($$select public.claim_slot('04000000-0000-4000-8000-0000000000c2', '04000000-0000-4000-8000-0000000000b2',
           '04000000-0000-4000-8000-0000000000e6', %L, '2026-06-01 07:31Z')$$, pg_temp.s('P1', '10:30')),
  'BK001', null, 'a 60-minute service cannot start in the last slot of the day'
);
select throws_ok(
  format($$select public.claim_slot('04000000-0000-4000-8000-0000000000c2', '04000000-0000-4000-8000-0000000000b2',
           '04000000-0000-4000-8000-0000000000e6', %L, '2026-06-01 07:31Z')$$, pg_temp.s('P2', '10:00')),
  'BK005', null, 'a practitioner who does not offer the service cannot be claimed for it'
);
select is(
  (public.confirm_hold('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                       '04000000-0000-4000-8000-0000000000e6', '2026-06-01 07:32Z') ->> 'ends_at')::timestamptz,
  '2026-06-01 10:30Z'::timestamptz,
  'the confirmed 60-minute appointment ends an hour after it starts'
);

-- Cancel.
select throws_ok(
  format($$select public.cancel_appointment(%L, '04000000-0000-4000-8000-0000000000b1', '2026-06-01 07:40Z')$$,
         (select appointment ->> 'id' from first_confirm)),
  'BK008', null, 'a patient cannot cancel someone else''s appointment'
);
select throws_ok(
  format($$select public.cancel_appointment(%L, '04000000-0000-4000-8000-0000000000b3', '2026-06-01 09:10Z')$$,
         (select appointment ->> 'id' from first_confirm)),
  'BK010', null, 'an appointment that has started cannot be cancelled'
);
select is(
  public.cancel_appointment((select (appointment ->> 'id')::uuid from first_confirm), '04000000-0000-4000-8000-0000000000b3',
                            '2026-06-01 07:40Z') ->> 'status',
  'cancelled',
  'the patient cancels their upcoming appointment'
);
select is((select status from public.slots where id = pg_temp.s('P2', '09:00')), 'open'::slot_status, 'cancelling frees the slot');
select is(
  public.cancel_appointment((select (appointment ->> 'id')::uuid from first_confirm), '04000000-0000-4000-8000-0000000000b3',
                            '2026-06-01 07:41Z') ->> 'status',
  'cancelled',
  'cancelling again is harmless'
);

-- Reschedule patient 1's 60-minute appointment (09:30) to 08:30: the hold becomes the new one.
create temp table long_appointment on commit drop as
select id from public.appointments where patient_id = '04000000-0000-4000-8000-0000000000b1' and status = 'booked';
select throws_ok(
  format($$select public.reschedule_appointment(%L, '04000000-0000-4000-8000-0000000000c1',
           '04000000-0000-4000-8000-0000000000b1', '2026-06-01 07:45Z')$$, (select id from long_appointment)),
  'BK006', null, 'rescheduling without a hold fails'
);
select is((select status from public.appointments where id = (select id from long_appointment)), 'booked'::appointment_status,
          'a failed reschedule keeps the old appointment');
do $$ begin perform public.claim_slot('04000000-0000-4000-8000-0000000000c1', '04000000-0000-4000-8000-0000000000b1',
                         '04000000-0000-4000-8000-0000000000e6', pg_temp.s('P1', '08:30'), '2026-06-01 07:45Z',
                         (select id from long_appointment)); end $$;
select is(
  (public.reschedule_appointment((select id from long_appointment), '04000000-0000-4000-8000-0000000000c1',
                                 '04000000-0000-4000-8000-0000000000b1', '2026-06-01 07:46Z') ->> 'rescheduled_from_id')::uuid,
  (select id from long_appointment),
  'rescheduling books the held time as a new appointment that points at the old one'
);
select results_eq(
  $$select starts_at, service_name from public.patient_upcoming_appointments('04000000-0000-4000-8000-0000000000b1', '2026-06-01 07:47Z')$$,
  $$values ('2026-06-01 08:30Z'::timestamptz, 'Long'::text)$$,
  'after rescheduling the patient has only the new appointment upcoming'
);

select * from finish();
rollback;
