-- Staff alerts (issue 7 §4): a turn that hands the patient to staff (or reaches the cool-off) raises
-- one alert with a reference and one staff_alert per alert phone, in the turn's transaction; inside
-- the alert hours at once, outside them at their next start unless urgent; a second need while the
-- alert is open adds to it (an urgent one sends it now); the alert closes when the chat is with the
-- bot again, by a turn or by staff in Studio (as a Studio-like role), and a waiting alert of a
-- closed one is dropped unsent; alerts never join the patient's chat history.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(23);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

-- Lisbon, alerts from 08:00 to 20:00.
insert into clinics (id, name, timezone) values ('31000000-0000-4000-8000-000000000001', 'Alert Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret)
values ('31000000-0000-4000-8000-000000000002', '31000000-0000-4000-8000-000000000001', '+351210000311', repeat('a', 40));
insert into staff (id, clinic_id, display_name, alert_phone, alert_language) values
  ('31000000-0000-4000-8000-0000000000f1', '31000000-0000-4000-8000-000000000001', 'Maria', '+351910000391', null),
  ('31000000-0000-4000-8000-0000000000f2', '31000000-0000-4000-8000-000000000001', 'João', '+351910000392', 'pt');

/** A patient message at a given instant. */
create function pg_temp.msg(p_id text, p_phone text, p_body text, p_at timestamptz) returns jsonb language sql as $$
  select public.begin_turn('31000000-0000-4000-8000-000000000002', p_id, ltrim(p_phone, '+') || '@s.whatsapp.net', p_phone,
                           'Ana', p_body, p_at, p_at)
$$;
create function pg_temp.complete(p_turn jsonb, p_mode text, p_at timestamptz, p_alert jsonb default null, p_paused timestamptz default null)
returns jsonb language sql as $$
  select public.complete_turn((p_turn ->> 'conversationId')::uuid, (p_turn -> 'conversation' ->> 'version')::int,
                              (p_turn ->> 'inboundMessageId')::uuid, '{}', p_mode, 'ok', p_paused, null, p_at, null, null, p_alert)
$$;
create function pg_temp.alerts_of(p_phone text) returns setof public.staff_alerts language sql as $$
  select a.* from public.staff_alerts a join public.patients p on p.id = a.patient_id where p.phone = p_phone order by a.created_at
$$;
create function pg_temp.rows_of(p_phone text) returns setof public.outbox language sql as $$
  select o.* from public.outbox o join public.patients p on p.id = o.patient_id
   where p.phone = p_phone and o.kind = 'staff_alert' order by o.phone
$$;
grant execute on all functions in schema pg_temp to studio_editor;

-- 10:00 in Lisbon (winter: UTC): inside the hours.
select pg_temp.complete(pg_temp.msg('A1', '+351910000301', 'I want to talk to a person', '2030-01-10 10:00Z'), 'human',
                        '2030-01-10 10:00Z', '{"reason": "asked_for_staff", "urgent": false}');
select is((select count(*)::int from pg_temp.alerts_of('+351910000301')), 1, 'handing the patient to staff raises one alert');
select matches((select reference from pg_temp.alerts_of('+351910000301')), '^[BCDFGHJKMNPQRSTVWXZ2-9]{4}$',
  'with a four-character reference without vowels');
select is((select array_agg(phone order by phone) from pg_temp.rows_of('+351910000301')), array['+351910000391', '+351910000392'],
  'one staff_alert per alert phone of the clinic');
select is((select array_agg(distinct send_after) from pg_temp.rows_of('+351910000301')), array['2030-01-10 10:00Z'::timestamptz],
  'sent at once inside the alert hours');
select is((select params ->> 'lastMessage' from pg_temp.rows_of('+351910000301') limit 1), 'I want to talk to a person',
  'naming the patient''s message');
select is((select count(*)::int from pg_temp.rows_of('+351910000301') where text is not null or conversation_id is not null), 0,
  'written by the function at claim, and addressed to the phone, not the patient''s chat');

-- 23:00: outside the hours, the next start is 08:00 the next day; an urgent need goes at once.
select pg_temp.complete(pg_temp.msg('B1', '+351910000302', 'staff', '2030-01-10 23:00Z'), 'human',
                        '2030-01-10 23:00Z', '{"reason": "asked_for_staff", "urgent": false}');
select is((select array_agg(distinct send_after) from pg_temp.rows_of('+351910000302')), array['2030-01-11 08:00Z'::timestamptz],
  'outside the alert hours an alert waits for their next start');
select pg_temp.complete(pg_temp.msg('C1', '+351910000303', 'my tooth is bleeding, staff', '2030-01-10 23:00Z'), 'human',
                        '2030-01-10 23:00Z', '{"reason": "asked_for_staff", "urgent": true}');
select is((select array_agg(distinct send_after) from pg_temp.rows_of('+351910000303')), array['2030-01-10 23:00Z'::timestamptz],
  'an urgent one goes at once');
select is((select urgent from pg_temp.alerts_of('+351910000303')), true, 'and is marked urgent');

-- Hours that span midnight (20:00 to 02:00): 01:00 is inside, 03:00 waits until 20:00.
update clinics set alert_hours_start = '20:00', alert_hours_end = '02:00' where id = '31000000-0000-4000-8000-000000000001';
select is(alert_send_after(c, '2030-01-11 01:00Z', false), '2030-01-11 01:00Z'::timestamptz, 'overnight hours: inside after midnight')
  from clinics c where c.id = '31000000-0000-4000-8000-000000000001';
select is(alert_send_after(c, '2030-01-11 03:00Z', false), '2030-01-11 20:00Z'::timestamptz, 'overnight hours: the next start the same evening')
  from clinics c where c.id = '31000000-0000-4000-8000-000000000001';
update clinics set alert_hours_start = '08:00', alert_hours_end = '20:00' where id = '31000000-0000-4000-8000-000000000001';

-- A second need while the alert is open adds to it; an urgent one sends the waiting alerts now.
select pg_temp.complete(pg_temp.msg('B2', '+351910000302', 'it hurts a lot', '2030-01-10 23:05Z'), 'human',
                        '2030-01-10 23:05Z', '{"reason": "cooloff", "urgent": true}');
select is((select count(*)::int from pg_temp.alerts_of('+351910000302')), 1, 'a second need while the alert is open raises no new alert');
select is((select count(*)::int from pg_temp.rows_of('+351910000302')), 2, 'and queues no new messages');
select is((select array_agg(distinct send_after) from pg_temp.rows_of('+351910000302')), array['2030-01-10 23:05Z'::timestamptz],
  'an urgent second need sends the waiting alerts at once');
select is((select array_agg(distinct params ->> 'lastMessage') from pg_temp.rows_of('+351910000302')), array['it hurts a lot'],
  'naming the latest message');

-- A cool-off alert stays open while paused; a bot turn after it closes it.
select pg_temp.complete(pg_temp.msg('D1', '+351910000304', 'xyz', '2030-01-10 10:00Z'), 'bot', '2030-01-10 10:00Z',
                        '{"reason": "cooloff", "urgent": false}', '2030-01-10 10:30Z');
select is((select reason || ':' || (closed_at is null) from pg_temp.alerts_of('+351910000304')), 'cooloff:true',
  'the cool-off raises an alert that stays open while the patient is paused');
select pg_temp.complete(pg_temp.msg('D2', '+351910000304', 'hi', '2030-01-10 10:40Z'), 'bot', '2030-01-10 10:40Z');
select is((select closed_at from pg_temp.alerts_of('+351910000304')), '2030-01-10 10:40Z'::timestamptz,
  'the first turn with the bot afterwards closes it');
select pg_temp.complete(pg_temp.msg('D3', '+351910000304', 'staff', '2030-01-10 10:41Z'), 'human', '2030-01-10 10:41Z',
                        '{"reason": "asked_for_staff", "urgent": false}');
select is((select count(*)::int from pg_temp.alerts_of('+351910000304')), 2, 'a later need raises a new alert');

-- Staff hand the chat back in Studio: the alert closes, and its alerts still waiting are dropped unsent.
set local role studio_editor;
update conversations c set mode = 'bot' from patients p where p.id = c.patient_id and p.phone = '+351910000301';
reset role;
select isnt((select closed_at from pg_temp.alerts_of('+351910000301')), null, 'handing the chat back in Studio closes its alert');
update outbox o set send_after = '2030-01-11 08:00Z'
  from patients p where p.id = o.patient_id and p.phone = '+351910000301' and o.kind = 'staff_alert';
select count(*) from claim_outbox('31000000-0000-4000-8000-000000000002', 50, '2030-01-11 08:01Z');
select is((select count(*)::int from pg_temp.rows_of('+351910000301')), 0, 'an alert still waiting when its patient went back to the bot is dropped unsent');
select isnt((select count(*)::int from outbox where kind = 'staff_alert' and status = 'sending' and clinic_id = '31000000-0000-4000-8000-000000000001'), 0, 'open alerts are claimed as usual');

-- Sent alerts are not part of the patient's chat.
select render_outbox('31000000-0000-4000-8000-000000000002',
  (select jsonb_agg(jsonb_build_object('id', id, 'text', 'alert text')) from outbox where kind = 'staff_alert' and status = 'sending' and clinic_id = '31000000-0000-4000-8000-000000000001'),
  '2030-01-11 08:01Z');
select ack_outbox('31000000-0000-4000-8000-000000000002', o.id, 'sent', null, '2030-01-11 08:02Z', 'WA-' || o.id)
  from outbox o where o.kind = 'staff_alert' and o.status = 'sending' and o.clinic_id = '31000000-0000-4000-8000-000000000001';
select is((select count(*)::int from messages where body = 'alert text'), 0, 'a sent alert does not join the patient''s history');
select is((select count(*)::int from outbox where kind = 'staff_alert' and wa_message_id like 'WA-%' and clinic_id = '31000000-0000-4000-8000-000000000001'),
          (select count(*)::int from outbox where kind = 'staff_alert' and status = 'sent' and clinic_id = '31000000-0000-4000-8000-000000000001'),
  'and keeps WhatsApp''s id, so a reply quoting it can be traced');

select * from finish();
rollback;
