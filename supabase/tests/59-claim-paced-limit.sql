-- The claim's paced limit (the contract's pacedLimit): a bot whose pacing lets it send no more
-- proactive messages now (daily cap reached, or its sending window full) still gets staff replies.
-- Regression: the bot then claimed nothing at all, so staff replies waited too. Staff replies never
-- count against it; every other kind does (the bot paces every kind but staff_reply).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(8);

insert into public.clinics (id, name, timezone, reminder_hours_before) values ('59000000-0000-4000-8000-000000000001', 'Paced Clinic', 'Europe/London', 0);
insert into public.channels (id, clinic_id, phone, secret) values
  ('59000000-0000-4000-8000-0000000000c1', '59000000-0000-4000-8000-000000000001', '+442000005901', repeat('s', 32));
insert into public.patients (id, clinic_id, phone, name) values
  ('59000000-0000-4000-8000-0000000000a1', '59000000-0000-4000-8000-000000000001', '+447700905901', 'Maya');
insert into public.conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('59000000-0000-4000-8000-0000000000b1', '59000000-0000-4000-8000-000000000001', '59000000-0000-4000-8000-0000000000c1',
   '59000000-0000-4000-8000-0000000000a1', '447700905901@s.whatsapp.net');
-- Three hand-backs (paced) queued first, then two staff replies.
insert into public.outbox (kind, conversation_id, params, send_after, created_at)
select 'hand_back', '59000000-0000-4000-8000-0000000000b1', '{}', '2030-01-10 10:00Z', timestamptz '2030-01-10 10:00Z' + n * interval '1 second'
  from generate_series(1, 3) n;
insert into public.outbox (conversation_id, text, send_after, created_at) values
  ('59000000-0000-4000-8000-0000000000b1', 'Staff one', '2030-01-10 11:00Z', '2030-01-10 11:00Z'),
  ('59000000-0000-4000-8000-0000000000b1', 'Staff two', '2030-01-10 11:00Z', '2030-01-10 11:00:01Z');

select results_eq(
  $$select kind from public.claim_outbox('59000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:00Z', 0)$$,
  $$values ('staff_reply'::text), ('staff_reply')$$,
  'with a paced limit of 0 only staff replies are claimed, though older paced messages wait'
);
update public.outbox set status = 'pending', claimed_until = null, attempts = 0 where clinic_id = '59000000-0000-4000-8000-000000000001';
select results_eq(
  $$select kind from public.claim_outbox('59000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:00Z', 1)$$,
  $$values ('hand_back'::text), ('staff_reply'), ('staff_reply')$$,
  'a paced limit of 1 takes one paced message, oldest first, and every staff reply'
);
update public.outbox set status = 'pending', claimed_until = null, attempts = 0 where clinic_id = '59000000-0000-4000-8000-000000000001';
select is((select count(*)::int from public.claim_outbox('59000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:00Z')), 5,
  'without a paced limit (an older bot) the limit alone bounds the claim');
update public.outbox set status = 'pending', claimed_until = null, attempts = 0 where clinic_id = '59000000-0000-4000-8000-000000000001';
select results_eq(
  $$select kind from public.claim_outbox('59000000-0000-4000-8000-0000000000c1', 3, '2030-01-10 12:00Z', 2)$$,
  $$values ('hand_back'::text), ('hand_back'), ('staff_reply')$$,
  'the limit bounds the whole claim, oldest first'
);
select is((select count(*)::int from public.outbox where clinic_id = '59000000-0000-4000-8000-000000000001' and status = 'sending'), 3,
  'only what was handed out is being sent: rows looked at and left stay pending');
select throws_ok($$select * from public.claim_outbox('59000000-0000-4000-8000-0000000000c1', 20, now(), -1)$$,
  '22023', 'paced limit must be between 0 and 50', 'a negative paced limit is refused');
select throws_ok($$select * from public.claim_outbox('59000000-0000-4000-8000-0000000000c1', 20, now(), 51)$$,
  '22023', 'paced limit must be between 0 and 50', 'a paced limit above the contract''s maximum is refused');
select lives_ok($$select * from public.claim_outbox(p_channel_id => '59000000-0000-4000-8000-0000000000c1', p_limit => 20, p_now => now(), p_paced_limit => null)$$,
  'called by name as PostgREST calls it, a null paced limit is no limit');

select * from finish();
rollback;
