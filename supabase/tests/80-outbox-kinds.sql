-- One mechanism for messages the clinic sends first (issue 7 §2): a row carries kind and params,
-- text only for a staff_reply; who may be messaged first (a chat, or consent); claim hands out what
-- the function needs to write the text, render_outbox stores it (or fails a row it could not write);
-- ack_outbox stores WhatsApp's id and applies a next state only while the chat is as it was and with
-- the bot, bumping its version. Staff writes as a Studio-like role; the bot's RPCs as service_role.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(31);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

insert into clinics (id, name, timezone) values ('80000000-0000-4000-8000-000000000001', 'Outbox Clinic', 'Europe/London');
insert into channels (id, clinic_id, phone, secret)
values ('80000000-0000-4000-8000-000000000002', '80000000-0000-4000-8000-000000000001', '+442000000801', repeat('o', 40));
-- b1 writes on WhatsApp (chat c1); b2 agreed to messages by phone; b3 did neither.
insert into patients (id, clinic_id, phone, name, messaging_consent) values
  ('80000000-0000-4000-8000-0000000000b1', '80000000-0000-4000-8000-000000000001', '+447700980001', 'Maya', false),
  ('80000000-0000-4000-8000-0000000000b2', '80000000-0000-4000-8000-000000000001', '+447700980002', 'Noor', true),
  ('80000000-0000-4000-8000-0000000000b3', '80000000-0000-4000-8000-000000000001', '+447700980003', 'Carl Caller', false);
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid, version) values
  ('80000000-0000-4000-8000-0000000000c1', '80000000-0000-4000-8000-000000000001', '80000000-0000-4000-8000-000000000002',
   '80000000-0000-4000-8000-0000000000b1', '447700980001@s.whatsapp.net', 5);
insert into staff (clinic_id, alert_phone, display_name)
values ('80000000-0000-4000-8000-000000000001', '+447700980099', 'Nurse on call');

create function pg_temp.row_of(p_id uuid) returns public.outbox language sql as $$
  select * from public.outbox where id = p_id
$$;
create function pg_temp.conv() returns public.conversations language sql stable as $$
  select * from public.conversations where id = '80000000-0000-4000-8000-0000000000c1'
$$;
grant execute on all functions in schema pg_temp to studio_editor, service_role;

-- ── What a row must carry, and who may be messaged first ───────────────────────────────────
select is_empty(
  $$select column_name from information_schema.columns
     where table_schema = 'public' and table_name = 'outbox' and is_nullable = 'NO' and column_default is null$$,
  'the insert form asks for nothing that is filled in: a staff reply needs only the chat and the text'
);
set local role studio_editor;
select throws_ok($$insert into outbox (conversation_id) values ('80000000-0000-4000-8000-0000000000c1')$$,
                 'ST005', 'a staff reply needs its text: write the message in the text column', 'a staff reply without text is refused');
select throws_ok(
  $$insert into outbox (conversation_id, kind, text) values ('80000000-0000-4000-8000-0000000000c1', 'reminder', 'Hi')$$,
  'ST005', 'the assistant writes the text of reminder messages when it sends them: leave text empty',
  'no patient text is written into a row of an automatic kind'
);
select throws_ok($$insert into outbox (conversation_id, kind, text) values ('80000000-0000-4000-8000-0000000000c1', 'notice', 'Hi')$$,
                 'ST005', null, 'the retired kind notice is refused');
select lives_ok(
  $$insert into outbox (clinic_id, phone, text) values ('80000000-0000-4000-8000-000000000001', '+447700980002', 'Your results are in.')$$,
  'staff may write to the number of a patient who agreed to messages'
);
select results_eq(
  $$select patient_id, channel_id, chat_jid, conversation_id from outbox where text = 'Your results are in.'$$,
  $$values ('80000000-0000-4000-8000-0000000000b2'::uuid, '80000000-0000-4000-8000-000000000002'::uuid, null::text, null::uuid)$$,
  'such a reply is addressed to the patient''s number from the clinic''s WhatsApp number'
);
select throws_ok(
  $$insert into outbox (patient_id, text) values ('80000000-0000-4000-8000-0000000000b3', 'Hello')$$,
  'ST005', 'Carl Caller has never written to the clinic on WhatsApp and has not agreed to messages',
  'a staff reply to a patient who neither wrote nor consented is refused, saying why'
);
select throws_ok(
  $$insert into outbox (clinic_id, phone, text) values ('80000000-0000-4000-8000-000000000001', '+447700980055', 'Hello')$$,
  'ST005', null, 'a staff reply to a number that is no patient''s is refused'
);
select is(public.enqueue_notice('appointment_cancelled', '80000000-0000-4000-8000-0000000000b3', '{}'), null,
          'an automatic message to a patient who neither wrote nor consented is not queued');
select is_empty($$select 1 from outbox where patient_id = '80000000-0000-4000-8000-0000000000b3'$$, 'nothing is queued for them');
insert into outbox (clinic_id, conversation_id, kind, phone, params)
values ('80000000-0000-4000-8000-000000000001', '80000000-0000-4000-8000-0000000000c1', 'staff_alert', '+447700980099',
        '{"patient": "Maya", "reason": "asked for staff"}');
select results_eq(
  $$select phone, chat_jid, channel_id from outbox where kind = 'staff_alert' and clinic_id = '80000000-0000-4000-8000-000000000001'$$,
  $$values ('+447700980099'::text, null::text, '80000000-0000-4000-8000-000000000002'::uuid)$$,
  'a staff alert goes to the staff member''s phone, never into the patient''s chat'
);
select throws_ok(
  $$insert into outbox (clinic_id, kind, params) values ('80000000-0000-4000-8000-000000000001', 'staff_alert', '{}')$$,
  'ST005', null, 'a staff alert needs the phone to alert'
);
delete from outbox where clinic_id = '80000000-0000-4000-8000-000000000001';
reset role;

-- ── Claim, write, store ──────────────────────────────────────────────────────────────────────
create temp table queued (name text primary key, id uuid) on commit drop;
insert into queued
select n, public.enqueue_notice('hand_back', '80000000-0000-4000-8000-0000000000b1', '{}', null,
                                '80000000-0000-4000-8000-0000000000c1', '2030-01-10 11:00Z')
  from unnest(array['applied', 'busy', 'with-staff', 'paused', 'unwritable']) n;
insert into outbox (id, conversation_id, text, send_after)
values ('80000000-0000-4000-8000-0000000000d1', '80000000-0000-4000-8000-0000000000c1', 'See you soon.', '2030-01-10 11:00Z');
grant select on queued to service_role;

set local role service_role;
create temp table claimed on commit drop as
select * from public.claim_outbox('80000000-0000-4000-8000-000000000002', 20, '2030-01-10 12:00Z');
select results_eq(
  $$select kind, text, context is null from claimed where id = '80000000-0000-4000-8000-0000000000d1'$$,
  $$values ('staff_reply'::text, 'See you soon.'::text, true)$$,
  'a staff reply is claimed with its text and nothing to write'
);
select results_eq(
  $$select text, context -> 'clinic' ->> 'name', (context -> 'conversation' ->> 'version')::int, context -> 'patient' ->> 'name'
      from claimed where id = (select id from queued where name = 'applied')$$,
  $$values (null::text, 'Outbox Clinic'::text, 5, 'Maya'::text)$$,
  'an automatic message is claimed without text, with the clinic, the chat and the patient to write it for'
);
select is(
  public.render_outbox('80000000-0000-4000-8000-000000000002',
    (select jsonb_agg(case when q.name = 'unwritable' then jsonb_build_object('id', q.id, 'error', 'no text is known for kind "x"')
                           else jsonb_build_object('id', q.id, 'text', 'Back with the assistant.',
                                                   'nextState', '{"v":1,"step":{"kind":"ask_question"},"stack":[],"invalid":0}'::jsonb,
                                                   'stateVersion', 5) end)
       from queued q),
    '2030-01-10 12:00:01Z'),
  5, 'render_outbox stores the texts the function wrote'
);
select results_eq(
  $$select text, rendered_at, next_state_version from outbox where id = (select id from queued where name = 'applied')$$,
  $$values ('Back with the assistant.'::text, '2030-01-10 12:00:01Z'::timestamptz, 5)$$,
  'the written text and the next state are kept on the row, for the history and Studio'
);
select results_eq(
  $$select status::text, last_error from outbox where id = (select id from queued where name = 'unwritable')$$,
  $$values ('failed'::text, 'could not write the message: no text is known for kind "x"'::text)$$,
  'a row the function could not write fails at once, with the reason'
);
select is(
  public.render_outbox('80000000-0000-4000-8000-000000000002',
    jsonb_build_array(jsonb_build_object('id', (select id from queued where name = 'applied'), 'text', 'Other words')), now()),
  0, 'a row keeps the text it was first written with'
);
select throws_ok(
  $$select public.ack_outbox('80000000-0000-4000-8000-000000000002', '80000000-0000-4000-8000-0000000000d9', 'sent')$$,
  'OB001', null, 'an ack of an unknown id is refused'
);

-- ── Ack: WhatsApp id, history, next state ────────────────────────────────────────────────────
select is(public.ack_outbox('80000000-0000-4000-8000-000000000002', (select id from queued where name = 'applied'), 'sent', null,
                            '2030-01-10 12:00:10Z', '3EB0SENT01'), 'sent', 'the bot acks a sent message with its WhatsApp id');
select results_eq(
  $$select wa_message_id, next_state_applied_at from outbox where id = (select id from queued where name = 'applied')$$,
  $$values ('3EB0SENT01'::text, '2030-01-10 12:00:10Z'::timestamptz)$$,
  'the WhatsApp id is stored, and the next state was applied'
);
select results_eq(
  $$select state, version from conversations where id = '80000000-0000-4000-8000-0000000000c1'$$,
  $$values ('{"v":1,"step":{"kind":"ask_question"},"stack":[],"invalid":0}'::jsonb, 6)$$,
  'an idle chat with the bot, unchanged since the text was written, moves to the next state and its version goes up'
);
select is(
  (select count(*)::int from messages where conversation_id = '80000000-0000-4000-8000-0000000000c1' and body = 'Back with the assistant.'),
  1, 'the sent text joins the chat''s history'
);
select is(public.ack_outbox('80000000-0000-4000-8000-000000000002', (select id from queued where name = 'busy'), 'sent', null,
                            '2030-01-10 12:00:11Z'), 'sent', 'a second message written for the same version is sent');
select results_eq(
  $$select (select next_state_applied_at from outbox where id = (select id from queued where name = 'busy')), (pg_temp.conv()).version$$,
  $$values (null::timestamptz, 6)$$,
  'its next state is not applied: the chat changed since it was written'
);
reset role;
update conversations set mode = 'human' where id = '80000000-0000-4000-8000-0000000000c1';
update outbox set next_state_version = (pg_temp.conv()).version where id in (select id from queued where name in ('with-staff', 'paused'));
set local role service_role;
select is(public.ack_outbox('80000000-0000-4000-8000-000000000002', (select id from queued where name = 'with-staff'), 'sent'), 'sent',
          'a message is acked while staff have the chat');
select is((select next_state_applied_at from outbox where id = (select id from queued where name = 'with-staff')), null,
          'its next state is not applied to a chat staff have');
reset role;
update conversations set mode = 'bot' where id = '80000000-0000-4000-8000-0000000000c1';
update conversations set paused_until = now() + interval '1 hour' where id = '80000000-0000-4000-8000-0000000000c1';
update outbox set next_state_version = (pg_temp.conv()).version where id = (select id from queued where name = 'paused');
set local role service_role;
select is(public.ack_outbox('80000000-0000-4000-8000-000000000002', (select id from queued where name = 'paused'), 'sent'), 'sent',
          'a message is acked while the patient is paused');
select is((select next_state_applied_at from outbox where id = (select id from queued where name = 'paused')), null,
          'its next state is not applied during a cool-off');
select is(public.ack_outbox('80000000-0000-4000-8000-000000000002', (select id from queued where name = 'applied'), 'sent', null,
                            '2030-01-10 12:05Z', '3EB0SENT02'), 'sent', 'a repeated ack answers sent');
select results_eq(
  $$select (select wa_message_id from outbox where id = (select id from queued where name = 'applied')),
           (select count(*)::int from messages where body = 'Back with the assistant.')$$,
  $$values ('3EB0SENT01'::text, 4)$$,
  'a repeated ack changes neither the WhatsApp id nor the history'
);
reset role;

select * from finish();
rollback;
