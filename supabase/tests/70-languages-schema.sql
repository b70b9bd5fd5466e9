-- Languages in the schema (20261202200000_add_languages.sql, 20261202200100_add_catalog_translations.sql,
-- 20261202200200_add_faq_languages.sql): the clinic's language, locale and practitioner choice with
-- safe defaults, a patient's and an FAQ entry's language (empty = the clinic's), translations that
-- are maps from a known language to a non-empty name, and staff allowed to correct languages.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(24);

select col_type_is('public', 'clinics', 'language', 'language_code', 'clinics.language is a language code');
select col_default_is('public', 'clinics', 'language', 'en', 'a clinic speaks English unless set');
select col_default_is('public', 'clinics', 'locale', 'en-US', 'a clinic writes dates the US way unless set');
select col_default_is('public', 'clinics', 'ask_provider', 'false', 'by default the first free practitioner is booked');
select col_is_null('public', 'patients', 'language', 'a patient''s language may be empty (the clinic''s)');
select col_is_null('public', 'faqs', 'language', 'an FAQ entry''s language may be empty (the clinic''s)');
select enum_has_labels('public', 'language_code', array['en', 'es', 'pt'], 'the assistant speaks English, Spanish and Portuguese');

insert into clinics (id, name, timezone) values ('70000000-0000-4000-8000-000000000001', 'Lang Clinic', 'Europe/Lisbon');

select lives_ok($$update clinics set locale = 'es-419' where id = '70000000-0000-4000-8000-000000000001'$$, 'a region code like 419 is a locale');
select lives_ok($$update clinics set locale = 'pt-BR', language = 'pt' where id = '70000000-0000-4000-8000-000000000001'$$, 'pt-BR is a locale');
select throws_ok($$update clinics set locale = 'en_US' where id = '70000000-0000-4000-8000-000000000001'$$, '23514', null, 'an underscore is not a locale');
select throws_ok($$update clinics set locale = 'english' where id = '70000000-0000-4000-8000-000000000001'$$, '23514', null, 'a language name is not a locale');
select throws_ok($$update clinics set language = 'fr' where id = '70000000-0000-4000-8000-000000000001'$$, '22P02', null, 'a language the assistant does not speak is refused');

insert into services (id, clinic_id, name, duration_minutes) values ('70000000-0000-4000-8000-0000000000e1', '70000000-0000-4000-8000-000000000001', 'Cleaning', 30);
insert into providers (id, clinic_id, name) values ('70000000-0000-4000-8000-0000000000a1', '70000000-0000-4000-8000-000000000001', 'Dr. Ana Silva');

select lives_ok($$update services set name_translations = '{"es": "Limpieza", "pt": "Limpeza"}', keywords = '{hygiene,limpeza}'
                  where id = '70000000-0000-4000-8000-0000000000e1'$$, 'a service takes names per language and keywords');
select throws_ok($$update services set name_translations = '{"fr": "Nettoyage"}' where id = '70000000-0000-4000-8000-0000000000e1'$$,
  '23514', null, 'a translation into an unknown language is refused');
select throws_ok($$update services set name_translations = '{"es": "  "}' where id = '70000000-0000-4000-8000-0000000000e1'$$,
  '23514', null, 'an empty translation is refused');
select throws_ok($$update services set name_translations = '["Limpieza"]' where id = '70000000-0000-4000-8000-0000000000e1'$$,
  '23514', null, 'translations are a map, not a list');
select throws_ok($$update providers set name_translations = '{"es": 1}' where id = '70000000-0000-4000-8000-0000000000a1'$$,
  '23514', null, 'a practitioner''s translation is text');
select lives_ok($$update providers set name_translations = '{"es": "Dra. Ana Silva"}' where id = '70000000-0000-4000-8000-0000000000a1'$$,
  'a practitioner takes names per language');

select ok(has_column_privilege('authenticated', 'public.patients', 'language', 'UPDATE'), 'staff may correct a patient''s language');
select ok(has_column_privilege('authenticated', 'public.faqs', 'language', 'UPDATE'), 'staff set the language of FAQ entries');
select ok(not has_column_privilege('authenticated', 'public.clinics', 'language', 'UPDATE'), 'staff do not change the clinic''s language through the API');

select is_empty(
  $$select f from unnest(array['is_translation_map(jsonb)', 'fold_accents(text)', 'text_search_config(language_code)',
                             'faq_document(language_code,text,text,text[])']) f
     where has_function_privilege('anon', 'public.' || f, 'execute') or has_function_privilege('authenticated', 'public.' || f, 'execute')$$,
  'the language helpers are not offered to API users'
);
select is(public.fold_accents('Vacunación, dónde, São Paulo'), 'Vacunacion, donde, Sao Paulo', 'accents are folded');
select is(public.text_search_config('pt'), 'pg_catalog.portuguese'::regconfig, 'Portuguese entries use Portuguese stemming');

select * from finish();
rollback;
