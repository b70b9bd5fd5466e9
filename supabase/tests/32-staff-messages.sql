-- Staff answering from their phone (issue 7 §4). begin_turn answers a message from an alert phone
-- with {staff} and records nothing of a patient (matched by phone, by the LID learned for it, or a
-- LID-only sender quoting an alert); answer_staff_message passes an answer to the patient it is for
-- (quote, reference, or the one chat the sender has), takes the chat over, makes the first to answer
-- its owner and refuses the others, hands back on "bot", is recorded once per WhatsApp id; a
-- patient's message while the owner has the chat is forwarded to the owner's phone.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(29);

insert into clinics (id, name, timezone) values ('32000000-0000-4000-8000-000000000001', 'Phone Clinic', 'Europe/Lisbon');
update clinics set alert_hours_start = '00:00', alert_hours_end = '23:59:59.999' where id = '32000000-0000-4000-8000-000000000001';
insert into channels (id, clinic_id, phone, secret)
values ('32000000-0000-4000-8000-000000000002', '32000000-0000-4000-8000-000000000001', '+351210000321', repeat('p', 40));
insert into staff (id, clinic_id, display_name, alert_phone) values
  ('32000000-0000-4000-8000-0000000000f1', '32000000-0000-4000-8000-000000000001', 'Maria', '+351910000391'),
  ('32000000-0000-4000-8000-0000000000f2', '32000000-0000-4000-8000-000000000001', 'Rui', '+351910000392');

create function pg_temp.msg(p_id text, p_jid text, p_phone text, p_body text, p_quoted text default null) returns jsonb language sql as $$
  select public.begin_turn('32000000-0000-4000-8000-000000000002', p_id, p_jid, p_phone, 'Someone', p_body, now(), now(), p_quoted)
$$;
/** answer_staff_message as the function calls it, from what parse.ts reads. */
create function pg_temp.answer(p_staff uuid, p_id text, p_body text, p_quoted text default null, p_reference text default null,
                               p_text text default null, p_hand_back boolean default false, p_hand_back_after boolean default false)
returns jsonb language sql as $$
  select public.answer_staff_message('32000000-0000-4000-8000-000000000002', p_staff, p_id, p_body, p_quoted, p_reference,
                                     p_text, p_hand_back, p_hand_back_after, now())
$$;
create function pg_temp.conv(p_phone text) returns public.conversations language sql as $$
  select c.* from public.conversations c join public.patients p on p.id = c.patient_id where p.phone = p_phone
$$;

-- A patient asks for staff; the alerts go out and are acknowledged with WhatsApp's ids.
create temp table p1 as select pg_temp.msg('P1', '351910000301@s.whatsapp.net', '+351910000301', 'staff please') as r;
select complete_turn((r ->> 'conversationId')::uuid, 0, (r ->> 'inboundMessageId')::uuid, '{}', 'human', 'Passed to staff',
                     null, null, now(), null, null, '{"reason": "asked_for_staff"}') from p1;
update outbox set text = 'alert', status = 'sent', sent_at = now(),
                  wa_message_id = case phone when '+351910000391' then 'WA-MARIA' else 'WA-RUI' end
 where kind = 'staff_alert' and clinic_id = '32000000-0000-4000-8000-000000000001';
create temp table alert as select a.* from staff_alerts a where a.conversation_id = (pg_temp.conv('+351910000301')).id;

-- Who is staff.
select is(pg_temp.msg('S1', '351910000391@s.whatsapp.net', '+351910000391', 'hello') -> 'staff' ->> 'id',
  '32000000-0000-4000-8000-0000000000f1', 'a message from an alert phone is staff''s');
select is((select count(*)::int from patients where phone in ('+351910000391', '+351910000392')), 0, 'and no patient is made of it');
select is((select count(*)::int from messages where wa_message_id = 'S1'), 0, 'nor is it stored as a patient message');
select is(pg_temp.msg('S2', '555000000000001@lid', null, 'hi', 'WA-RUI') -> 'staff' ->> 'id', '32000000-0000-4000-8000-0000000000f2',
  'a LID-only sender quoting an alert is the staff member it was sent to');
select is((select alert_lid from staff where id = '32000000-0000-4000-8000-0000000000f2'), '555000000000001', 'whose LID is learned');
select is(pg_temp.msg('S3', '555000000000001@lid', null, 'hi again') -> 'staff' ->> 'id', '32000000-0000-4000-8000-0000000000f2',
  'so their LID-only messages are matched without a quote afterwards');
select is(pg_temp.msg('S4', '555000000000002@lid', null, 'hi', 'WA-NOTHING') -> 'staff', null,
  'a LID-only sender quoting anything else is a patient');
select is(pg_temp.msg('S5', '351910000399@s.whatsapp.net', '+351910000399', 'hi', 'WA-MARIA') -> 'staff', null,
  'a sender with a number that is no alert phone is a patient, whatever they quote');

-- Maria answers by quoting her alert: the first answer.
create temp table a1 as select pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M1', 'Hi, Maria here', 'WA-MARIA') as r;
select is((select r ->> 'outcome' || ':' || (r ->> 'first') from a1), 'sent:true', 'the first answer quoting the alert is sent, and owns it');
select is((select answered_by from staff_alerts where id = (select id from alert)), '32000000-0000-4000-8000-0000000000f1', 'Maria owns the alert');
select is((select text from outbox where kind = 'staff_reply' and conversation_id = (pg_temp.conv('+351910000301')).id),
  'Hi, Maria here', 'the answer goes to the patient as a staff reply');
select is((pg_temp.conv('+351910000301')).mode, 'human'::conversation_mode, 'and the chat is with staff');

-- Rui answers the same patient: refused, told who has it; nothing sent.
create temp table a2 as select pg_temp.answer('32000000-0000-4000-8000-0000000000f2', 'R1', 'Olá!', 'WA-RUI') as r;
select is((select r ->> 'outcome' || ':' || (r ->> 'ownerName') from a2), 'taken:Maria', 'a second staff member is refused, naming who has it');
select is((select count(*)::int from outbox where kind = 'staff_reply' and clinic_id = '32000000-0000-4000-8000-000000000001' and text = 'Olá!'), 0, 'and their answer is not sent');
select is((select answered_by from staff_alerts where id = (select id from alert)), '32000000-0000-4000-8000-0000000000f1', 'Maria still owns it');

-- A redelivery changes nothing and gets the same answer.
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M1', 'Hi, Maria here', 'WA-MARIA') ->> 'duplicate', 'true',
  'a redelivered staff message is recognised');
select is((select count(*)::int from outbox where kind = 'staff_reply' and clinic_id = '32000000-0000-4000-8000-000000000001' and text = 'Hi, Maria here'), 1, 'and sends nothing twice');

-- The patient writes while Maria has the chat: forwarded to her phone only.
create temp table p2 as select pg_temp.msg('P2', '351910000301@s.whatsapp.net', '+351910000301', 'my bill is wrong') as r;
select complete_turn((r ->> 'conversationId')::uuid, (r -> 'conversation' ->> 'version')::int, (r ->> 'inboundMessageId')::uuid,
                     '{}', 'human', null, null, null, now(), null, '{"gate": "silent", "gateReason": "human"}') from p2;
select is((select array_agg(phone || ':' || (params ->> 'text')) from outbox where kind = 'patient_message' and clinic_id = '32000000-0000-4000-8000-000000000001'),
  array['+351910000391:my bill is wrong'], 'the patient''s message is forwarded to the owner''s phone');

-- Maria writes without a quote: she has one chat, so it goes there; by reference too.
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M2', 'Let me check') ->> 'outcome', 'sent',
  'an unquoted answer goes to the one chat its sender has');
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M3', (select reference from alert) || ' Fixed it',
                         null, (select reference from alert), 'Fixed it') ->> 'outcome', 'sent', 'an answer starting with the reference is sent');
select is((select array_agg(text order by text) from outbox where kind = 'staff_reply' and clinic_id = '32000000-0000-4000-8000-000000000001' and text like '%Fixed it'), array['Fixed it'], 'without its reference');
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M4', (select reference from alert),
                         null, (select reference from alert), '') ->> 'outcome', 'empty', 'a reference alone asks for the answer');

-- Rui writes without a quote and has no chat: help.
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f2', 'R2', 'what do I do?') ->> 'outcome', 'help',
  'a message matching no alert gets the help text');

-- Maria hands back.
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M5', 'bot', null, null, null, true) ->> 'outcome', 'handed_back',
  '"bot" hands the chat back');
select is((pg_temp.conv('+351910000301')).mode, 'bot'::conversation_mode, 'the chat is with the bot again');
select is((select count(*)::int from outbox where kind = 'hand_back' and conversation_id = (pg_temp.conv('+351910000301')).id), 1,
  'the patient is told, with the main menu');
select isnt((select closed_at from staff_alerts where id = (select id from alert)), null, 'and the alert is closed');
select is(pg_temp.answer('32000000-0000-4000-8000-0000000000f1', 'M6', 'bot', 'WA-MARIA', null, null, true) ->> 'outcome', 'already_with_bot',
  'handing back a chat already with the bot says so');
select is((select array_agg(wa_message_id || ':' || outcome order by wa_message_id) from staff_messages where staff_id = '32000000-0000-4000-8000-0000000000f1'),
  array['M1:sent', 'M2:sent', 'M3:sent', 'M4:empty', 'M5:handed_back', 'M6:already_with_bot'], 'every staff message is recorded once with its outcome');

select * from finish();
rollback;
