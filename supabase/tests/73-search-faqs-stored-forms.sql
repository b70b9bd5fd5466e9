-- search_faqs reads each entry's searchable forms from columns of faqs kept by a trigger
-- (20261203720100): they are what the search computed per question before, they follow an edit
-- (staff's too, who may not run the folding helpers themselves), and an entry without a language
-- of its own is still searched in the clinic's language.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(12);

insert into clinics (id, name, timezone, language)
values ('73000000-0000-4000-8000-000000000001', 'Stored Forms Clinic', 'Europe/Lisbon', 'es');
insert into faqs (id, clinic_id, language, question, answer, keywords) values
  ('73000000-0000-4000-8000-0000000000f1', '73000000-0000-4000-8000-000000000001', 'en', 'Is there PARKING?',
   'Yes, behind the building.', '{Car park, "  Flu-Shot! "}'),
  ('73000000-0000-4000-8000-0000000000f2', '73000000-0000-4000-8000-000000000001', null, '¿Hay aparcamiento?',
   'Sí, detrás del edificio.', '{estacionamiento}');

select is((select search_document from faqs where id = '73000000-0000-4000-8000-0000000000f1'),
          faq_document('en', 'Is there PARKING?', 'Yes, behind the building.', '{Car park, "  Flu-Shot! "}'),
  'an entry''s document is faq_document in its language');
select is((select search_text from faqs where id = '73000000-0000-4000-8000-0000000000f1'),
          lower(fold_accents('Is there PARKING? Car park   Flu-Shot! ')),
  'its trigram text is the question and keywords, lower case without accents');
select is((select search_keywords from faqs where id = '73000000-0000-4000-8000-0000000000f1'),
          array[' car park ', ' flu shot '],
  'its keywords are folded, normalised and padded with a space each side');
select is((select search_document from faqs where id = '73000000-0000-4000-8000-0000000000f2'), null::tsvector,
  'an entry in the clinic''s language (none of its own) stores no document');
select is((select search_keywords from faqs where id = '73000000-0000-4000-8000-0000000000f2'), array[' estacionamiento '],
  '...but its keywords');

select is((select array_agg(f.id) from search_faqs('73000000-0000-4000-8000-000000000001', '¿Dónde aparcar?', 3, 'es') f),
          array['73000000-0000-4000-8000-0000000000f2'::uuid],
  'that entry is found in the clinic''s language');
select is((select array_agg(f.id) from search_faqs('73000000-0000-4000-8000-000000000001', 'I need a flu shot', 3, 'en') f),
          array['73000000-0000-4000-8000-0000000000f1'::uuid],
  'a keyword found among the words of a question counts');

update faqs set keywords = '{vaccine}', question = 'Do you vaccinate?' where id = '73000000-0000-4000-8000-0000000000f1';
select is((select search_keywords from faqs where id = '73000000-0000-4000-8000-0000000000f1'), array[' vaccine '],
  'an edit recomputes the stored forms');
select is((select count(*) from search_faqs('73000000-0000-4000-8000-000000000001', 'I need a flu shot', 3, 'en') f
            where f.id = '73000000-0000-4000-8000-0000000000f1'),
          0::bigint, '...and the search follows it');

update faqs set search_keywords = '{}', search_text = 'tampered' where id = '73000000-0000-4000-8000-0000000000f1';
select is((select search_keywords || search_text from faqs where id = '73000000-0000-4000-8000-0000000000f1'),
          array[' vaccine ', 'do you vaccinate? vaccine'], 'a written search form is recomputed from the entry');

-- Staff of the clinic edit an entry through the API.
insert into auth.users (id, email) values ('73000000-0000-4000-8000-0000000000c1', 'staff@forms.test');
insert into staff (clinic_id, user_id) values ('73000000-0000-4000-8000-000000000001', '73000000-0000-4000-8000-0000000000c1');
set local role authenticated;
set local request.jwt.claims to '{"sub": "73000000-0000-4000-8000-0000000000c1", "role": "authenticated"}';
select lives_ok($$update faqs set keywords = '{Tétanos}' where id = '73000000-0000-4000-8000-0000000000f1'$$,
  'staff edit an entry');
reset role;
select is((select search_keywords from faqs where id = '73000000-0000-4000-8000-0000000000f1'), array[' tetanos '],
  '...and its forms follow');

select * from finish();
rollback;
