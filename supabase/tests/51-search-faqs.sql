-- search_faqs: FAQ search by full text and trigram similarity, scoped to one clinic's enabled
-- entries, best first, with a relevance threshold so small talk finds nothing.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(17);

insert into public.clinics (id, name, timezone) values
  ('11111111-1111-4111-8111-111111111111', 'Sunrise Family Clinic', 'America/New_York'),
  ('51000000-0000-4000-8000-000000000002', 'Other Clinic', 'America/New_York');
insert into public.faqs (clinic_id, question, answer, keywords) values
('11111111-1111-4111-8111-111111111111', 'What are your opening hours?', 'We are open Monday to Saturday, 9:00 to 17:00. We are closed on Sundays and public holidays.', '{hours,open,opening,schedule,closed}'),
('11111111-1111-4111-8111-111111111111', 'Where are you located?', 'We are at 120 Main Street, Suite 4, Springfield, next to the post office.', '{address,location,where,directions,find}'),
('11111111-1111-4111-8111-111111111111', 'Is there parking?', 'Free parking is available behind the building; the entrance is on Oak Lane.', '{parking,car,park,garage}'),
('11111111-1111-4111-8111-111111111111', 'How much does a consultation cost?', 'A general consultation costs $80; a follow-up visit costs $50.', '{price,prices,cost,fee,fees,how much}'),
('11111111-1111-4111-8111-111111111111', 'Do you accept insurance?', 'We accept most major insurance plans, including Aetna, Cigna and Blue Cross. Bring your insurance card.', '{insurance,coverage,plan,aetna,cigna}'),
('11111111-1111-4111-8111-111111111111', 'How can I pay?', 'We accept cash, credit and debit cards, and Apple Pay.', '{payment,pay,card,cash}'),
('11111111-1111-4111-8111-111111111111', 'What is your cancellation policy?', 'Please cancel at least 24 hours before your appointment. Late cancellations may be charged $25.', '{cancel,cancellation,late,policy,no-show}'),
('11111111-1111-4111-8111-111111111111', 'What should I bring to my appointment?', 'Bring a photo ID, your insurance card and a list of medicines you take.', '{bring,documents,id}'),
('11111111-1111-4111-8111-111111111111', 'Do you see children?', 'Yes, our doctors see patients of all ages, including babies and children.', '{children,kids,pediatric,baby}'),
('11111111-1111-4111-8111-111111111111', 'Can I get a COVID or flu vaccine?', 'Flu and COVID vaccines are available during regular hours; no appointment is needed.', '{vaccine,vaccination,flu,covid,shot}'),
('11111111-1111-4111-8111-111111111111', 'How do I get my test results?', 'Test results are sent by WhatsApp or email within 3 working days.', '{results,test,lab,blood}'),
('11111111-1111-4111-8111-111111111111', 'Is the clinic wheelchair accessible?', 'Yes, the clinic is on the ground floor with step-free access and an accessible restroom.', '{wheelchair,accessible,accessibility,disabled}');
insert into public.faqs (id, clinic_id, question, answer, keywords, enabled) values
  ('51000000-0000-4000-8000-0000000000d1', '11111111-1111-4111-8111-111111111111',
   'Do you offer dental cleaning?', 'Not any more; ask staff for a referral.', '{dental,teeth,cleaning}', false),
  ('51000000-0000-4000-8000-0000000000d2', '51000000-0000-4000-8000-000000000002',
   'Is there parking at the other clinic?', 'Street parking only.', '{parking}', true);

create function pg_temp.top_question(p_query text) returns text language sql as $$
  select question from public.search_faqs('11111111-1111-4111-8111-111111111111', p_query, 3) limit 1
$$;

select is(pg_temp.top_question('parking?'), 'Is there parking?', 'a one-word question with punctuation finds its entry');
select is(pg_temp.top_question('parkng'), 'Is there parking?', 'a misspelt word still finds its entry through trigrams');
select is(pg_temp.top_question('where can I park my car'), 'Is there parking?', 'a sentence finds the entry whose keywords it shares');
select is(pg_temp.top_question('what time do you open'), 'What are your opening hours?', 'stemming matches open and opening');
select is(pg_temp.top_question('do you take aetna'), 'Do you accept insurance?', 'a keyword alone finds its entry');
select is(pg_temp.top_question('consultaton price'), 'How much does a consultation cost?', 'a typo beside a keyword still finds the entry');
select is(pg_temp.top_question('where is it?'), 'Where are you located?', 'a keyword that is an English stop word still counts');
select is_empty(
  $$select * from public.search_faqs('11111111-1111-4111-8111-111111111111', 'no', 3)$$,
  'a two-letter reply finds nothing, though it occurs inside a keyword'
);
select is_empty(
  $$select * from public.search_faqs('11111111-1111-4111-8111-111111111111', 'hello there', 3)$$,
  'small talk finds nothing'
);
select is_empty(
  $$select * from public.search_faqs('11111111-1111-4111-8111-111111111111', 'what is the meaning of life', 3)$$,
  'an unrelated question finds nothing'
);
select is_empty(
  $$select * from public.search_faqs('11111111-1111-4111-8111-111111111111', '   ', 3)$$,
  'a blank question finds nothing'
);
select is_empty(
  $$select * from public.search_faqs('11111111-1111-4111-8111-111111111111', 'dental cleaning teeth', 3)$$,
  'a disabled entry is never returned'
);
select results_eq(
  $$select question from public.search_faqs('51000000-0000-4000-8000-000000000002', 'parking', 3)$$,
  $$values ('Is there parking at the other clinic?'::text)$$,
  'only the asking clinic''s entries are searched'
);
select ok(
  (select count(*) <= 1 from public.search_faqs('11111111-1111-4111-8111-111111111111', 'hours open closed insurance payment', 1)),
  'no more rows than the limit are returned'
);
select ok(
  (select bool_and(score >= next_score) from (
     select score, lead(score, 1, 0::real) over (order by ordinality) as next_score
       from public.search_faqs('11111111-1111-4111-8111-111111111111', 'hours open closed insurance payment', 5)
            with ordinality
   ) ordered),
  'rows come best first'
);

set local role authenticated;
select throws_ok(
  $$select * from public.search_faqs('11111111-1111-4111-8111-111111111111', 'parking', 3)$$,
  '42501', null, 'signed-in users cannot call search_faqs'
);
reset role;
select is(
  (select provolatile from pg_proc where oid = 'public.search_faqs(uuid, text, int, text)'::regprocedure),
  's'::"char",
  'search_faqs is stable'
);

select * from finish();
rollback;
