-- Turns in the patient's language (20261202200400_replace_turn_functions.sql): begin_turn hands the
-- flow the clinic's language, locale, practitioner setting and hours, the patient's language, the
-- catalog with translations and who offers what (active practitioners only); complete_turn records a
-- language the patient switched to, and refuses an unknown one without changing anything;
-- resolve_patient keeps a language when it merges two records of one person.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(21);

insert into clinics (id, name, timezone, language, locale, ask_provider)
values ('72000000-0000-4000-8000-000000000001', 'Clínica Sol', 'America/Mexico_City', 'es', 'es-MX', true);
insert into channels (id, clinic_id, phone, secret)
values ('72000000-0000-4000-8000-000000000002', '72000000-0000-4000-8000-000000000001', '+525500000720', repeat('t', 40));
insert into providers (id, clinic_id, name, name_translations, active) values
  ('72000000-0000-4000-8000-0000000000a1', '72000000-0000-4000-8000-000000000001', 'Dr. Ana Silva', '{"es": "Dra. Ana Silva"}', true),
  ('72000000-0000-4000-8000-0000000000a2', '72000000-0000-4000-8000-000000000001', 'Dr. Bruno Reyes', '{}', true),
  ('72000000-0000-4000-8000-0000000000a3', '72000000-0000-4000-8000-000000000001', 'Dr. Away', '{}', false);
insert into services (id, clinic_id, name, name_translations, keywords, duration_minutes) values
  ('72000000-0000-4000-8000-0000000000e1', '72000000-0000-4000-8000-000000000001', 'Cleaning', '{"es": "Limpieza"}', '{hygiene}', 30),
  ('72000000-0000-4000-8000-0000000000e2', '72000000-0000-4000-8000-000000000001', 'Surgery', '{}', '{}', 60);
insert into provider_services (clinic_id, provider_id, service_id) values
  ('72000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-0000000000a1', '72000000-0000-4000-8000-0000000000e1'),
  ('72000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-0000000000a2', '72000000-0000-4000-8000-0000000000e1'),
  ('72000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-0000000000a3', '72000000-0000-4000-8000-0000000000e2');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time) values
  ('72000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-0000000000a1', 1, '09:00', '13:00'),
  ('72000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-0000000000a2', 1, '12:00', '18:30'),
  ('72000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-0000000000a3', 2, '07:00', '20:00');

create function pg_temp.msg(p_id text, p_jid text, p_phone text, p_body text, p_minute int default 0)
returns jsonb language sql as $$
  select public.begin_turn('72000000-0000-4000-8000-000000000002', p_id, p_jid, p_phone, 'Lu', p_body,
                           '2026-06-01 10:00Z', '2026-06-01 10:00Z'::timestamptz + make_interval(mins => p_minute))
$$;

create temp table t1 as select pg_temp.msg('M1', '5215500000001@s.whatsapp.net', '+5215500000001', 'hola') as r;
select is((select r -> 'clinic' ->> 'language' from t1), 'es', 'the clinic''s language is in the context');
select is((select r -> 'clinic' ->> 'locale' from t1), 'es-MX', 'the clinic''s locale is in the context');
select is((select r -> 'clinic' -> 'askProvider' from t1), 'true'::jsonb, 'whether to ask for a practitioner is in the context');
select is((select r -> 'clinic' -> 'hours' from t1), '[{"weekday": 1, "opens": "09:00", "closes": "18:30"}]'::jsonb,
  'the clinic''s hours span its active practitioners'' hours, per weekday');
select is((select r -> 'patient' -> 'language' from t1), 'null'::jsonb, 'a new patient has no language of their own yet');
select is((select jsonb_array_length(r -> 'services') from t1), 1, 'a service only an inactive practitioner offers is not listed');
select is((select r -> 'services' -> 0 -> 'names' from t1), '{"es": "Limpieza"}'::jsonb, 'a service comes with its translations');
select is((select r -> 'services' -> 0 -> 'keywords' from t1), '["hygiene"]'::jsonb, 'and the other words patients use for it');
select is((select r -> 'services' -> 0 -> 'providerIds' from t1),
  '["72000000-0000-4000-8000-0000000000a1", "72000000-0000-4000-8000-0000000000a2"]'::jsonb,
  'and who offers it (active practitioners, by name)');
select is((select jsonb_agg(p ->> 'name') from t1, jsonb_array_elements(r -> 'providers') p), '["Dr. Ana Silva", "Dr. Bruno Reyes"]'::jsonb,
  'the practitioners patients can book are listed, the inactive one is not');
select is((select r -> 'providers' -> 0 -> 'names' from t1), '{"es": "Dra. Ana Silva"}'::jsonb, 'a practitioner comes with translations');

-- complete_turn records a switch.
select is(
  complete_turn((select (r ->> 'conversationId')::uuid from t1), 0, (select (r ->> 'inboundMessageId')::uuid from t1),
                '{}', 'bot', 'Hi!', null, null, '2026-06-01 10:00:01Z', 'en'),
  '{"ok": true, "version": 1}'::jsonb, 'a turn that switched language commits');
select is((select language::text from patients where phone = '+5215500000001'), 'en', 'the patient''s new language is remembered');

create temp table t2 as select pg_temp.msg('M2', '5215500000001@s.whatsapp.net', '+5215500000001', 'menu', 1) as r;
select is((select r -> 'patient' ->> 'language' from t2), 'en', 'the next turn knows the patient''s language');
select is(
  complete_turn((select (r ->> 'conversationId')::uuid from t2), 1, (select (r ->> 'inboundMessageId')::uuid from t2),
                '{}', 'bot', 'Menu', null, null, '2026-06-01 10:01:01Z'),
  '{"ok": true, "version": 2}'::jsonb, 'a turn without a switch commits');
select is((select language::text from patients where phone = '+5215500000001'), 'en', 'and leaves the language as it was');

create temp table t3 as select pg_temp.msg('M3', '5215500000001@s.whatsapp.net', '+5215500000001', 'x', 2) as r;
select throws_ok(
  format($$select complete_turn(%L, 2, %L, '{}', 'bot', 'x', null, null, '2026-06-01 10:02:01Z', 'fr')$$,
         (select r ->> 'conversationId' from t3), (select r ->> 'inboundMessageId' from t3)),
  'BK009', null, 'an unknown language is refused');
select is((select version from conversations where id = (select (r ->> 'conversationId')::uuid from t3)), 2,
  'and the refused turn changed nothing');

-- One person first seen by LID, then by number (choosing Portuguese there), then with both: merged
-- into the older LID record, which takes the language the newer one had.
create temp table l1 as select pg_temp.msg('L1', '77665544@lid', null, 'olá', 10) as r;
create temp table p1 as select pg_temp.msg('P1', '5215500000009@s.whatsapp.net', '+5215500000009', 'hi', 11) as r;
update patients set language = 'pt' where phone = '+5215500000009';
create temp table b1 as select pg_temp.msg('B1', '77665544@lid', '+5215500000009', 'both', 12) as r;
select is((select count(*) from patients where phone = '+5215500000009' or lid = '77665544'), 1::bigint, 'the two records are one patient');
select is((select language::text from patients where phone = '+5215500000009'), 'pt', 'the merged patient keeps the language the dropped record had');

select function_privs_are('public', 'complete_turn',
  array['uuid', 'integer', 'uuid', 'jsonb', 'text', 'text', 'timestamp with time zone', 'text', 'timestamp with time zone', 'text', 'jsonb', 'jsonb'],
  'authenticated', array[]::text[], 'signed-in users cannot complete turns');

select * from finish();
rollback;
