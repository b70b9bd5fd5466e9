-- Confirming a visit (issue 11 §2): the patient's answer to their reminder sets
-- appointments.confirmed_at through confirm_appointment; a move clears it (the confirmation was for
-- another time); staff may set it after a call. tomorrows_unconfirmed_appointments lists tomorrow's
-- visits nobody confirmed, for staff to call, with what became of the reminder. Staff edits run as
-- a Studio-like role; the view is read as a staff login too.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(16);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

/** The clinic's local day n days from today, at hh:mi, as an instant in New York. */
create function pg_temp.at(p_days int, p_hhmi text) returns timestamptz language sql stable as $$
  select (((now() at time zone 'America/New_York')::date + p_days) + p_hhmi::time) at time zone 'America/New_York'
$$;
grant execute on all functions in schema pg_temp to studio_editor;

insert into auth.users (id, email) values ('56000000-0000-4000-8000-0000000000a9', 'staff-56@confirm.test');
insert into public.clinics (id, name, timezone, reminder_hours_before) values
  ('56000000-0000-4000-8000-000000000001', 'Confirm Clinic', 'America/New_York', 24);
insert into public.staff (clinic_id, user_id) values ('56000000-0000-4000-8000-000000000001', '56000000-0000-4000-8000-0000000000a9');
insert into public.channels (id, clinic_id, phone, secret) values
  ('56000000-0000-4000-8000-0000000000c1', '56000000-0000-4000-8000-000000000001', '+15550005601', repeat('s', 32));
insert into public.providers (id, clinic_id, name) values ('56000000-0000-4000-8000-0000000000f1', '56000000-0000-4000-8000-000000000001', 'Dr. Ames');
insert into public.services (id, clinic_id, name, duration_minutes) values ('56000000-0000-4000-8000-0000000000d1', '56000000-0000-4000-8000-000000000001', 'Check-up', 30);
insert into public.provider_services (clinic_id, provider_id, service_id) values
  ('56000000-0000-4000-8000-000000000001', '56000000-0000-4000-8000-0000000000f1', '56000000-0000-4000-8000-0000000000d1');
insert into public.working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '56000000-0000-4000-8000-000000000001', '56000000-0000-4000-8000-0000000000f1', d, '09:00', '17:00' from generate_series(1, 7) d;
insert into public.patients (id, clinic_id, phone, name) values
  ('56000000-0000-4000-8000-0000000000a1', '56000000-0000-4000-8000-000000000001', '+15550005611', 'Ann Answer'),
  ('56000000-0000-4000-8000-0000000000a2', '56000000-0000-4000-8000-000000000001', '+15550005612', 'Sam Silent'),
  ('56000000-0000-4000-8000-0000000000a3', '56000000-0000-4000-8000-000000000001', '+15550005613', 'Carl Caller');
insert into public.conversations (clinic_id, channel_id, patient_id, chat_jid)
select '56000000-0000-4000-8000-000000000001', '56000000-0000-4000-8000-0000000000c1', p.id, ltrim(p.phone, '+') || '@s.whatsapp.net'
  from public.patients p where p.id in ('56000000-0000-4000-8000-0000000000a1', '56000000-0000-4000-8000-0000000000a2');
select ok(public.generate_slots('56000000-0000-4000-8000-000000000001', 4, now()) > 0, 'the clinic has slots for the coming days');

-- Tomorrow: Ann at 09:00, Sam at 10:00, Carl (a caller who never wrote) at 11:00; Ann again in three days.
set local role studio_editor;
insert into public.appointments (id, patient_id, service_id, provider_id, starts_at) values
  ('56000000-0000-4000-8000-000000000201', '56000000-0000-4000-8000-0000000000a1', '56000000-0000-4000-8000-0000000000d1', '56000000-0000-4000-8000-0000000000f1', pg_temp.at(1, '09:00')),
  ('56000000-0000-4000-8000-000000000202', '56000000-0000-4000-8000-0000000000a2', '56000000-0000-4000-8000-0000000000d1', '56000000-0000-4000-8000-0000000000f1', pg_temp.at(1, '10:00')),
  ('56000000-0000-4000-8000-000000000203', '56000000-0000-4000-8000-0000000000a3', '56000000-0000-4000-8000-0000000000d1', '56000000-0000-4000-8000-0000000000f1', pg_temp.at(1, '11:00')),
  ('56000000-0000-4000-8000-000000000204', '56000000-0000-4000-8000-0000000000a1', '56000000-0000-4000-8000-0000000000d1', '56000000-0000-4000-8000-0000000000f1', pg_temp.at(3, '09:00'));
reset role;
-- Sam's reminder went out yesterday (as if), unanswered.
insert into public.outbox (kind, patient_id, appointment_id, params, send_after)
values ('reminder', '56000000-0000-4000-8000-0000000000a2', '56000000-0000-4000-8000-000000000202',
        jsonb_build_object('appointmentId', '56000000-0000-4000-8000-000000000202', 'startsAt', public.utc_iso(pg_temp.at(1, '10:00'))), now());
update public.outbox set text = 'Reminder', status = 'sent', sent_at = now()
 where appointment_id = '56000000-0000-4000-8000-000000000202' and kind = 'reminder';

select results_eq(
  $$select patient_name, reminder_status::text, stopped_reminders from public.tomorrows_unconfirmed_appointments
     where clinic_id = '56000000-0000-4000-8000-000000000001' order by local_start$$,
  $$values ('Ann Answer'::text, null::text, false), ('Sam Silent', 'sent', false), ('Carl Caller', null, false)$$,
  'tomorrow''s visits nobody confirmed are listed in time order, with what became of their reminders; later days are not'
);

-- The patient answers their reminder.
select results_eq(
  $$select (r ->> 'id')::uuid, (r ->> 'confirmedAt')::timestamptz
      from public.confirm_appointment('56000000-0000-4000-8000-000000000201', '56000000-0000-4000-8000-0000000000a1', date_trunc('second', now()) - interval '1 minute') r$$,
  $$values ('56000000-0000-4000-8000-000000000201'::uuid, date_trunc('second', now()) - interval '1 minute')$$,
  'confirm_appointment confirms the patient''s own appointment, at the moment they answered'
);
select is((select confirmed_at from public.appointments where id = '56000000-0000-4000-8000-000000000201'), date_trunc('second', now()) - interval '1 minute',
  'confirmed_at is set');
select is((public.confirm_appointment('56000000-0000-4000-8000-000000000201', '56000000-0000-4000-8000-0000000000a1', now()) ->> 'confirmedAt')::timestamptz,
  date_trunc('second', now()) - interval '1 minute', 'confirming again keeps the first confirmation');
select throws_ok(
  $$select public.confirm_appointment('56000000-0000-4000-8000-000000000202', '56000000-0000-4000-8000-0000000000a1', now())$$,
  'BK008', null, 'a patient cannot confirm someone else''s appointment'
);
select throws_ok(
  $$select public.confirm_appointment('56000000-0000-4000-8000-000000000202', '56000000-0000-4000-8000-0000000000a2', pg_temp.at(1, '10:15'))$$,
  'BK010', null, 'an appointment that has begun cannot be confirmed'
);
select is_empty(
  $$select 1 from public.tomorrows_unconfirmed_appointments where appointment_id = '56000000-0000-4000-8000-000000000201'$$,
  'a confirmed visit leaves the list'
);

-- Staff: a call confirms Carl; moving Sam's visit clears nothing there was, moving Ann's clears hers.
set local role studio_editor;
update public.appointments set confirmed_at = now() where id = '56000000-0000-4000-8000-000000000203';
select results_eq(
  $$select patient_name from public.tomorrows_unconfirmed_appointments where clinic_id = '56000000-0000-4000-8000-000000000001'$$,
  $$values ('Sam Silent'::text)$$,
  'staff who reached a patient by phone set confirmed_at, and the list keeps only whom to call'
);
update public.appointments set starts_at = pg_temp.at(1, '13:00') where id = '56000000-0000-4000-8000-000000000201';
select is((select confirmed_at from public.appointments where id = '56000000-0000-4000-8000-000000000201'), null::timestamptz,
  'moving a confirmed appointment to another time clears its confirmation: it was for the old time');
update public.appointments set starts_at = pg_temp.at(1, '14:00'), confirmed_at = now() + interval '1 second' where id = '56000000-0000-4000-8000-000000000203';
select isnt((select confirmed_at from public.appointments where id = '56000000-0000-4000-8000-000000000203'), null::timestamptz,
  'a move that confirms in the same edit (agreed on the phone) stays confirmed');
update public.appointments set status = 'cancelled' where id = '56000000-0000-4000-8000-000000000202';
reset role;
select throws_ok(
  $$select public.confirm_appointment('56000000-0000-4000-8000-000000000202', '56000000-0000-4000-8000-0000000000a2', now())$$,
  'BK008', null, 'a cancelled appointment cannot be confirmed'
);
select results_eq(
  $$select patient_name from public.tomorrows_unconfirmed_appointments where clinic_id = '56000000-0000-4000-8000-000000000001'$$,
  $$values ('Ann Answer'::text)$$,
  'cancelled visits are not listed; a moved one is, until confirmed again'
);
-- A staff login reads the view through the API, its own clinic only.
set local role authenticated;
set local request.jwt.claims to '{"sub": "56000000-0000-4000-8000-0000000000a9", "role": "authenticated"}';
select results_eq(
  $$select patient_name, patient_phone from public.tomorrows_unconfirmed_appointments$$,
  $$values ('Ann Answer'::text, '+15550005611'::text)$$,
  'staff see their clinic''s list with the numbers to call'
);
select isnt_empty(
  $$update public.appointments set confirmed_at = now() where id = '56000000-0000-4000-8000-000000000201' returning id$$,
  'and may confirm a visit through the API'
);
reset role;
set local role anon;
select throws_ok($$select * from public.tomorrows_unconfirmed_appointments$$, '42501', null, 'anon sees nothing');
reset role;

select * from finish();
rollback;
