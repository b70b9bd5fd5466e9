-- Dead letters (POST /dead-letter, issue 7 §4): the bot's report of a patient message it gave up on
-- is stored in the patient's chat like any message, processed with a silent entry in turns (the
-- assistant will not answer it now), alerted to staff at once (urgent, whatever the hours), once
-- per message; a report from an alert phone stores no patient. Staff read their clinic's reports.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(14);

insert into auth.users (id, email) values ('33000000-0000-4000-8000-0000000000f9', 'desk@dead.test');
insert into clinics (id, name, timezone) values ('33000000-0000-4000-8000-000000000001', 'Dead Letter Clinic', 'Europe/Lisbon');
-- Alerts only at 03:00: anything not urgent would wait.
update clinics set alert_hours_start = '03:00', alert_hours_end = '03:01' where id = '33000000-0000-4000-8000-000000000001';
insert into channels (id, clinic_id, phone, secret)
values ('33000000-0000-4000-8000-000000000002', '33000000-0000-4000-8000-000000000001', '+351210000331', repeat('d', 40));
insert into staff (clinic_id, user_id, display_name, alert_phone)
values ('33000000-0000-4000-8000-000000000001', '33000000-0000-4000-8000-0000000000f9', 'Desk', '+351910000393');

create function pg_temp.report(p_id text, p_phone text, p_body text) returns jsonb language sql as $$
  select public.record_dead_letter('33000000-0000-4000-8000-000000000002', p_id, ltrim(p_phone, '+') || '@s.whatsapp.net', p_phone,
                                   'Ana', p_body, '2030-01-10 12:00Z', 'function unavailable for 60 minutes', null, '2030-01-10 12:00Z')
$$;

create temp table d1 as select pg_temp.report('D1', '+351910000331', 'are you open today?') as r;
select isnt((select r ->> 'conversationId' from d1), null, 'a reported message is stored in the patient''s chat');
select is((select r ->> 'alerted' from d1), 'true', 'and alerts staff');
select is((select body from messages where wa_message_id = 'D1'), 'are you open today?', 'the message is kept as the patient wrote it');
select isnt((select processed_at from messages where wa_message_id = 'D1'), null, 'processed: the assistant will not answer it now');
select is((select gate || ':' || gate_reason from turns t join messages m on m.id = t.message_id where m.wa_message_id = 'D1'),
  'silent:dead_letter', 'with a silent turn in the log');
select is((select reason || ':' || urgent from staff_alerts where message_id = (select id from messages where wa_message_id = 'D1')),
  'message_failed:true', 'the alert says a message failed, and is urgent');
select is((select send_after from outbox where kind = 'staff_alert' and clinic_id = '33000000-0000-4000-8000-000000000001'), '2030-01-10 12:00Z'::timestamptz, 'so it goes at once, outside the alert hours');
select is((select version from conversations where id = (select (r ->> 'conversationId')::uuid from d1)), 1,
  'the chat''s version moves, so a turn of the same message still running loses its race');

create temp table d2 as select pg_temp.report('D1', '+351910000331', 'are you open today?') as r;
select is((select r ->> 'duplicate' || ':' || (r ->> 'alerted') from d2), 'true:false', 'a repeated report is recognised');
select is((select count(*)::int from staff_alerts where clinic_id = '33000000-0000-4000-8000-000000000001'), 1, 'and alerts nobody again');
select is((select count(*)::int from dead_letters where clinic_id = '33000000-0000-4000-8000-000000000001'), 1, 'one report per message');

select is(pg_temp.report('D2', '+351910000393', 'ABCD hi') ->> 'conversationId', null, 'a report from an alert phone has no patient chat');
select is((select count(*)::int from patients where phone = '+351910000393'), 0, 'and makes no patient');

set local role authenticated;
select set_config('request.jwt.claims', '{"sub": "33000000-0000-4000-8000-0000000000f9", "role": "authenticated"}', true);
select is((select count(*)::int from dead_letters), 2, 'staff read their clinic''s reports');

select * from finish();
rollback;
