-- claim_outbox / ack_outbox: the bot claims due messages of its own channel, sends them and
-- acknowledges each; failures are retried with growing delays, then given up.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(33);

insert into public.clinics (id, name, timezone, reminder_hours_before)
values ('52000000-0000-4000-8000-000000000001', 'Lakeside Physio', 'Europe/London', 0);
insert into public.channels (id, clinic_id, phone, secret) values
  ('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000001', '+442000000001', repeat('s', 32)),
  ('52000000-0000-4000-8000-0000000000c2', '52000000-0000-4000-8000-000000000001', '+442000000002', repeat('t', 32));
insert into public.patients (id, clinic_id, phone, name)
values ('52000000-0000-4000-8000-0000000000a1', '52000000-0000-4000-8000-000000000001', '+447700900001', 'Maya');
insert into public.conversations (id, clinic_id, channel_id, patient_id, chat_jid)
values ('52000000-0000-4000-8000-0000000000b1', '52000000-0000-4000-8000-000000000001',
        '52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-0000000000a1', '447700900001@s.whatsapp.net');

-- Staff give only the conversation and the text; the addressing is filled in.
insert into public.outbox (id, conversation_id, text, send_after, created_at) values
  ('52000000-0000-4000-8000-000000000e01', '52000000-0000-4000-8000-0000000000b1', 'First', '2030-01-10 11:00Z', '2030-01-10 10:00Z'),
  ('52000000-0000-4000-8000-000000000e02', '52000000-0000-4000-8000-0000000000b1', 'Second', '2030-01-10 11:30Z', '2030-01-10 10:00Z'),
  ('52000000-0000-4000-8000-000000000e03', '52000000-0000-4000-8000-0000000000b1', 'Later', '2030-01-10 13:00Z', '2030-01-10 10:00Z');
-- A row addressed by phone only (to a patient who agreed to messages but never wrote), and a row of
-- the other channel.
insert into public.patients (clinic_id, phone, name, messaging_consent) values
  ('52000000-0000-4000-8000-000000000001', '+447700900002', 'Caller', true),
  ('52000000-0000-4000-8000-000000000001', '+447700900003', 'Other', true);
insert into public.outbox (id, clinic_id, channel_id, phone, text, send_after) values
  ('52000000-0000-4000-8000-000000000e04', '52000000-0000-4000-8000-000000000001', '52000000-0000-4000-8000-0000000000c1',
   '+447700900002', 'By phone', '2030-01-10 11:45Z'),
  ('52000000-0000-4000-8000-000000000e05', '52000000-0000-4000-8000-000000000001', '52000000-0000-4000-8000-0000000000c2',
   '+447700900003', 'Other number', '2030-01-10 11:00Z');

create function pg_temp.row_of(p_id uuid) returns public.outbox language sql as $$
  select * from public.outbox where id = p_id
$$;

select results_eq(
  $$select id, text from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 2, '2030-01-10 12:00Z')$$,
  $$values ('52000000-0000-4000-8000-000000000e01'::uuid, 'First'::text), ('52000000-0000-4000-8000-000000000e02', 'Second')$$,
  'a claim returns the channel''s due messages, oldest first, up to the limit'
);
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e01')).status, 'sending', 'a claimed message is being sent');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e01')).attempts, 1, 'a claim counts an attempt');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e01')).claimed_until, '2030-01-10 12:02Z'::timestamptz,
          'a claim holds the message for two minutes');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e01')).chat_jid, '447700900001@s.whatsapp.net',
          'a staff reply given only a conversation is addressed to its chat');
select results_eq(
  $$select id, chat_jid, phone, kind from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:00Z')$$,
  $$values ('52000000-0000-4000-8000-000000000e04'::uuid, '447700900002@s.whatsapp.net'::text, '+447700900002'::text, 'staff_reply'::text)$$,
  'a second claim skips claimed and future messages, and addresses a phone-only message to its number'
);
select is_empty(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:01Z')$$,
  'nothing is claimed twice while its claim lasts'
);
select is_empty(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000ff', 20, '2030-01-10 12:00Z')$$,
  'an unknown channel claims nothing'
);
select throws_ok(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 51, '2030-01-10 12:00Z')$$,
  '22023', 'limit must be between 1 and 50', 'a claim of more than fifty is refused'
);
select throws_ok(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 0, '2030-01-10 12:00Z')$$,
  '22023', 'limit must be between 1 and 50', 'a claim of nothing is refused'
);

-- Sent.
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e01', 'sent', null, '2030-01-10 12:00:30Z'),
          'sent', 'acknowledging a sent message answers sent');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e01')).sent_at, '2030-01-10 12:00:30Z'::timestamptz, 'a sent message records when');
select results_eq(
  $$select direction::text, body, created_at from public.messages where conversation_id = '52000000-0000-4000-8000-0000000000b1'$$,
  $$values ('out'::text, 'First'::text, '2030-01-10 12:00:30Z'::timestamptz)$$,
  'a sent message joins the conversation''s history as outbound'
);
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e01', 'sent', null, '2030-01-10 12:00:40Z'),
          'sent', 'a repeated ack answers sent again');
select is((select count(*)::int from public.messages where conversation_id = '52000000-0000-4000-8000-0000000000b1'), 1,
          'a repeated ack does not repeat the history entry');
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e01', 'failed', 'late', '2030-01-10 12:00:50Z'),
          'sent', 'a failure reported after success changes nothing');

-- Failed, retried with a doubling delay.
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e02', 'failed', 'socket closed', '2030-01-10 12:00:30Z'),
          'pending', 'a failed send goes back to the queue');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e02')).send_after, '2030-01-10 12:01:00Z'::timestamptz,
          'the first retry waits thirty seconds');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e02')).last_error, 'socket closed', 'the failure reason is kept');
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e02', 'failed', 'again', '2030-01-10 12:00:31Z'),
          'pending', 'a failure report for a message no longer being sent changes nothing');
select results_eq(
  $$select id from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:01:00Z')$$,
  $$values ('52000000-0000-4000-8000-000000000e02'::uuid)$$,
  'a failed message is claimed again once its delay has passed'
);
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e02', 'failed', 'again', '2030-01-10 12:01:10Z'),
          'pending', 'a second failure is retried too');
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e02')).send_after, '2030-01-10 12:02:10Z'::timestamptz,
          'the second retry waits twice as long');

-- Attempts run out.
update public.outbox set attempts = 4 where id = '52000000-0000-4000-8000-000000000e02';
select isnt_empty(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:03Z')$$,
  'the last allowed attempt is claimed'
);
select is(public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e02', 'failed', 'gone', '2030-01-10 12:03:10Z'),
          'failed', 'a failure on the last attempt gives up');

-- A claim that expires unacknowledged returns to the queue, unless it was the last attempt.
select results_eq(
  $$select id from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:10Z')$$,
  $$values ('52000000-0000-4000-8000-000000000e04'::uuid)$$,
  'a message whose claim expired unacknowledged is claimed again'
);
update public.outbox set attempts = 5, claimed_until = '2030-01-10 12:11Z' where id = '52000000-0000-4000-8000-000000000e04';
select is_empty(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:20Z')
     where id = '52000000-0000-4000-8000-000000000e04'$$,
  'an expired claim on the last attempt is not claimed again'
);
select is((pg_temp.row_of('52000000-0000-4000-8000-000000000e04')).status, 'failed', 'it is marked failed instead');

-- Wrong ids and statuses.
select throws_ok(
  $$select public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e05', 'sent')$$,
  'OB001', null, 'acking another channel''s message is refused'
);
select throws_ok(
  $$select public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000eff', 'sent')$$,
  'OB001', null, 'acking an unknown message is refused'
);
select throws_ok(
  $$select public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e03', 'maybe')$$,
  '22023', 'status must be sent or failed', 'an unknown status is refused'
);

set local role authenticated;
select throws_ok(
  $$select * from public.claim_outbox('52000000-0000-4000-8000-0000000000c1', 20, '2030-01-10 12:00Z')$$,
  '42501', null, 'signed-in users cannot claim outbox messages'
);
select throws_ok(
  $$select public.ack_outbox('52000000-0000-4000-8000-0000000000c1', '52000000-0000-4000-8000-000000000e03', 'sent')$$,
  '42501', null, 'signed-in users cannot acknowledge outbox messages'
);
reset role;

select * from finish();
rollback;
