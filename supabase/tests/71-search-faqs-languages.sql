-- search_faqs per language (20261202200300_replace_search_faqs.sql): each entry is matched in its own
-- language, accents folded; the patient's language answers when it has a relevant entry, else the
-- clinic's, else any other; an unknown language is refused.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(13);

insert into clinics (id, name, timezone, language) values
  ('71000000-0000-4000-8000-000000000001', 'English Clinic', 'America/New_York', 'en'),
  ('71000000-0000-4000-8000-000000000002', 'Clínica Sol', 'America/Mexico_City', 'es');
insert into faqs (clinic_id, language, question, answer, keywords) values
  ('71000000-0000-4000-8000-000000000001', 'en', 'Is there parking?', 'Park behind the building.', '{parking,car,park}'),
  ('71000000-0000-4000-8000-000000000001', 'es', '¿Hay estacionamiento?', 'Estacione detrás del edificio.', '{estacionamiento,estacionar,coche}'),
  ('71000000-0000-4000-8000-000000000001', 'pt', 'Tem estacionamento?', 'Estacione atrás do prédio.', '{estacionamento,estacionar,carro}'),
  ('71000000-0000-4000-8000-000000000001', 'en', 'Do you accept credit cards?', 'Yes, all major cards.', '{}'),
  ('71000000-0000-4000-8000-000000000001', 'es', '¿Aceptan tarjetas de crédito?', 'Sí, todas las tarjetas.', '{}'),
  ('71000000-0000-4000-8000-000000000001', 'es', '¿Ofrecen vacunación?', 'Sí, vacunas contra la gripe.', '{}'),
  ('71000000-0000-4000-8000-000000000001', 'en', 'Do you see children?', 'Yes, all ages.', '{children,kids}'),
  ('71000000-0000-4000-8000-000000000002', null, '¿Dónde están?', 'En la calle Sol 12.', '{dirección,ubicación,dónde}');

create function pg_temp.top(p_clinic uuid, p_query text, p_language text) returns text language sql as $$
  select question || ' [' || language || ']' from public.search_faqs(p_clinic, p_query, 3, p_language) limit 1
$$;

select is(pg_temp.top('71000000-0000-4000-8000-000000000001', '¿dónde puedo estacionar?', 'es'), '¿Hay estacionamiento? [es]',
  'a Spanish question finds the Spanish entry');
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', 'tem estacionamento?', 'pt'), 'Tem estacionamento? [pt]',
  'a Portuguese question finds the Portuguese entry');
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', 'is there parking?', 'en'), 'Is there parking? [en]',
  'an English question finds the English entry');
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', 'acepta tarjeta', 'es'), '¿Aceptan tarjetas de crédito? [es]',
  'Spanish stemming: "acepta tarjeta" finds "aceptan tarjetas"');
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', 'vacunacion', 'es'), '¿Ofrecen vacunación? [es]',
  'accents are folded: "vacunacion" finds "vacunación"');
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', 'do you see kids?', 'es'), 'Do you see children? [en]',
  'with no relevant entry in the patient''s language, the clinic''s language answers');
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', '¿aceptan tarjetas de crédito?', 'en'), '¿Aceptan tarjetas de crédito? [es]',
  'a question in another language than the patient''s still finds its entry');
select ok(
  (select bool_and(language = 'es') from public.search_faqs('71000000-0000-4000-8000-000000000001', 'estacionamento estacionamiento', 3, 'es')),
  'only the first language with a relevant entry answers (no mixing)'
);
select is(pg_temp.top('71000000-0000-4000-8000-000000000001', 'is there parking?', null), 'Is there parking? [en]',
  'no language given: the clinic''s');
select is(pg_temp.top('71000000-0000-4000-8000-000000000002', '¿dónde están?', null), '¿Dónde están? [es]',
  'an entry without a language is in the clinic''s language');
select throws_ok(
  $$select * from public.search_faqs('71000000-0000-4000-8000-000000000001', 'parking', 3, 'fr')$$,
  'BK009', null, 'an unknown language is refused'
);
select is_empty(
  $$select * from public.search_faqs('71000000-0000-4000-8000-000000000001', 'hola', 3, 'es')$$,
  'small talk finds nothing in any language'
);
set local role authenticated;
select throws_ok(
  $$select * from public.search_faqs('71000000-0000-4000-8000-000000000001', 'parking', 3, 'en')$$,
  '42501', null, 'signed-in users cannot call search_faqs'
);
reset role;

select * from finish();
rollback;
