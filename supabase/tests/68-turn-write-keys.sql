-- What a turn writes is checked through its conversation (20261203750000): a message or a turn
-- whose clinic or number is not its conversation's is refused, deleting a clinic, number or
-- conversation still takes its messages and turns, and no turn's insert locks the clinic's or the
-- channel's row. Stamping a chat's last message keeps the update on its page, touching no index
-- (20261203750100), and the JSON a turn writes is compressed with lz4 (20261203750200). A staff
-- message naming a chat and another number is refused in words (20261203750400).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(20);

insert into clinics (id, name, timezone) values
  ('68000000-0000-4000-8000-000000000001', 'Keys Clinic', 'Europe/Lisbon'),
  ('68000000-0000-4000-8000-000000000011', 'Other Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret) values
  ('68000000-0000-4000-8000-000000000002', '68000000-0000-4000-8000-000000000001', '+351210000681', repeat('k', 40)),
  ('68000000-0000-4000-8000-000000000003', '68000000-0000-4000-8000-000000000001', '+351210000682', repeat('l', 40)),
  ('68000000-0000-4000-8000-000000000012', '68000000-0000-4000-8000-000000000011', '+351210000683', repeat('m', 40));
insert into patients (id, clinic_id, phone, name) values
  ('68000000-0000-4000-8000-0000000000b1', '68000000-0000-4000-8000-000000000001', '+351910000681', 'Rita'),
  ('68000000-0000-4000-8000-0000000000b2', '68000000-0000-4000-8000-000000000011', '+351910000682', 'Rui');
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('68000000-0000-4000-8000-0000000000c1', '68000000-0000-4000-8000-000000000001', '68000000-0000-4000-8000-000000000002',
   '68000000-0000-4000-8000-0000000000b1', '351910000681@s.whatsapp.net'),
  ('68000000-0000-4000-8000-0000000000c2', '68000000-0000-4000-8000-000000000011', '68000000-0000-4000-8000-000000000012',
   '68000000-0000-4000-8000-0000000000b2', '351910000682@s.whatsapp.net');

-- ── A message names its conversation's clinic and number ───────────────────────────────────
select lives_ok(
  $$insert into messages (id, clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
    values ('68000000-0000-4000-8000-0000000000d1', '68000000-0000-4000-8000-000000000001',
            '68000000-0000-4000-8000-000000000002', '68000000-0000-4000-8000-0000000000c1', 'in', 'Olá', 'WA-68-1')$$,
  'a message of the conversation''s clinic and number is stored'
);
select throws_ok(
  $$insert into messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
    values ('68000000-0000-4000-8000-000000000011', '68000000-0000-4000-8000-000000000002',
            '68000000-0000-4000-8000-0000000000c1', 'in', 'Olá', 'WA-68-2')$$,
  '23503', null, 'a message naming another clinic than its conversation''s is refused'
);
select throws_ok(
  $$insert into messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
    values ('68000000-0000-4000-8000-000000000001', '68000000-0000-4000-8000-000000000003',
            '68000000-0000-4000-8000-0000000000c1', 'in', 'Olá', 'WA-68-3')$$,
  '23503', null, 'a message on another of the clinic''s numbers than its conversation''s is refused'
);
select throws_ok(
  $$insert into messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
    values ('68000000-0000-4000-8000-000000000001', '68000000-0000-4000-8000-000000000002',
            '68000000-0000-4000-8000-0000000000ff', 'in', 'Olá', 'WA-68-4')$$,
  '23503', null, 'a message of no conversation is refused'
);

-- ── A turn names its conversation's clinic ─────────────────────────────────────────────────
select lives_ok(
  $$insert into turns (id, clinic_id, conversation_id, message_id, gate, mode_before, mode_after, state_before, state_after,
                       version_after, duration_ms)
    values ('68000000-0000-4000-8000-0000000000e1', '68000000-0000-4000-8000-000000000001',
            '68000000-0000-4000-8000-0000000000c1', '68000000-0000-4000-8000-0000000000d1', 'step', 'bot', 'bot',
            '{}', '{}', 1, 3)$$,
  'a turn of the conversation''s clinic is stored'
);
insert into messages (id, clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
values ('68000000-0000-4000-8000-0000000000d2', '68000000-0000-4000-8000-000000000001',
        '68000000-0000-4000-8000-000000000002', '68000000-0000-4000-8000-0000000000c1', 'in', 'Ainda aí?', 'WA-68-7');
select throws_ok(
  $$insert into turns (clinic_id, conversation_id, message_id, gate, mode_before, mode_after, state_before, state_after,
                       version_after, duration_ms)
    values ('68000000-0000-4000-8000-000000000011', '68000000-0000-4000-8000-0000000000c1',
            '68000000-0000-4000-8000-0000000000d2', 'step', 'bot', 'bot', '{}', '{}', 1, 3)$$,
  '23503', null, 'a turn naming another clinic than its conversation''s is refused'
);

-- ── No lock on the clinic's or the number's row ────────────────────────────────────────────
select is_empty(
  $$select c.conrelid::regclass::text || ' -> ' || c.confrelid::regclass::text
      from pg_constraint c
     where c.contype = 'f' and c.conrelid in ('public.messages'::regclass, 'public.turns'::regclass)
       and c.confrelid in ('public.clinics'::regclass, 'public.channels'::regclass)$$,
  'no key of messages or turns points at clinics or channels (each insert would lock their one row)'
);

-- ── A message to a chat goes out on the chat's number ──────────────────────────────────────
select throws_ok(
  $$insert into outbox (conversation_id, channel_id, text)
    values ('68000000-0000-4000-8000-0000000000c1', '68000000-0000-4000-8000-000000000003', 'Resultados prontos')$$,
  'ST005', 'this chat is on the clinic''s number +351210000681: a message to it goes out on that number, so leave channel_id empty',
  'a staff message to a chat on another of the clinic''s numbers is refused when written, not after it is sent, saying why'
);
select is(
  (select channel_id from outbox where conversation_id = '68000000-0000-4000-8000-0000000000c1' and kind = 'staff_reply'
      and text = 'Resultados prontos'),
  null::uuid, 'and nothing was queued'
);
insert into outbox (conversation_id, text) values ('68000000-0000-4000-8000-0000000000c1', 'Resultados prontos');
select is(
  (select channel_id from outbox where conversation_id = '68000000-0000-4000-8000-0000000000c1' and text = 'Resultados prontos'),
  '68000000-0000-4000-8000-000000000002'::uuid, 'with no number given, the chat''s own is filled in'
);

select throws_ok(
  $$update outbox set channel_id = '68000000-0000-4000-8000-000000000003'
     where conversation_id = '68000000-0000-4000-8000-0000000000c1' and text = 'Resultados prontos'$$,
  'ST005', null, 'nor can a queued message be moved to another number than its chat''s'
);

-- ── Deletes still take what hangs from them ────────────────────────────────────────────────
delete from conversations where id = '68000000-0000-4000-8000-0000000000c1';
select is((select count(*)::int from messages where conversation_id = '68000000-0000-4000-8000-0000000000c1'), 0,
          'deleting a conversation deletes its messages');
select is((select count(*)::int from turns where conversation_id = '68000000-0000-4000-8000-0000000000c1'), 0,
          'and its turns');

insert into messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
values ('68000000-0000-4000-8000-000000000011', '68000000-0000-4000-8000-000000000012',
        '68000000-0000-4000-8000-0000000000c2', 'in', 'Bom dia', 'WA-68-5');
delete from channels where id = '68000000-0000-4000-8000-000000000012';
select is((select count(*)::int from messages where clinic_id = '68000000-0000-4000-8000-000000000011'), 0,
          'deleting a number deletes its conversations'' messages');

insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('68000000-0000-4000-8000-0000000000c3', '68000000-0000-4000-8000-000000000001', '68000000-0000-4000-8000-000000000003',
   '68000000-0000-4000-8000-0000000000b1', '351910000681@s.whatsapp.net');
insert into messages (id, clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
values ('68000000-0000-4000-8000-0000000000d3', '68000000-0000-4000-8000-000000000001',
        '68000000-0000-4000-8000-000000000003', '68000000-0000-4000-8000-0000000000c3', 'in', 'Oi', 'WA-68-6');
insert into turns (clinic_id, conversation_id, message_id, gate, mode_before, mode_after, state_before, state_after,
                   version_after, duration_ms)
values ('68000000-0000-4000-8000-000000000001', '68000000-0000-4000-8000-0000000000c3',
        '68000000-0000-4000-8000-0000000000d3', 'step', 'bot', 'bot', '{}', '{}', 1, 3);
delete from clinics where id = '68000000-0000-4000-8000-000000000001';
select is((select count(*)::int from messages where clinic_id = '68000000-0000-4000-8000-000000000001'), 0,
          'deleting a clinic deletes its messages');
select is((select count(*)::int from turns where clinic_id = '68000000-0000-4000-8000-000000000001'), 0,
          'and its turns');

-- ── Stamping the last message is a HOT update ──────────────────────────────────────────────
insert into clinics (id, name, timezone) values ('68000000-0000-4000-8000-000000000021', 'Hot Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret)
values ('68000000-0000-4000-8000-000000000022', '68000000-0000-4000-8000-000000000021', '+351210000684', repeat('h', 40));
insert into patients (id, clinic_id, phone, name)
values ('68000000-0000-4000-8000-0000000000b4', '68000000-0000-4000-8000-000000000021', '+351910000684', 'Sara');
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('68000000-0000-4000-8000-0000000000c4', '68000000-0000-4000-8000-000000000021', '68000000-0000-4000-8000-000000000022',
   '68000000-0000-4000-8000-0000000000b4', '351910000684@s.whatsapp.net');
create temp table hot_before as
  select pg_stat_get_xact_tuples_updated('public.conversations'::regclass) as updated,
         pg_stat_get_xact_tuples_hot_updated('public.conversations'::regclass) as hot;
update conversations set last_inbound_at = now() where id = '68000000-0000-4000-8000-0000000000c4';
update conversations set last_inbound_at = now() + interval '1 minute' where id = '68000000-0000-4000-8000-0000000000c4';
select is(
  (select (pg_stat_get_xact_tuples_updated('public.conversations'::regclass) - updated)::int from hot_before), 2,
  'two stamps of the last message'
);
select is(
  (select (pg_stat_get_xact_tuples_hot_updated('public.conversations'::regclass) - hot)::int from hot_before), 2,
  'both stayed on the row''s page without a new index entry (no index has last_inbound_at)'
);

-- ── lz4 for the JSON of every turn ─────────────────────────────────────────────────────────
select set_eq(
  $$select attrelid::regclass::text || '.' || attname from pg_attribute
     where attrelid in ('public.conversations'::regclass, 'public.turns'::regclass) and attcompression = 'l'$$,
  array['conversations.state', 'turns.state_before', 'turns.state_after', 'turns.effects'],
  'the state and the turn log''s JSON are compressed with lz4'
);
update conversations
   set state = jsonb_build_object('shown', (select jsonb_agg(jsonb_build_object('slot', g, 'at', '2026-12-0' || (g % 9 + 1)))
                                              from generate_series(1, 400) g))
 where id = '68000000-0000-4000-8000-0000000000c4';
select is((select pg_column_compression(state) from conversations where id = '68000000-0000-4000-8000-0000000000c4'), 'lz4',
          'a large state is stored with lz4');

select * from finish();
rollback;
