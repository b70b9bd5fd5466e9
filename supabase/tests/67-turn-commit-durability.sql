-- begin_turn commits without waiting for the WAL flush, complete_turn with it (20261203650000;
-- docs/design.md "Faster turns", "One flush per turn"): a turn's records reach the disk with
-- complete_turn's synchronous commit, before its reply is sent.
begin;
select plan(3);

-- As a durable server has it (the test stack runs without waiting for flushes, for speed).
set local synchronous_commit = on;

select ok(
  (public.begin_turn(c.id, 'durability-1', '15550009999@s.whatsapp.net', '+15550009999', 'Dur', 'hi', now()) ->> 'completed') = 'false',
  'begin_turn records a new message')
  from public.channels c where c.enabled order by c.created_at limit 1;

select is(current_setting('synchronous_commit'), 'off', 'begin_turn''s transaction commits without waiting for the flush');

-- complete_turn runs in a transaction of its own; it must leave synchronous commit as the server has it.
set local synchronous_commit = on;
select public.complete_turn(
  b.conversation_id, b.version, b.message_id, '{}'::jsonb, 'bot', 'hello', null, null, now(), null,
  '{"gate": "step", "gateReason": null, "effects": [], "attempts": 1, "durationMs": 1}'::jsonb, null)
  from (select m.conversation_id, m.id as message_id, cv.version
          from public.messages m join public.conversations cv on cv.id = m.conversation_id
         where m.wa_message_id = 'durability-1') b;
select is(current_setting('synchronous_commit'), 'on', 'complete_turn''s commit waits for the flush');

select * from finish();
rollback;
