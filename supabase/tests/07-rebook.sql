-- Appointments that can no longer go ahead (issue 7 §1): a closure, a blocked slot, a working-hours
-- edit or a practitioner switched off leaves booked appointments in appointments_to_rebook; each
-- patient who may be messaged is offered new times once, after a short grace period; an offer that
-- events overtook is dropped unsent; rebooking through the bot cancels the old appointment without
-- a notice. Edits as a Studio-like role (Supabase's postgres: NOSUPERUSER, BYPASSRLS).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(20);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

create function pg_temp.at(p_days int, p_hhmi text) returns timestamptz language sql stable as $$
  select ((now() at time zone 'America/New_York')::date + p_days + p_hhmi::time) at time zone 'America/New_York'
$$;
/** Books patient n with practitioner a-p at day/time as staff would, and returns the appointment. */
create function pg_temp.book(p_patient text, p_provider text, p_service text, p_days int, p_hhmi text) returns uuid language sql as $$
  insert into public.appointments (patient_id, service_id, provider_id, starts_at)
  values (('07000000-0000-4000-8000-0000000000b' || p_patient)::uuid, ('07000000-0000-4000-8000-0000000000e' || p_service)::uuid,
          ('07000000-0000-4000-8000-0000000000a' || p_provider)::uuid, pg_temp.at(p_days, p_hhmi))
  returning id
$$;
/** The rebook reasons of the appointments in the view, as "patient:reason". */
create function pg_temp.to_rebook() returns text[] language sql stable as $$
  select coalesce(array_agg(right(patient_id::text, 2) || ':' || reason order by starts_at, patient_id), '{}')
    from public.appointments_to_rebook where clinic_id = '07000000-0000-4000-8000-000000000001'
$$;
grant execute on all functions in schema pg_temp to studio_editor;
set local role studio_editor;

insert into clinics (id, name, timezone, reminder_hours_before) values
  ('07000000-0000-4000-8000-000000000001', 'Rebook Clinic', 'America/New_York', 0);
insert into channels (id, clinic_id, phone, secret) values
  ('07000000-0000-4000-8000-000000000002', '07000000-0000-4000-8000-000000000001', '+15550007000', repeat('r', 40));
insert into providers (id, clinic_id, name) values
  ('07000000-0000-4000-8000-0000000000a1', '07000000-0000-4000-8000-000000000001', 'Dr. Ada Reyes'),
  ('07000000-0000-4000-8000-0000000000a2', '07000000-0000-4000-8000-000000000001', 'Dr. Ben Cho');
insert into services (id, clinic_id, name, duration_minutes) values
  ('07000000-0000-4000-8000-0000000000e3', '07000000-0000-4000-8000-000000000001', 'Consultation', 30);
insert into provider_services (clinic_id, provider_id, service_id)
select '07000000-0000-4000-8000-000000000001', p.id, '07000000-0000-4000-8000-0000000000e3'
  from providers p where p.clinic_id = '07000000-0000-4000-8000-000000000001';
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '07000000-0000-4000-8000-000000000001', p.id, d, '09:00', '17:00'
  from providers p cross join generate_series(1, 7) d where p.clinic_id = '07000000-0000-4000-8000-000000000001';
-- b1 and b4 write on WhatsApp; b2 agreed to messages by phone; b3 did neither.
insert into patients (id, clinic_id, phone, name, messaging_consent) values
  ('07000000-0000-4000-8000-0000000000b1', '07000000-0000-4000-8000-000000000001', '+15550007001', 'Ana', false),
  ('07000000-0000-4000-8000-0000000000b2', '07000000-0000-4000-8000-000000000001', '+15550007002', 'Ben', true),
  ('07000000-0000-4000-8000-0000000000b3', '07000000-0000-4000-8000-000000000001', '+15550007003', 'Cy', false),
  ('07000000-0000-4000-8000-0000000000b4', '07000000-0000-4000-8000-000000000001', '+15550007004', 'Di', false);
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid)
select ('07000000-0000-4000-8000-0000000000c' || n)::uuid, '07000000-0000-4000-8000-000000000001', '07000000-0000-4000-8000-000000000002',
       ('07000000-0000-4000-8000-0000000000b' || n)::uuid, '1555000700' || n || '@s.whatsapp.net'
  from unnest(array[1, 4]) n;
select ok(public.generate_slots('07000000-0000-4000-8000-000000000001', 6, now()) > 0, 'the clinic has slots for the coming days');

create temp table booked (name text primary key, id uuid) on commit drop;
insert into booked values
  ('ana', pg_temp.book('1', '1', '3', 2, '09:00')),
  ('ben', pg_temp.book('2', '1', '3', 2, '10:00')),
  ('cy', pg_temp.book('3', '1', '3', 2, '11:00')),
  ('di', pg_temp.book('4', '2', '3', 2, '09:00')),
  ('ana-later', pg_temp.book('1', '1', '3', 4, '09:00')),
  ('di-later', pg_temp.book('4', '2', '3', 5, '14:00')),
  ('di-evening', pg_temp.book('4', '2', '3', 6, '15:00'));
delete from outbox where clinic_id = '07000000-0000-4000-8000-000000000001';

select is(pg_temp.to_rebook(), '{}'::text[], 'nothing needs rebooking while every appointment can go ahead');

-- A power cut closes the clinic on the morning of day 2.
insert into closures (clinic_id, starts_at, ends_at, reason)
values ('07000000-0000-4000-8000-000000000001', pg_temp.at(2, '08:00'), pg_temp.at(2, '12:00'), 'Power cut');
select is(pg_temp.to_rebook(), array['b1:closed', 'b4:closed', 'b2:closed', 'b3:closed'],
          'regression: a closure over booked appointments puts each of them in appointments_to_rebook (they stayed booked, and nobody was told)');
select is((select array_agg(distinct detail) from appointments_to_rebook where clinic_id = '07000000-0000-4000-8000-000000000001'),
          array['Power cut'], 'the view gives the closure''s reason');

-- Other reasons: Ada away on day 4, a blocked slot, shorter hours, a practitioner switched off.
insert into closures (clinic_id, provider_id, starts_at, ends_at, reason)
values ('07000000-0000-4000-8000-000000000001', '07000000-0000-4000-8000-0000000000a1', pg_temp.at(4, '00:00'), pg_temp.at(5, '00:00'), 'Conference');
update slots set status = 'blocked' where provider_id = '07000000-0000-4000-8000-0000000000a2' and starts_at = pg_temp.at(5, '14:00');
update working_hours set end_time = '12:00'
 where provider_id = '07000000-0000-4000-8000-0000000000a2'
   and weekday = extract(isodow from (now() at time zone 'America/New_York')::date + 6);
select is(
  (select array_agg(right(patient_id::text, 2) || ':' || reason order by starts_at) from appointments_to_rebook
    where appointment_id in (select id from booked where name in ('ana-later', 'di-later', 'di-evening'))),
  array['b1:provider_away', 'b4:blocked', 'b4:outside_hours'],
  'a practitioner''s leave, a blocked slot and shortened working hours each leave their appointments to rebook'
);
select results_eq(
  $$select status::text, count(*)::int from slots
     where provider_id = '07000000-0000-4000-8000-0000000000a2'
       and starts_at >= pg_temp.at(6, '12:00') and starts_at < pg_temp.at(7, '00:00')
     group by status$$,
  $$values ('booked'::text, 1)$$,
  'shortened hours take the free times after the new end off the booking calendar at once, leaving the booked one'
);
select is(
  (select count(*)::int from slots where provider_id = '07000000-0000-4000-8000-0000000000a2'
      and starts_at >= pg_temp.at(6, '09:00') and starts_at < pg_temp.at(6, '12:00')),
  6, 'the times still within the hours stay'
);

-- Offers: once per appointment, only to patients who may be messaged, after a grace period.
select is(public.enqueue_rebook_offers('07000000-0000-4000-8000-000000000001'), 6,
          'every listed patient who has a chat or gave consent is offered new times (all but Cy)');
select is_empty(
  $$select 1 from outbox where patient_id = '07000000-0000-4000-8000-0000000000b3'$$,
  'a patient with no chat and no consent is not messaged'
);
select results_eq(
  $$select kind::text, params ->> 'reason', params ->> 'serviceId', (params ->> 'startsAt')::timestamptz, text,
           send_after between now() + interval '119 seconds' and now() + interval '121 seconds'
      from outbox where appointment_id = (select id from booked where name = 'ana')$$,
  $$values ('rebook_offer'::text, 'closed'::text, '07000000-0000-4000-8000-0000000000e3'::text, pg_temp.at(2, '09:00'), null::text, true)$$,
  'an offer carries the appointment and the reason, and waits two minutes in case the closure was a mistake'
);
select is(public.enqueue_rebook_offers('07000000-0000-4000-8000-000000000001'), 0, 'each patient is offered new times only once');
select results_eq(
  $$select right(patient_id::text, 2), offer_status from appointments_to_rebook
     where appointment_id in (select id from booked where name in ('ana', 'cy')) order by patient_id$$,
  $$values ('b1'::text, 'pending'::outbox_status), ('b3', null)$$,
  'the view shows whether the patient was offered new times'
);

-- Ada is back after all: the conference closure goes before the offer is sent.
delete from closures where provider_id = '07000000-0000-4000-8000-0000000000a1';
create temp table claimed on commit drop as
select * from public.claim_outbox('07000000-0000-4000-8000-000000000002', 50, now() + interval '3 minutes');
select is_empty(
  $$select 1 from outbox where appointment_id = (select id from booked where name = 'ana-later')$$,
  'an offer whose appointment no longer needs rebooking is dropped unsent at the next claim'
);
select is((select count(*)::int from claimed where kind = 'rebook_offer'), 5, 'the other offers are claimed once their grace period is over');
select results_eq(
  $$select (context -> 'freeTimes' -> 'slots' -> 0 ->> 'startsAt')::timestamptz, context -> 'conversation' ->> 'mode'
      from claimed where params ->> 'appointmentId' = (select id::text from booked where name = 'ana')$$,
  $$select (select min(starts_at) from public.available_slots('07000000-0000-4000-8000-000000000001', '07000000-0000-4000-8000-0000000000e3',
                                                              now(), now() + interval '14 days', now() + interval '3 minutes')),
           'bot'::text$$,
  'a claimed offer comes with the first free times and the chat to write it for'
);
select is_empty(
  $$select 1 from claimed c, jsonb_array_elements(c.context -> 'freeTimes' -> 'slots') t
     where (t ->> 'startsAt')::timestamptz >= pg_temp.at(2, '08:00') and (t ->> 'startsAt')::timestamptz < pg_temp.at(2, '12:00')$$,
  'no time offered lies inside the closure'
);
select is(
  (select context -> 'conversation' from claimed where params ->> 'appointmentId' = (select id::text from booked where name = 'ben')),
  'null'::jsonb,
  'an offer to a patient who only consented has no chat to move'
);
select is(
  (select phone from claimed where params ->> 'appointmentId' = (select id::text from booked where name = 'ben')),
  '+15550007002', 'it goes to their number'
);

-- Ana takes a new time on WhatsApp: the bot reschedules, the old appointment is cancelled by her.
do $$ begin
  perform public.claim_slot('07000000-0000-4000-8000-0000000000c1', '07000000-0000-4000-8000-0000000000b1',
    '07000000-0000-4000-8000-0000000000e3',
    (select id from public.slots where provider_id = '07000000-0000-4000-8000-0000000000a1' and starts_at = pg_temp.at(2, '12:00')),
    now(), (select id from booked where name = 'ana'));
  perform public.reschedule_appointment((select id from booked where name = 'ana'), '07000000-0000-4000-8000-0000000000c1',
                                        '07000000-0000-4000-8000-0000000000b1');
end $$;
select results_eq(
  $$select status::text, cancelled_by from appointments where id = (select id from booked where name = 'ana')$$,
  $$values ('cancelled'::text, 'patient'::text)$$,
  'rebooking through the bot cancels the old appointment as the patient''s own doing'
);
select is_empty(
  $$select 1 from appointments_to_rebook where patient_id = '07000000-0000-4000-8000-0000000000b1'$$,
  'and it leaves the list of appointments to rebook, with no notice of a cancellation'
);

reset role;
select * from finish();
rollback;
