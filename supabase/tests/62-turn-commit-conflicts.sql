-- complete_turn checks before it changes anything (20261122150200_create_turn_functions.sql): a
-- lost race of any kind (stale version, message answered by a concurrent delivery, conversation
-- folded into another by a patient merge) reports a conflict and leaves no trace, and the retry's
-- begin_turn hands back the stored reply or the message in its new conversation. The lock order
-- itself needs two sessions: tests/function-flow/turn-lock-order.test.ts.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(11);

insert into clinics (id, name, timezone)
values ('62000000-0000-4000-8000-000000000001', 'Conflict Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret)
values ('62000000-0000-4000-8000-000000000002', '62000000-0000-4000-8000-000000000001', '+351210000621', repeat('c', 40));

/** begin_turn on the test channel at minute p_minute past 10:00 UTC on 2026-06-01. */
create function pg_temp.msg(p_id text, p_jid text, p_phone text, p_body text, p_minute int default 0)
returns jsonb language sql as $$
  select public.begin_turn('62000000-0000-4000-8000-000000000002', p_id, p_jid, p_phone, null, p_body,
                           '2026-06-01 10:00Z', '2026-06-01 10:00Z'::timestamptz + make_interval(mins => p_minute))
$$;
create function pg_temp.complete(p_turn jsonb, p_version int, p_reply text, p_name text default null)
returns jsonb language sql as $$
  select public.complete_turn((p_turn ->> 'conversationId')::uuid, p_version, (p_turn ->> 'inboundMessageId')::uuid,
                              '{"v":1,"step":{"kind":"menu"},"stack":[],"invalid":0}', 'bot', p_reply, null, p_name,
                              '2026-06-01 10:30Z')
$$;

-- Two deliveries of one message, both begun before either completes.
create temp table d1 as select pg_temp.msg('D1', '351920000001@s.whatsapp.net', '+351920000001', 'hi') as r;
create temp table d2 as select pg_temp.msg('D1', '351920000001@s.whatsapp.net', '+351920000001', 'hi', 1) as r;
select is((select r ->> 'inboundMessageId' from d2), (select r ->> 'inboundMessageId' from d1),
  'both deliveries are handed the same message');
select is(pg_temp.complete((select r from d1), 0, 'first'), '{"ok": true, "version": 1}'::jsonb,
  'the first delivery to complete commits');

-- The other delivery completes on the version it is now at, but the message is already answered.
select is(pg_temp.complete((select r from d2), 1, 'second', 'Should Not Stick'), '{"ok": false, "reason": "conflict"}'::jsonb,
  'the second delivery to complete, even on the current version, reports a conflict');
select is((select count(*) from messages where reply_to_id = (select (r ->> 'inboundMessageId')::uuid from d1)), 1::bigint,
  'the message keeps exactly one reply');
select is((select name from patients where phone = '+351920000001'), null,
  'a conflicting turn does not set the patient''s name');
select is((select version from conversations where id = (select (r ->> 'conversationId')::uuid from d1)), 1,
  'a conflicting turn does not bump the version');
select is(pg_temp.msg('D1', '351920000001@s.whatsapp.net', '+351920000001', 'hi', 2) ->> 'reply', 'first',
  'the retry of the losing delivery gets the stored reply');

-- A stale version leaves the message unprocessed and the state as it was.
create temp table s1 as select pg_temp.msg('S1', '351920000001@s.whatsapp.net', '+351920000001', 'again', 3) as r;
select is(pg_temp.complete((select r from s1), 0, 'stale'), '{"ok": false, "reason": "conflict"}'::jsonb,
  'completing on a stale version reports a conflict');
select is((select processed_at from messages where wa_message_id = 'S1'), null,
  'a stale turn leaves its message unprocessed for the retry');

-- The conversation was folded into another by a patient merge between begin_turn and complete_turn.
create temp table k1 as select pg_temp.msg('K1', '351920000002@s.whatsapp.net', '+351920000002', 'hi', 4) as r;
create temp table k2 as select pg_temp.msg('K2', '66554433@lid', null, 'hi', 5) as r;
create temp table k3 as select pg_temp.msg('K3', '66554433@lid', '+351920000002', 'both', 6) as r;
select is(pg_temp.complete((select r from k2), 0, 'too late'), '{"ok": false, "reason": "conflict"}'::jsonb,
  'completing a turn of a conversation merged away reports a conflict instead of failing');
select is(pg_temp.msg('K2', '66554433@lid', null, 'hi', 7) ->> 'conversationId', (select r ->> 'conversationId' from k1),
  'the retry finds the message in the merged conversation');

select * from finish();
rollback;
