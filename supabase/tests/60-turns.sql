-- Turns with a fixed clock: begin_turn records a message once and resolves patient and conversation
-- (phone, LID, both: one patient), a redelivery gets the stored reply or the unfinished turn back,
-- complete_turn commits only on the expected version, stores the reply and never erases a name.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(40);

insert into clinics (id, name, timezone, rate_limit_per_minute)
values ('60000000-0000-4000-8000-000000000001', 'Turn Clinic', 'Europe/Lisbon', 3);
insert into channels (id, clinic_id, phone, secret)
values ('60000000-0000-4000-8000-000000000002', '60000000-0000-4000-8000-000000000001', '+351210000601', repeat('t', 40));
insert into providers (id, clinic_id, name)
values ('60000000-0000-4000-8000-0000000000a1', '60000000-0000-4000-8000-000000000001', 'Dr One');
insert into services (id, clinic_id, name, duration_minutes)
values ('60000000-0000-4000-8000-0000000000e1', '60000000-0000-4000-8000-000000000001', 'Cleaning', 30),
       ('60000000-0000-4000-8000-0000000000e2', '60000000-0000-4000-8000-000000000001', 'Nobody offers this', 30);
insert into provider_services (clinic_id, provider_id, service_id)
values ('60000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-0000000000a1', '60000000-0000-4000-8000-0000000000e1');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
values ('60000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-0000000000a1', 2, '09:00', '12:00'),
       ('60000000-0000-4000-8000-000000000001', '60000000-0000-4000-8000-0000000000a1', 4, '09:00', '12:00');

/** begin_turn on the test channel at minute p_minute past 10:00 UTC on 2026-06-01. */
create function pg_temp.msg(p_id text, p_jid text, p_phone text, p_push text, p_body text, p_minute int default 0)
returns jsonb language sql as $$
  select public.begin_turn('60000000-0000-4000-8000-000000000002', p_id, p_jid, p_phone, p_push, p_body,
                           '2026-06-01 10:00Z', '2026-06-01 10:00Z'::timestamptz + make_interval(mins => p_minute))
$$;
create function pg_temp.patients_with(p_phone text) returns bigint language sql as $$
  select count(*) from public.patients where clinic_id = '60000000-0000-4000-8000-000000000001' and phone = p_phone
$$;

-- A first message.
create temp table t1 as select pg_temp.msg('M1', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', 'hi') as r;
select is((select r ->> 'duplicate' from t1), 'false', 'a first message is not a duplicate');
select is((select r ->> 'completed' from t1), 'false', 'a first message is not completed yet');
select is((select r -> 'conversation' ->> 'version' from t1), '0', 'a new conversation starts at version 0');
select is((select r -> 'conversation' ->> 'mode' from t1), 'bot', 'a new conversation is answered by the bot');
select is((select r -> 'patient' ->> 'pushName' from t1), 'Ana', 'the WhatsApp name is stored as push_name');
select is((select r -> 'patient' ->> 'name' from t1), null, 'the WhatsApp name is not taken as the booking name');
select is((select r -> 'clinic' ->> 'timezone' from t1), 'Europe/Lisbon', 'the clinic''s time zone is in the context');
select is((select r -> 'clinic' -> 'openWeekdays' from t1), '[2, 4]'::jsonb, 'the weekdays anyone works are in the context');
select is((select jsonb_array_length(r -> 'services') from t1), 1, 'only services someone offers are listed');
select is((select r -> 'history' from t1), '[]'::jsonb, 'a first message has no history');
select is((select count(*) from messages where wa_message_id = 'M1'), 1::bigint, 'the message is recorded');
select is((select sent_at from messages where wa_message_id = 'M1'), '2026-06-01 10:00Z'::timestamptz,
  'the time WhatsApp says it was sent is kept');

-- complete_turn.
select is(
  complete_turn((select (r ->> 'conversationId')::uuid from t1), 0, (select (r ->> 'inboundMessageId')::uuid from t1),
                '{"v":1,"step":{"kind":"menu"},"stack":[],"invalid":0}', 'bot', 'Hello!', null, null, '2026-06-01 10:00:01Z'),
  '{"ok": true, "version": 1}'::jsonb,
  'completing on the expected version commits and bumps the version'
);
select is(
  (select body from messages where reply_to_id = (select (r ->> 'inboundMessageId')::uuid from t1) and direction = 'out'),
  'Hello!', 'the reply is stored pointing at the inbound message'
);
select isnt((select processed_at from messages where wa_message_id = 'M1'), null, 'the inbound message is marked processed');

-- Redelivery of a completed turn.
create temp table t1b as select pg_temp.msg('M1', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', 'hi', 1) as r;
select is((select r from t1b),
  jsonb_build_object('duplicate', true, 'completed', true, 'conversationId', (select r ->> 'conversationId' from t1), 'reply', 'Hello!'),
  'a redelivered, completed message gets the stored reply');
select is((select count(*) from messages where wa_message_id = 'M1'), 1::bigint, 'a redelivery records nothing new');

-- A turn that never completed (crash) is handed out again, once.
create temp table t2 as select pg_temp.msg('M2', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', '1', 2) as r;
create temp table t2b as select pg_temp.msg('M2', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', '1', 3) as r;
select is((select r ->> 'duplicate' from t2b), 'true', 'a redelivery of an unfinished turn is a duplicate');
select is((select r ->> 'completed' from t2b), 'false', '... that is not completed ...');
select is((select r ->> 'inboundMessageId' from t2b), (select r ->> 'inboundMessageId' from t2), '... and hands back the same message');
select is((select r -> 'history' from t2b),
  '[{"direction": "in", "body": "hi"}, {"direction": "out", "body": "Hello!"}]'::jsonb,
  'the history holds the earlier messages, oldest first, not the current one');
select is(
  complete_turn((select (r ->> 'conversationId')::uuid from t2), 0, (select (r ->> 'inboundMessageId')::uuid from t2),
                '{}', 'bot', 'stale', null, null, '2026-06-01 10:03Z'),
  '{"ok": false, "reason": "conflict"}'::jsonb,
  'completing on a stale version reports a conflict instead of raising'
);
select is((select processed_at from messages where wa_message_id = 'M2'), null, 'a conflict leaves the message unprocessed');
select is(
  complete_turn((select (r ->> 'conversationId')::uuid from t2), 1, (select (r ->> 'inboundMessageId')::uuid from t2),
                '{}', 'human', null, null, 'Ana Sousa', '2026-06-01 10:03Z') ->> 'ok',
  'true', 'completing on the current version succeeds'
);
select is(
  complete_turn((select (r ->> 'conversationId')::uuid from t2), 2, (select (r ->> 'inboundMessageId')::uuid from t2),
                '{}', 'bot', 'twice', null, null, '2026-06-01 10:03Z'),
  '{"ok": false, "reason": "conflict"}'::jsonb,
  'a turn cannot be completed twice'
);
select is((select count(*) from messages where reply_to_id = (select (r ->> 'inboundMessageId')::uuid from t2)), 0::bigint,
  'a silent turn (null reply) stores no outbound message');
select is((select mode::text from conversations where id = (select (r ->> 'conversationId')::uuid from t2)), 'human',
  'the mode is committed (handoff to staff)');
select is((select name from patients where phone = '+351910000001'), 'Ana Sousa', 'a patient without a name gets one');
select lives_ok(
  $$select complete_turn((select (r ->> 'conversationId')::uuid from t1), 3,
      (select (pg_temp.msg('M3', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', 'x', 4) ->> 'inboundMessageId')::uuid),
      '{}', 'bot', 'ok', null, 'Someone Else', '2026-06-01 10:04Z')$$,
  'completing with another name works ...'
);
select is((select name from patients where phone = '+351910000001'), 'Ana Sousa', '... but never overwrites a known name');

-- Rate-limit facts: messages of the last minute.
select is((pg_temp.msg('M4', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', 'a', 4) ->> 'inboundLastMinute')::int, 2,
  'the inbound count of the last minute includes the current message');

-- Identities: LID first, then the phone number with the same LID: one patient.
create temp table l1 as select pg_temp.msg('L1', '99887766@lid', null, 'Bea', 'hi', 10) as r;
select is((select lid from patients where id = (select (r -> 'patient' ->> 'id')::uuid from l1)), '99887766',
  'a LID-only sender is a patient known by LID');
create temp table l2 as select pg_temp.msg('L2', '99887766@lid', '+351910000002', 'Bea', 'hi', 11) as r;
select is((select r -> 'patient' ->> 'id' from l2), (select r -> 'patient' ->> 'id' from l1),
  'the same LID with a phone number is the same patient');
select is((select phone from patients where lid = '99887766'), '+351910000002', 'the phone number is added to the patient');

-- Phone first and LID first as two records, then a message carrying both: merged into one.
create temp table m1 as select pg_temp.msg('P1', '351910000003@s.whatsapp.net', '+351910000003', 'Cy', 'hi', 20) as r;
update patients set name = 'Cy Known' where phone = '+351910000003';
create temp table m2 as select pg_temp.msg('P2', '55443322@lid', null, 'Cy', 'hi again', 21) as r;
select isnt((select r -> 'patient' ->> 'id' from m2), (select r -> 'patient' ->> 'id' from m1),
  'seen only by LID, the person is at first a second patient');
create temp table m3 as select pg_temp.msg('P3', '55443322@lid', '+351910000003', 'Cy', 'both', 22) as r;
select is((select count(*) from patients where phone = '+351910000003' or lid = '55443322'), 1::bigint,
  'seen with both, the two records are merged into one patient');
select is((select r -> 'patient' ->> 'name' from m3), 'Cy Known', 'the merged patient keeps the known name');
select is((select count(*) from messages m join conversations c on c.id = m.conversation_id
            where c.patient_id = (select (r -> 'patient' ->> 'id')::uuid from m3)), 3::bigint,
  'the merged patient''s conversation holds all three messages');

-- Closed days: a clinic-wide closure over a whole working day (Thursday 2026-06-04, 09:00-12:00 local).
insert into closures (clinic_id, starts_at, ends_at, reason)
values ('60000000-0000-4000-8000-000000000001', '2026-06-04 07:00Z', '2026-06-04 12:00Z', 'holiday'),
       ('60000000-0000-4000-8000-000000000001', '2026-06-09 09:00Z', '2026-06-09 10:00Z', 'a short meeting');
select is((pg_temp.msg('C1', '351910000001@s.whatsapp.net', '+351910000001', 'Ana', 'x', 30) -> 'clinic' -> 'closedDays'),
  '["2026-06-04"]'::jsonb, 'a day whose working hours a clinic-wide closure covers is a closed day; a short closure is not');

-- Unknown channel.
select throws_ok(
  $$select public.begin_turn('60000000-0000-4000-8000-0000000000ff', 'X1', '1@s.whatsapp.net', '+351910000009', null, 'hi', now(), now())$$,
  'BK009', null, 'an unknown channel is refused'
);

select * from finish();
rollback;
