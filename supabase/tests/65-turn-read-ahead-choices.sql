-- What begin_turn reads ahead from the stored step and the patient's text (turn_read_ahead,
-- 20261203630000, 20261203720000, 20261203740000; issue 10 §2): the free days of the service a number or a name at
-- the service step picks (each practitioner's first free time of each day; every free time when a
-- stored wish narrows them), the FAQ matches of a text at the menu that looks like a question, one day's free
-- times when a day is picked by its number; each exactly what the RPC returns at that instant,
-- and nothing where the text points nowhere.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(39);

-- A Lisbon clinic (UTC in January): P1 and P2 work Monday-Friday 09:00-12:00. Checkup is offered
-- by both, Vaccination by P2 only, Acupuncture by nobody (so it is never listed). Clock: Monday
-- 2026-01-05 08:00.
insert into clinics (id, name, timezone)
values ('65000000-0000-4000-8000-000000000001', 'Guessing Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret)
values ('65000000-0000-4000-8000-000000000002', '65000000-0000-4000-8000-000000000001', '+351210000651', repeat('g', 40));
insert into providers (id, clinic_id, name) values
  ('65000000-0000-4000-8000-0000000000a1', '65000000-0000-4000-8000-000000000001', 'P1'),
  ('65000000-0000-4000-8000-0000000000a2', '65000000-0000-4000-8000-000000000001', 'P2');
insert into services (id, clinic_id, name, name_translations, duration_minutes, keywords) values
  ('65000000-0000-4000-8000-0000000000e1', '65000000-0000-4000-8000-000000000001', 'Checkup', '{}', 30, '{check-up}'),
  ('65000000-0000-4000-8000-0000000000e2', '65000000-0000-4000-8000-000000000001', 'Vaccination', '{"es": "Vacunación"}', 30, '{flu shot}'),
  ('65000000-0000-4000-8000-0000000000e3', '65000000-0000-4000-8000-000000000001', 'Acupuncture', '{}', 30, '{}');
insert into provider_services (clinic_id, provider_id, service_id) values
  ('65000000-0000-4000-8000-000000000001', '65000000-0000-4000-8000-0000000000a1', '65000000-0000-4000-8000-0000000000e1'),
  ('65000000-0000-4000-8000-000000000001', '65000000-0000-4000-8000-0000000000a2', '65000000-0000-4000-8000-0000000000e1'),
  ('65000000-0000-4000-8000-000000000001', '65000000-0000-4000-8000-0000000000a2', '65000000-0000-4000-8000-0000000000e2');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '65000000-0000-4000-8000-000000000001', p.id, d, '09:00', '12:00'
  from providers p, generate_series(1, 5) d where p.clinic_id = '65000000-0000-4000-8000-000000000001';
do $$ begin perform public.generate_slots('65000000-0000-4000-8000-000000000001', 10, '2026-01-05 08:00Z'); end $$;
insert into faqs (clinic_id, language, question, answer, keywords) values
  ('65000000-0000-4000-8000-000000000001', 'en', 'Is there parking?', 'Yes, behind the building.', '{parking}'),
  ('65000000-0000-4000-8000-000000000001', 'es', '¿Hay aparcamiento?', 'Sí, detrás del edificio.', '{aparcamiento}');
insert into patients (id, clinic_id, phone) values
  ('65000000-0000-4000-8000-0000000000b1', '65000000-0000-4000-8000-000000000001', '+351920000651');

/** turn_read_ahead for the test patient at 08:00 on 2026-01-05, at the step given (null: no state). */
create function pg_temp.ahead(p_step jsonb, p_body text) returns jsonb language sql as $$
  select public.turn_read_ahead('65000000-0000-4000-8000-000000000001', '65000000-0000-4000-8000-0000000000b1',
                                case when p_step is null then null else jsonb_build_object('v', 2, 'step', p_step, 'stack', '[]'::jsonb, 'invalid', 0) end,
                                p_body, '2026-01-05 08:00Z')
$$;
/** available_slots' rows as begin_turn hands them to the function. */
create function pg_temp.free(p_service uuid, p_from timestamptz, p_to timestamptz) returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_object('slot_id', f.slot_id, 'starts_at', f.starts_at, 'provider_id', f.provider_id)), '[]'::jsonb)
    from public.available_slots('65000000-0000-4000-8000-000000000001', p_service, p_from, p_to, '2026-01-05 08:00Z', 1000) f
$$;
/**
 * The first of those rows of each practitioner on each local day (Lisbon), leaving out p_excluding
 * (a moved appointment's start), with how many rows there are (all of them).
 */
create function pg_temp.free_days(p_service uuid, p_excluding timestamptz default null) returns jsonb language sql as $$
  select jsonb_build_object(
           'serviceId', p_service, 'limit', 1000, 'excluding', p_excluding,
           'from', '2026-01-05 08:00Z'::timestamptz, 'to', '2026-01-05 08:00Z'::timestamptz
                 + make_interval(days => (select booking_horizon_days from clinics where id = '65000000-0000-4000-8000-000000000001')),
           'found', jsonb_array_length(pg_temp.free(p_service, '2026-01-05 08:00Z', 'infinity')),
           'rows', coalesce(jsonb_agg(r order by n), '[]'::jsonb))
    from jsonb_array_elements(pg_temp.free(p_service, '2026-01-05 08:00Z', 'infinity')) with ordinality e (r, n)
   where (r ->> 'starts_at')::timestamptz is distinct from p_excluding
     and not exists (
     select 1 from jsonb_array_elements(pg_temp.free(p_service, '2026-01-05 08:00Z', 'infinity')) o
      where o ->> 'provider_id' = r ->> 'provider_id'
        and (o ->> 'starts_at')::timestamptz is distinct from p_excluding
        and ((o ->> 'starts_at')::timestamptz at time zone 'Europe/Lisbon')::date = ((r ->> 'starts_at')::timestamptz at time zone 'Europe/Lisbon')::date
        and (o ->> 'starts_at')::timestamptz < (r ->> 'starts_at')::timestamptz)
$$;
/** search_faqs' rows as begin_turn hands them to the function. */
create function pg_temp.faqs(p_query text, p_language text) returns jsonb language sql as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', f.id, 'question', f.question, 'answer', f.answer, 'language', f.language, 'score', f.score)), '[]'::jsonb)
    from public.search_faqs('65000000-0000-4000-8000-000000000001', p_query, 3, p_language) f
$$;
create temp table service_step as select '{"kind": "pick_service", "providerId": null, "wish": {"day": null, "range": null, "time": null, "part": null}}'::jsonb as s;
create temp table day_step as select '{"kind": "pick_day", "draft": {"serviceId": "65000000-0000-4000-8000-0000000000e1", "providerId": null, "rescheduleOf": null}, "days": ["2026-01-05", "2026-01-06", "2026-01-07"], "wish": {"day": null, "range": null, "time": null, "part": null}}'::jsonb as s;

-- The service step.
select is(pg_temp.ahead((select s from service_step), '2'),
  jsonb_build_object('freeDays', pg_temp.free_days('65000000-0000-4000-8000-0000000000e2')),
  'a number at the service step reads ahead the free days of the service listed under it, over the horizon: '
  'of its free times, each practitioner''s first of each day, and how many there are');
select is(pg_temp.ahead((select s from service_step), '1') -> 'freeDays',
  pg_temp.free_days('65000000-0000-4000-8000-0000000000e1'),
  '...with two practitioners, each one''s first of each day');
select cmp_ok(jsonb_array_length(pg_temp.ahead((select s from service_step), '1') -> 'freeDays' -> 'rows'), '<',
              (pg_temp.ahead((select s from service_step), '1') -> 'freeDays' ->> 'found')::int,
  '...which are fewer than the free times');
select is((select count(distinct (r ->> 'provider_id', ((r ->> 'starts_at')::timestamptz at time zone 'Europe/Lisbon')::date))
             from jsonb_array_elements(pg_temp.ahead((select s from service_step), '1') -> 'freeDays' -> 'rows') r),
          (select count(distinct (r ->> 'provider_id', ((r ->> 'starts_at')::timestamptz at time zone 'Europe/Lisbon')::date))
             from jsonb_array_elements(pg_temp.free('65000000-0000-4000-8000-0000000000e1', '2026-01-05 08:00Z', 'infinity')) r),
  '...and hold every practitioner''s every free day');
select is(pg_temp.ahead((select s || '{"wish": {"day": null, "range": null, "time": null, "part": "morning"}}' from service_step), '2') -> 'slots',
  jsonb_build_object('serviceId', '65000000-0000-4000-8000-0000000000e2', 'limit', 1000,
                     'rows', pg_temp.free('65000000-0000-4000-8000-0000000000e2', '2026-01-05 08:00Z', 'infinity')),
  'with a stored wish narrowing the days (a part of the day), every free time over the horizon is read, as before');
select is(pg_temp.ahead((select s from service_step), ' #1. ') -> 'freeDays' ->> 'serviceId', '65000000-0000-4000-8000-0000000000e1',
  'the services are numbered as the flow lists them: bookable ones by name (Acupuncture, offered by nobody, is not listed)');
select is(pg_temp.ahead((select s from service_step), '3'), '{}'::jsonb, 'a number beyond the list reads nothing ahead');
select is(pg_temp.ahead((select s from service_step), '0'), '{}'::jsonb, 'nor does 0');
select is(pg_temp.ahead((select s || '{"providerId": "65000000-0000-4000-8000-0000000000a1"}' from service_step), '2'), '{}'::jsonb,
  'with a practitioner named, only their services are listed (P1 offers only Checkup: no second service)');
select is(pg_temp.ahead((select s || '{"providerId": "65000000-0000-4000-8000-0000000000a1"}' from service_step), '1') -> 'freeDays' ->> 'serviceId',
  '65000000-0000-4000-8000-0000000000e1', '...and their first is numbered 1');
select is(pg_temp.ahead((select s from service_step), 'Vacunación!') -> 'freeDays' ->> 'serviceId', '65000000-0000-4000-8000-0000000000e2',
  'a service''s name in another language, whatever its accents and punctuation, picks it');
select is(pg_temp.ahead((select s from service_step), 'FLU SHOT') -> 'freeDays' ->> 'serviceId', '65000000-0000-4000-8000-0000000000e2',
  'a keyword picks its service');
select is(pg_temp.ahead((select s from service_step), 'a checkup tomorrow at 10'), '{}'::jsonb,
  'a sentence that is not a name alone reads nothing ahead (the flow reads it; the free times are asked for then)');
select is(pg_temp.ahead((select s from service_step), 'Acupuncture'), '{}'::jsonb, 'a service nobody offers reads nothing ahead');
update clinics set ask_provider = true where id = '65000000-0000-4000-8000-000000000001';
select is(pg_temp.ahead((select s from service_step), '1'), '{}'::jsonb,
  'when the clinic asks which practitioner and two offer the service, the next step loads nothing: nothing is read');
select is(pg_temp.ahead((select s from service_step), '2') -> 'freeDays' ->> 'serviceId', '65000000-0000-4000-8000-0000000000e2',
  'with one practitioner offering it, the free days come next: they are read');
select is(pg_temp.ahead('{"kind": "pick_provider", "draft": {"serviceId": "65000000-0000-4000-8000-0000000000e1", "providerId": null, "rescheduleOf": null}, "wish": {"day": null, "range": null, "time": null, "part": null}}', '1'),
  jsonb_build_object('freeDays', pg_temp.free_days('65000000-0000-4000-8000-0000000000e1')),
  'a practitioner picked by number with no wish stored: the free days are read');
select ok(pg_temp.ahead('{"kind": "pick_provider", "draft": {"serviceId": "65000000-0000-4000-8000-0000000000e1", "providerId": null, "rescheduleOf": null}, "wish": {"day": "2026-01-06", "range": null, "time": null, "part": null}}', '1') ? 'slots',
  '...with a day wished for, every free time, as before (that day''s times come next)');
update clinics set ask_provider = false where id = '65000000-0000-4000-8000-000000000001';

-- The day step.
select is(pg_temp.ahead((select s from day_step), '2') -> 'daySlots',
  jsonb_build_object('serviceId', '65000000-0000-4000-8000-0000000000e1', 'limit', 1000,
                     'from', '2026-01-06 00:00Z'::timestamptz, 'to', '2026-01-07 00:00Z'::timestamptz,
                     'rows', pg_temp.free('65000000-0000-4000-8000-0000000000e1', '2026-01-06 00:00Z', '2026-01-07 00:00Z')),
  'a day picked by its number reads ahead that day''s free times only, from its local midnight to the next');
select cmp_ok(jsonb_array_length(pg_temp.ahead((select s from day_step), '2') -> 'daySlots' -> 'rows'), '>', 0,
  '...which are some');
select ok(not (pg_temp.ahead((select s from day_step), '2') ? 'slots'), '...and not the horizon''s');
select is(pg_temp.ahead((select s from day_step), 'friday') -> 'slots' -> 'rows',
  pg_temp.free('65000000-0000-4000-8000-0000000000e1', '2026-01-05 08:00Z', 'infinity'),
  'a day typed otherwise reads ahead the horizon, as before');
select ok(pg_temp.ahead((select s from day_step), '4') ? 'slots', 'so does a number beyond the days listed');

-- An appointment's actions: 1 reschedule, 2 cancel.
select is(pg_temp.ahead('{"kind": "appointment_actions", "appointment": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-01-09 09:00Z"}}', '1'),
  jsonb_build_object('freeDays', pg_temp.free_days('65000000-0000-4000-8000-0000000000e1', '2026-01-09 09:00Z')),
  '"1" at an appointment''s actions (reschedule) reads the free days of its service, the firsts taken without '
  'the appointment''s own start (never offered for a move), and says so (excluding)');
select is(jsonb_path_query_array(pg_temp.ahead('{"kind": "appointment_actions", "appointment": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-01-09 09:00Z"}}', '1'),
                                  '$.freeDays.rows[*] ? (@.starts_at like_regex "^2026-01-09").starts_at'),
  '["2026-01-09T09:30:00+00:00", "2026-01-09T09:30:00+00:00"]'::jsonb,
  '...so on that day each practitioner''s first is their next free time, 09:30, where it was 09:00');
select is(pg_temp.ahead('{"kind": "appointment_actions", "appointment": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-01-09 09:00Z"}}', '1') -> 'freeDays' -> 'found',
  pg_temp.free_days('65000000-0000-4000-8000-0000000000e1') -> 'found',
  '...and found still counts every free time, the left-out one too');
select is(pg_temp.ahead('{"kind": "appointment_actions", "appointment": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-13-45 99:00Z"}}', '1'),
  jsonb_build_object('freeDays', pg_temp.free_days('65000000-0000-4000-8000-0000000000e1')),
  'a stored start that is not an instant leaves out nothing and says so (excluding null): the function then asks itself');
select is(pg_temp.ahead('{"kind": "pick_provider", "draft": {"serviceId": "65000000-0000-4000-8000-0000000000e1", "providerId": null, "rescheduleOf": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-01-06T09:00:00+00:00"}}, "wish": {"day": null, "range": null, "time": null, "part": null}}', '1'),
  jsonb_build_object('freeDays', pg_temp.free_days('65000000-0000-4000-8000-0000000000e1', '2026-01-06 09:00Z')),
  'a practitioner picked by number for a move: the firsts are taken without the moved appointment''s start');
select is(pg_temp.ahead('{"kind": "appointment_actions", "appointment": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-01-09 09:00Z"}}', '2'),
  '{}'::jsonb, '"2" (cancel) reads nothing: a question comes next');
select ok(pg_temp.ahead('{"kind": "appointment_actions", "appointment": {"appointmentId": "x", "serviceId": "65000000-0000-4000-8000-0000000000e1", "serviceName": "Checkup", "providerId": "65000000-0000-4000-8000-0000000000a1", "providerName": "P1", "startsAt": "2026-01-09 09:00Z"}}', 'reschedule to friday') ? 'slots',
  'other text there reads every free time, as before');

-- The menu, and no state yet.
select is(pg_temp.ahead('{"kind": "menu"}', 'Is there parking?') -> 'faq',
  jsonb_build_object('question', 'Is there parking?', 'language', 'en', 'limit', 3, 'matches', pg_temp.faqs('Is there parking?', 'en')),
  'a question at the menu reads ahead search_faqs'' answer in the patient''s language (the clinic''s when unset)');
select cmp_ok(jsonb_array_length(pg_temp.ahead('{"kind": "menu"}', 'Is there parking?') -> 'faq' -> 'matches'), '=', 1, '...which finds the entry');
select is(pg_temp.ahead(null, '  where can I park  ') -> 'faq' ->> 'question', 'where can I park',
  'with no state, a text starting with a question word is read as a question, trimmed as the function trims it');
select ok(pg_temp.ahead('{"kind": "menu"}', 'Is there parking?') ? 'appointments', 'the menu still reads the upcoming appointments');
select is(pg_temp.ahead('{"kind": "menu"}', 'I need to cancel my appointment'), '{"appointments": []}'::jsonb,
  'a text at the menu that does not look like a question searches nothing');
select is(pg_temp.ahead('{"kind": "ask_question"}', 'parking?'),
  jsonb_build_object('faq', jsonb_build_object('question', 'parking?', 'language', 'en', 'limit', 3, 'matches', pg_temp.faqs('parking?', 'en'))),
  'after "ask a question", a question is read ahead (and no appointments)');
update patients set language = 'es' where id = '65000000-0000-4000-8000-0000000000b1';
select is(pg_temp.ahead('{"kind": "menu"}', '¿Dónde se puede aparcar?') -> 'faq' ->> 'language', 'es',
  'a patient who speaks Spanish gets the search in Spanish');

-- Through begin_turn: the same, and nothing for a conversation with staff.
insert into conversations (clinic_id, channel_id, patient_id, chat_jid, state)
values ('65000000-0000-4000-8000-000000000001', '65000000-0000-4000-8000-000000000002', '65000000-0000-4000-8000-0000000000b1',
        '351920000651@s.whatsapp.net', (select jsonb_build_object('v', 2, 'step', s, 'stack', '[]'::jsonb, 'invalid', 0) from service_step));
select is(public.begin_turn('65000000-0000-4000-8000-000000000002', 'G1', '351920000651@s.whatsapp.net', '+351920000651', null,
                            '2', '2026-01-05 08:00Z', '2026-01-05 08:00Z') -> 'prefetched',
  pg_temp.ahead((select s from service_step), '2'), 'begin_turn hands the function what turn_read_ahead reads');
update conversations set mode = 'human' where patient_id = '65000000-0000-4000-8000-0000000000b1';
select is(public.begin_turn('65000000-0000-4000-8000-000000000002', 'G2', '351920000651@s.whatsapp.net', '+351920000651', null,
                            '2', '2026-01-05 08:00Z', '2026-01-05 08:01Z') -> 'prefetched',
  '{}'::jsonb, 'a conversation with staff reads nothing ahead');

select * from finish();
rollback;
