-- Staff edit appointments in Studio (issue 7 §1), run as a role like Supabase's postgres, which
-- Studio's Table Editor uses: not a superuser, bypasses RLS, may do anything to the project's
-- tables. Book a caller, cancel, record the outcome, move, delete, and slot edits under bookings;
-- each either works as a receptionist means it (slots, notices) or fails with words naming why.
-- The bot's own paths keep working and never notify the patient of what they did themselves.
-- Staff edits use the real clock, so the fixture lives a few days from now.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(65);

-- Studio's role, as Supabase's postgres: NOSUPERUSER, BYPASSRLS, granted every object of the project.
do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

/** The clinic's local day n days from today. */
create function pg_temp.day(p_days int) returns date language sql stable as $$
  select (now() at time zone 'America/New_York')::date + p_days
$$;
/** The clinic's wall clock: day n at hh:mi. */
create function pg_temp.local(p_days int, p_hhmi text) returns timestamp language sql stable as $$
  select pg_temp.day(p_days) + p_hhmi::time
$$;
/** The instant of that wall-clock time in New York. */
create function pg_temp.at(p_days int, p_hhmi text) returns timestamptz language sql stable as $$
  select pg_temp.local(p_days, p_hhmi) at time zone 'America/New_York'
$$;
/** How staff error messages write that time ("Fri 4 Dec 2026 09:00"). */
create function pg_temp.said(p_days int, p_hhmi text) returns text language sql stable as $$
  select to_char(pg_temp.local(p_days, p_hhmi), 'Dy FMDD Mon YYYY HH24:MI')
$$;
/** The status of a provider's slot at that time. */
create function pg_temp.slot(p_provider text, p_days int, p_hhmi text) returns public.slot_status language sql stable as $$
  select status from public.slots where provider_id = ('06000000-0000-4000-8000-0000000000' || p_provider)::uuid
     and starts_at = pg_temp.at(p_days, p_hhmi)
$$;
grant execute on all functions in schema pg_temp to studio_editor;

set local role studio_editor;

-- Harbor-like clinic in New York: Dr. Ada Reyes (a1) and Dr. Ben Cho (a2) give consultations (30 min)
-- and check-ups (60 min), Nurse Kim (a3) only flu shots; everyone works every day 09:00-17:00.
insert into clinics (id, name, timezone, reminder_hours_before) values
  ('06000000-0000-4000-8000-000000000001', 'Studio Clinic', 'America/New_York', 0);
insert into channels (id, clinic_id, phone, secret) values
  ('06000000-0000-4000-8000-000000000002', '06000000-0000-4000-8000-000000000001', '+15550006000', repeat('s', 40));
insert into providers (id, clinic_id, name) values
  ('06000000-0000-4000-8000-0000000000a1', '06000000-0000-4000-8000-000000000001', 'Dr. Ada Reyes'),
  ('06000000-0000-4000-8000-0000000000a2', '06000000-0000-4000-8000-000000000001', 'Dr. Ben Cho'),
  ('06000000-0000-4000-8000-0000000000a3', '06000000-0000-4000-8000-000000000001', 'Nurse Kim');
insert into services (id, clinic_id, name, duration_minutes) values
  ('06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-000000000001', 'Consultation', 30),
  ('06000000-0000-4000-8000-0000000000e6', '06000000-0000-4000-8000-000000000001', 'Check-up', 60),
  ('06000000-0000-4000-8000-0000000000e9', '06000000-0000-4000-8000-000000000001', 'Flu shot', 30);
insert into provider_services (clinic_id, provider_id, service_id) values
  ('06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000a1', '06000000-0000-4000-8000-0000000000e3'),
  ('06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000a1', '06000000-0000-4000-8000-0000000000e6'),
  ('06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000a2', '06000000-0000-4000-8000-0000000000e3'),
  ('06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000a2', '06000000-0000-4000-8000-0000000000e6'),
  ('06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000a3', '06000000-0000-4000-8000-0000000000e9');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '06000000-0000-4000-8000-000000000001', p.id, d, '09:00', '17:00'
  from providers p cross join generate_series(1, 7) d where p.clinic_id = '06000000-0000-4000-8000-000000000001';
-- Patients: Ana writes on WhatsApp (chat c1); two callers who never wrote, one of whom agreed to
-- messages; Bea books through the bot (chat c4).
insert into patients (id, clinic_id, phone, name, messaging_consent) values
  ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-000000000001', '+15550006001', 'Ana Lopez', false),
  ('06000000-0000-4000-8000-0000000000b2', '06000000-0000-4000-8000-000000000001', '+15550006002', 'Carl Caller', false),
  ('06000000-0000-4000-8000-0000000000b3', '06000000-0000-4000-8000-000000000001', '+15550006003', 'Cora Consent', true),
  ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-000000000001', '+15550006004', 'Bea Bot', false);
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('06000000-0000-4000-8000-0000000000c1', '06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-000000000002',
   '06000000-0000-4000-8000-0000000000b1', '15550006001@s.whatsapp.net'),
  ('06000000-0000-4000-8000-0000000000c4', '06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-000000000002',
   '06000000-0000-4000-8000-0000000000b4', '15550006004@s.whatsapp.net');
select ok(public.generate_slots('06000000-0000-4000-8000-000000000001', 6, now()) > 0, 'the clinic has slots for the coming days');

-- ── Book a caller ─────────────────────────────────────────────────────────────────────────────
select set_eq(
  $$select column_name::text from information_schema.columns
     where table_schema = 'public' and table_name = 'appointments' and is_nullable = 'NO' and column_default is null$$,
  array['patient_id', 'service_id', 'provider_id'],
  'the insert form asks only for patient, service and provider: every other column is optional or filled in'
);
create temp table ana on commit drop as
with booked as (
  insert into appointments (patient_id, service_id, provider_id, starts_at_local)
  values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
          pg_temp.local(2, '09:00'))
  returning *
) select * from booked;
select results_eq(
  $$select clinic_id, starts_at, ends_at, booked_by, status::text, slot_id from ana$$,
  $$select '06000000-0000-4000-8000-000000000001'::uuid, pg_temp.at(2, '09:00'), pg_temp.at(2, '09:30'), 'clinic'::text, 'booked'::text,
           (select id from slots where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '09:00'))$$,
  'a caller booked with patient, service, provider and the clinic''s wall-clock start gets every other column filled in'
);
select is(pg_temp.slot('a1', 2, '09:00'), 'booked'::slot_status, 'the booking claims its slot');
select results_eq(
  $$select kind::text, text, chat_jid, params ->> 'serviceName', params ->> 'providerName', (params ->> 'startsAt')::timestamptz
      from outbox where appointment_id = (select id from ana)$$,
  $$values ('appointment_booked'::text, null::text, '15550006001@s.whatsapp.net'::text, 'Consultation'::text, 'Dr. Ada Reyes'::text,
            pg_temp.at(2, '09:00'))$$,
  'the patient, who has a chat, is told of the booking (the function writes the text from the params)'
);
create temp table checkup on commit drop as
with booked as (
  insert into appointments (patient_id, service_id, provider_id, starts_at)
  values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e6', '06000000-0000-4000-8000-0000000000a2',
          pg_temp.at(2, '10:00'))
  returning *
) select * from booked;
select results_eq(
  $$select starts_at_local, ends_at from checkup$$,
  $$select pg_temp.local(2, '10:00'), pg_temp.at(2, '11:00')$$,
  'a start given with an offset is shown on the clinic''s clock too, and a 60-minute service ends an hour later'
);
select is(array[pg_temp.slot('a2', 2, '10:00'), pg_temp.slot('a2', 2, '10:30')], array['booked', 'booked']::slot_status[],
          'a 60-minute service claims both of its slots');
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.at(2, '11:00'), pg_temp.local(2, '11:30'))$$,
  'ST003', null, 'a start given twice, differently, is refused'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a3',
            pg_temp.local(2, '11:00'))$$,
  'ST006', 'Nurse Kim does not offer Consultation', 'booking a practitioner for a service they do not offer names both'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '09:00'))$$,
  'ST001', format('Dr. Ada Reyes is already booked then: Consultation for Ana Lopez at %s to 09:30', pg_temp.said(2, '09:00')),
  'a clash names the practitioner, the booking in the way, its patient and its time'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a2',
            pg_temp.local(2, '10:30'))$$,
  'ST001', format('Dr. Ben Cho is already booked then: Check-up for Ana Lopez at %s to 11:00', pg_temp.said(2, '10:00')),
  'a time inside a longer booking clashes with it'
);
insert into closures (clinic_id, starts_at, ends_at, reason)
values ('06000000-0000-4000-8000-000000000001', pg_temp.at(3, '00:00'), pg_temp.at(4, '00:00'), 'Staff training');
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(3, '11:00'))$$,
  'ST002', format('The clinic is closed from %s to %s (Staff training)', pg_temp.said(3, '00:00'), pg_temp.said(4, '00:00')),
  'a time inside a closure is refused with the closure''s dates and reason'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '18:00'))$$,
  'ST002', format('Dr. Ada Reyes has no bookable time from %s to 18:30 (bookable that day: 09:00 to 17:00, starting every 30 minutes)', pg_temp.said(2, '18:00')),
  'a time outside working hours is refused with the day''s bookable hours'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '09:15'))$$,
  'ST002', null, 'a time between two slot starts is refused'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e6', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '16:30'))$$,
  'ST002', null, 'a 60-minute service that would run past the end of the day is refused'
);
update slots set status = 'blocked' where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '12:00');
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b4', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '12:00'))$$,
  'ST002', format('Dr. Ada Reyes''s time at %s is blocked', pg_temp.said(2, '12:00')), 'a blocked time is refused'
);
do $$ begin
  perform public.claim_slot('06000000-0000-4000-8000-0000000000c4', '06000000-0000-4000-8000-0000000000b4',
    '06000000-0000-4000-8000-0000000000e3',
    (select id from public.slots where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '13:00')));
end $$;
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '13:00'))$$,
  'ST001', null, 'a time a patient is holding on WhatsApp right now is refused'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(-1, '10:00'))$$,
  'ST003', format('%s has already passed', pg_temp.said(-1, '10:00')), 'a time in the past is refused'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            '2031-03-09 02:30')$$,
  'ST003', '2031-03-09 02:30:00 does not exist in America/New_York (the clocks change that day)',
  'a wall-clock time the clocks skip is refused, not silently shifted'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local, ends_at)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '14:00'), pg_temp.at(2, '15:00'))$$,
  'ST003', null, 'an end that does not match the service''s length is refused'
);
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local, status)
    values ('06000000-0000-4000-8000-0000000000b1', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
            pg_temp.local(2, '14:00'), 'completed')$$,
  'ST003', null, 'a new appointment starts out booked'
);
select lives_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at_local)
    values ('06000000-0000-4000-8000-0000000000b2', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a2',
            pg_temp.local(2, '14:00'))$$,
  'a caller who never wrote and gave no consent can be booked'
);
select is_empty(
  $$select 1 from outbox where patient_id = '06000000-0000-4000-8000-0000000000b2'$$,
  'a caller who never wrote and gave no consent is not messaged'
);
insert into appointments (patient_id, service_id, provider_id, starts_at_local)
values ('06000000-0000-4000-8000-0000000000b3', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a2',
        pg_temp.local(2, '14:30'));
select results_eq(
  $$select kind::text, phone, chat_jid, conversation_id from outbox where patient_id = '06000000-0000-4000-8000-0000000000b3'$$,
  $$values ('appointment_booked'::text, '+15550006003'::text, null::text, null::uuid)$$,
  'a caller who agreed to messages is told on their number'
);

-- ── The bot's own paths: no notice for what the patient did ─────────────────────────────────
create temp table bea on commit drop as
select public.confirm_hold('06000000-0000-4000-8000-0000000000c4', '06000000-0000-4000-8000-0000000000b4',
                           '06000000-0000-4000-8000-0000000000e3') as booked;
select results_eq(
  $$select booked_by, starts_at_local from appointments where id = (select (booked ->> 'id')::uuid from bea)$$,
  $$select 'patient'::text, pg_temp.local(2, '13:00')$$,
  'a booking on WhatsApp is marked booked by the patient, with its wall-clock start'
);
select is(pg_temp.slot('a1', 2, '13:00'), 'booked'::slot_status, 'the bot''s confirmation books the held slot');
do $$ begin
  perform public.claim_slot('06000000-0000-4000-8000-0000000000c4', '06000000-0000-4000-8000-0000000000b4',
    '06000000-0000-4000-8000-0000000000e3',
    (select id from public.slots where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '15:00')),
    now(), (select (booked ->> 'id')::uuid from bea));
  perform public.reschedule_appointment((select (booked ->> 'id')::uuid from bea), '06000000-0000-4000-8000-0000000000c4',
    '06000000-0000-4000-8000-0000000000b4');
end $$;
select is(array[pg_temp.slot('a1', 2, '13:00'), pg_temp.slot('a1', 2, '15:00')], array['open', 'booked']::slot_status[],
          'the bot''s reschedule frees the old time and books the new one');
select lives_ok(
  $$select public.cancel_appointment((select id from appointments where patient_id = '06000000-0000-4000-8000-0000000000b4' and status = 'booked'),
                                     '06000000-0000-4000-8000-0000000000b4')$$,
  'the patient cancels on WhatsApp'
);
select is(pg_temp.slot('a1', 2, '15:00'), 'open'::slot_status, 'the bot''s cancellation frees the time');
select results_eq(
  $$select cancelled_by, count(*)::int from appointments where patient_id = '06000000-0000-4000-8000-0000000000b4' group by 1$$,
  $$values ('patient'::text, 2)$$,
  'both the rescheduled and the cancelled appointment were cancelled by the patient'
);
select is_empty($$select 1 from outbox where patient_id = '06000000-0000-4000-8000-0000000000b4'$$,
                'the patient is told nothing beyond the bot''s replies about what they did themselves');

-- ── Cancel, and record the outcome ──────────────────────────────────────────────────────────
select lives_ok(
  $$update appointments set status = 'cancelled' where id = (select id from ana)$$,
  'regression: setting status to cancelled, and nothing else, works (it failed on a check constraint)'
);
select results_eq(
  $$select cancelled_by, cancelled_at is not null from appointments where id = (select id from ana)$$,
  $$values ('clinic'::text, true)$$,
  'a cancellation by staff fills in who and when'
);
select is(pg_temp.slot('a1', 2, '09:00'), 'open'::slot_status, 'cancelling frees the time');
select is(
  (select array_agg(kind::text order by created_at) from outbox where appointment_id = (select id from ana)),
  array['appointment_booked', 'appointment_cancelled'],
  'the patient is told of the cancellation'
);
select throws_ok($$update appointments set status = 'booked' where id = (select id from ana)$$,
                 'ST003', 'a cancelled appointment stays cancelled: add a new appointment instead', 'a cancellation cannot be undone by hand');
select throws_ok(
  $$update appointments set status = 'cancelled', starts_at_local = pg_temp.local(2, '15:00') where id = (select id from checkup)$$,
  'ST003', 'cancel or move, not both at once', 'cancelling and moving at once is refused'
);
update appointments set status = 'completed' where id = (select id from checkup);
select results_eq(
  $$select (select count(*)::int from outbox where appointment_id = (select id from checkup)),
           pg_temp.slot('a2', 2, '10:00')::text$$,
  $$values (1, 'booked'::text)$$,
  'marking an appointment completed sends nothing and leaves its time taken'
);
update appointments set status = 'no_show' where id = (select id from checkup);
select is((select count(*)::int from outbox where appointment_id = (select id from checkup)), 1, 'marking a no-show sends nothing');
update appointments set status = 'booked' where id = (select id from checkup);

-- ── Move ─────────────────────────────────────────────────────────────────────────────────────
select lives_ok($$update appointments set starts_at_local = pg_temp.local(2, '15:00') where id = (select id from checkup)$$,
                'a receptionist moves an appointment by typing the new wall-clock start');
select results_eq(
  $$select starts_at, ends_at, slot_id from appointments where id = (select id from checkup)$$,
  $$select pg_temp.at(2, '15:00'), pg_temp.at(2, '16:00'),
           (select id from slots where provider_id = '06000000-0000-4000-8000-0000000000a2' and starts_at = pg_temp.at(2, '15:00'))$$,
  'the start, end and first slot follow'
);
select is(
  array[pg_temp.slot('a2', 2, '10:00'), pg_temp.slot('a2', 2, '10:30'), pg_temp.slot('a2', 2, '15:00'), pg_temp.slot('a2', 2, '15:30')],
  array['open', 'open', 'booked', 'booked']::slot_status[],
  'the old time is freed and the new one claimed'
);
select results_eq(
  $$select (params ->> 'previousStartsAt')::timestamptz, (params ->> 'startsAt')::timestamptz from outbox
     where appointment_id = (select id from checkup) and kind = 'appointment_moved'$$,
  $$select pg_temp.at(2, '10:00'), pg_temp.at(2, '15:00')$$,
  'the patient is told the old and the new time'
);
select lives_ok($$update appointments set starts_at = pg_temp.at(2, '15:30') where id = (select id from checkup)$$,
                'an appointment moves by half an hour onto part of its own time');
select is(
  array[pg_temp.slot('a2', 2, '15:00'), pg_temp.slot('a2', 2, '15:30'), pg_temp.slot('a2', 2, '16:00')],
  array['open', 'booked', 'booked']::slot_status[],
  'a move overlapping its own time keeps the shared slot and swaps the rest'
);
select lives_ok($$update appointments set provider_id = '06000000-0000-4000-8000-0000000000a1' where id = (select id from checkup)$$,
                'an appointment moves to another practitioner at the same time');
select results_eq(
  $$select pg_temp.slot('a1', 2, '15:30')::text, pg_temp.slot('a2', 2, '15:30')::text,
           (select params ->> 'previousProviderName' from outbox where appointment_id = (select id from checkup) and kind = 'appointment_moved'
             order by created_at desc limit 1)$$,
  $$values ('booked'::text, 'open'::text, 'Dr. Ben Cho'::text)$$,
  'the new practitioner''s time is claimed, the old one freed, and the notice names the change'
);
insert into appointments (patient_id, service_id, provider_id, starts_at_local)
values ('06000000-0000-4000-8000-0000000000b3', '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1',
        pg_temp.local(2, '10:00'));
select throws_ok(
  $$update appointments set starts_at_local = pg_temp.local(2, '09:30') where id = (select id from checkup)$$,
  'ST001', format('Dr. Ada Reyes is already booked then: Consultation for Cora Consent at %s to 10:30', pg_temp.said(2, '10:00')),
  'a move onto a booked time names the booking in the way'
);
select results_eq(
  $$select starts_at, pg_temp.slot('a1', 2, '09:30')::text from appointments where id = (select id from checkup)$$,
  $$select pg_temp.at(2, '15:30'), 'open'::text$$,
  'a refused move changes nothing'
);
select throws_ok(
  $$update appointments set starts_at_local = pg_temp.local(3, '09:00') where id = (select id from checkup)$$,
  'ST002', null, 'a move into a closure is refused'
);
select throws_ok($$update appointments set starts_at_local = pg_temp.local(2, '16:00') where id = (select id from ana)$$,
                 'ST003', 'only a booked appointment can be moved (this one is cancelled)', 'a cancelled appointment cannot be moved');
select throws_ok($$update appointments set ends_at = ends_at + interval '30 minutes' where id = (select id from checkup)$$,
                 'ST003', null, 'the end follows the service and cannot be typed');

-- ── Slots under bookings ─────────────────────────────────────────────────────────────────────
select throws_ok(
  $$update slots set status = 'open' where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '15:30')$$,
  'ST003', format('this time belongs to Check-up for Ana Lopez on %s: cancel or move that appointment instead', pg_temp.said(2, '15:30')),
  'a booked slot cannot be opened under its appointment'
);
select throws_ok(
  $$delete from slots where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '15:30')$$,
  'ST003', null, 'a booked slot cannot be deleted under its appointment'
);
select throws_ok(
  $$update slots set status = 'booked' where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '16:30')$$,
  'ST003', null, 'a slot is not booked by hand, without an appointment'
);
select lives_ok(
  $$update slots set status = 'blocked' where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '15:30')$$,
  'a booked slot may be blocked (its appointment then waits to be rebooked)'
);
set constraints appointments_check_slots immediate;
select throws_ok(
  $$insert into appointments (patient_id, service_id, provider_id, starts_at, ends_at, slot_id, booked_by)
    select '06000000-0000-4000-8000-0000000000b2', '06000000-0000-4000-8000-0000000000e3', provider_id, starts_at, ends_at, id, 'patient'
      from slots where provider_id = '06000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '16:30')$$,
  'ST003', null, 'an appointment written around the triggers on time whose slots are open is refused at commit'
);
set constraints appointments_check_slots deferred;

-- ── Delete ───────────────────────────────────────────────────────────────────────────────────
select throws_ok(
  $$delete from appointments where id = (select id from checkup)$$,
  'ST004', format('this appointment (%s) is still booked: cancel it first (set status to cancelled), then delete it', pg_temp.said(2, '15:30')),
  'deleting an appointment still to come is refused with a message saying to cancel first'
);
select lives_ok($$delete from appointments where id = (select id from ana)$$, 'a cancelled appointment can be deleted');
select throws_ok(
  $$delete from patients where id = '06000000-0000-4000-8000-0000000000b1'$$,
  'ST004', format('Ana Lopez has 1 appointment(s) still booked (the first on %s): cancel them first, then delete the patient', pg_temp.said(2, '15:30')),
  'regression: deleting a patient with a booking still to come is refused instead of leaving its time booked for ever'
);
select is(pg_temp.slot('a1', 2, '16:00'), 'booked'::slot_status, 'the refused delete left the booking and its time as they were');
-- Bea's history: a visit last week (slots of the past are written here directly).
insert into slots (id, clinic_id, provider_id, starts_at, ends_at, status) values
  ('06000000-0000-4000-8000-0000000000f1', '06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000a1',
   pg_temp.at(-7, '09:00'), pg_temp.at(-7, '09:30'), 'booked');
insert into appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, status, booked_by)
values ('06000000-0000-4000-8000-000000000001', '06000000-0000-4000-8000-0000000000f1', '06000000-0000-4000-8000-0000000000b4',
        '06000000-0000-4000-8000-0000000000e3', '06000000-0000-4000-8000-0000000000a1', pg_temp.at(-7, '09:00'), pg_temp.at(-7, '09:30'),
        'completed', 'patient');
select lives_ok($$delete from patients where id = '06000000-0000-4000-8000-0000000000b4'$$,
                'a patient with only past and cancelled appointments can be deleted');
select is_empty(
  $$select 1 from appointments where patient_id = '06000000-0000-4000-8000-0000000000b4'
    union all select 1 from conversations where patient_id = '06000000-0000-4000-8000-0000000000b4'$$,
  'their history and chat go with them'
);
select lives_ok($$delete from clinics where id = '06000000-0000-4000-8000-000000000001'$$,
                'a whole clinic can still be deleted, bookings and all');
select is_empty($$select 1 from appointments where clinic_id = '06000000-0000-4000-8000-000000000001'
                  union all select 1 from slots where clinic_id = '06000000-0000-4000-8000-000000000001'$$,
                'deleting the clinic deleted its appointments and slots');

reset role;
select * from finish();
rollback;
