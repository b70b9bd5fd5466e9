-- What the function writes outbox texts from (docs/design.md "Integration"): the appointment and each
-- free time of a rebook offer name their practitioner by id (the flow's state needs them); a visit
-- stopped by a closure or a blocked time is offered the same practitioner's first free day, one
-- stopped by the practitioner's absence anyone's; the catalog gives names in every language; a
-- message to a staff phone names that person's alert language.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(11);

insert into clinics (id, name, timezone, language, locale) values ('34000000-0000-4000-8000-000000000001', 'Render Clinic', 'Europe/Lisbon', 'es', 'es-MX');
insert into channels (id, clinic_id, phone, secret)
values ('34000000-0000-4000-8000-000000000002', '34000000-0000-4000-8000-000000000001', '+351210000341', repeat('r', 40));
-- Dr Alves works Mondays only; Dr Brito every weekday.
insert into providers (id, clinic_id, name, name_translations) values
  ('34000000-0000-4000-8000-0000000000a1', '34000000-0000-4000-8000-000000000001', 'Dr. Alves', '{"es": "Dra. Alves"}'),
  ('34000000-0000-4000-8000-0000000000a2', '34000000-0000-4000-8000-000000000001', 'Dr. Brito', '{}');
insert into services (id, clinic_id, name, duration_minutes, name_translations)
values ('34000000-0000-4000-8000-0000000000e1', '34000000-0000-4000-8000-000000000001', 'Cleaning', 30, '{"es": "Limpieza", "pt": "Limpeza"}');
insert into provider_services (clinic_id, provider_id, service_id) values
  ('34000000-0000-4000-8000-000000000001', '34000000-0000-4000-8000-0000000000a1', '34000000-0000-4000-8000-0000000000e1'),
  ('34000000-0000-4000-8000-000000000001', '34000000-0000-4000-8000-0000000000a2', '34000000-0000-4000-8000-0000000000e1');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
values ('34000000-0000-4000-8000-000000000001', '34000000-0000-4000-8000-0000000000a1', 1, '09:00', '11:00');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '34000000-0000-4000-8000-000000000001', '34000000-0000-4000-8000-0000000000a2', d, '09:00', '11:00' from generate_series(1, 5) d;
select generate_slots('34000000-0000-4000-8000-000000000001', 14, now());
insert into patients (id, clinic_id, phone, name) values
  ('34000000-0000-4000-8000-0000000000b1', '34000000-0000-4000-8000-000000000001', '+351910000341', 'Ana');
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('34000000-0000-4000-8000-0000000000c1', '34000000-0000-4000-8000-000000000001', '34000000-0000-4000-8000-000000000002',
   '34000000-0000-4000-8000-0000000000b1', '351910000341@s.whatsapp.net');
insert into staff (clinic_id, display_name, alert_phone, alert_language)
values ('34000000-0000-4000-8000-000000000001', 'Rui', '+351910000349', 'pt');

-- Dr Alves's first Monday slot after tomorrow: an appointment to make offers about.
insert into appointments (patient_id, service_id, provider_id, starts_at, conversation_id)
select '34000000-0000-4000-8000-0000000000b1', '34000000-0000-4000-8000-0000000000e1', '34000000-0000-4000-8000-0000000000a1',
       s.starts_at, '34000000-0000-4000-8000-0000000000c1'
  from slots s
 where s.provider_id = '34000000-0000-4000-8000-0000000000a1' and s.status = 'open' and s.starts_at > now() + interval '1 day'
 order by s.starts_at limit 1;
create temp table appt as select * from appointments where patient_id = '34000000-0000-4000-8000-0000000000b1';

/** The render context of an outbox row of p_kind about the appointment (the row itself is never stored). */
create function pg_temp.context(p_kind text, p_params jsonb, p_phone text default null) returns jsonb language sql as $$
  select public.outbox_render_context(jsonb_populate_record(null::public.outbox, jsonb_build_object(
           'id', gen_random_uuid(), 'clinic_id', '34000000-0000-4000-8000-000000000001',
           'channel_id', '34000000-0000-4000-8000-000000000002', 'conversation_id', '34000000-0000-4000-8000-0000000000c1',
           'patient_id', '34000000-0000-4000-8000-0000000000b1', 'appointment_id', (select id from appt),
           'phone', p_phone, 'kind', p_kind, 'params', p_params)), now())
$$;

select is(pg_temp.context('appointment_booked', '{}') -> 'appointment' ->> 'providerId', '34000000-0000-4000-8000-0000000000a1',
  'the appointment names its practitioner by id');
select is(pg_temp.context('appointment_booked', '{}') -> 'catalog' -> 'services' -> '34000000-0000-4000-8000-0000000000e1' -> 'names' ->> 'es',
  'Limpieza', 'the catalog carries service names in every language');
select is(pg_temp.context('appointment_booked', '{}') -> 'catalog' -> 'providers' -> '34000000-0000-4000-8000-0000000000a1' -> 'names' ->> 'es',
  'Dra. Alves', 'and practitioners''');
select is(pg_temp.context('appointment_booked', '{}') -> 'clinic' ->> 'locale', 'es-MX', 'the clinic''s locale and language are columns now');
select is(appointment_notice_params(a) ->> 'providerId', '34000000-0000-4000-8000-0000000000a1', 'notice params name the practitioner by id')
  from appointments a where a.id = (select id from appt);

-- A closure: the same practitioner's next free day, all theirs.
create temp table closed as select pg_temp.context('rebook_offer', '{"reason": "closed"}') -> 'freeTimes' as f;
select is((select f ->> 'providerId' from closed), '34000000-0000-4000-8000-0000000000a1', 'a closure offers the same practitioner''s times');
select is((select count(*)::int from closed, jsonb_array_elements(f -> 'slots') s where s ->> 'providerId' <> '34000000-0000-4000-8000-0000000000a1'), 0,
  'only theirs');
select is((select extract(isodow from (f ->> 'day')::date)::int from closed), 1, 'on their next working day (a Monday)');

-- Their absence: anyone's first free day, each free time with its practitioner.
create temp table away as select pg_temp.context('rebook_offer', '{"reason": "provider_away"}') -> 'freeTimes' as f;
select is((select f -> 'providerId' from away), 'null'::jsonb, 'an absence offers anyone''s times');
select is((select count(*)::int from away, jsonb_array_elements(f -> 'slots') s where s ->> 'providerId' is null), 0,
  'each free time names its practitioner');

select is(pg_temp.context('staff_alert', '{}', '+351910000349') -> 'staff', '{"name": "Rui", "language": "pt"}'::jsonb,
  'a message to a staff phone names that person and their alert language');

select * from finish();
rollback;
