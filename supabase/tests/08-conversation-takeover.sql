-- Takeover and hand-back (issue 7 §3). A change of mode, paused_until or state made outside a turn
-- bumps the conversation's version, so a turn that read the conversation before it loses its race
-- at complete_turn and changes nothing (regression: a takeover landing mid-turn was silently undone).
-- Handing back to the bot restarts the chat at the main menu and queues a hand_back message; the
-- patient's own way back (a turn) does not. Staff edits as a Studio-like role, and as staff through
-- the Data API (authenticated, RLS).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(20);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

insert into auth.users (id, email) values ('08000000-0000-4000-8000-0000000000f9', 'desk@takeover.test');
insert into clinics (id, name, timezone) values ('08000000-0000-4000-8000-000000000001', 'Takeover Clinic', 'Europe/Lisbon');
insert into staff (clinic_id, user_id) values ('08000000-0000-4000-8000-000000000001', '08000000-0000-4000-8000-0000000000f9');
insert into channels (id, clinic_id, phone, secret)
values ('08000000-0000-4000-8000-000000000002', '08000000-0000-4000-8000-000000000001', '+351210000801', repeat('t', 40));
insert into providers (id, clinic_id, name) values ('08000000-0000-4000-8000-0000000000a1', '08000000-0000-4000-8000-000000000001', 'Dr. One');
insert into services (id, clinic_id, name, duration_minutes)
values ('08000000-0000-4000-8000-0000000000e1', '08000000-0000-4000-8000-000000000001', 'Cleaning', 30);
insert into provider_services (clinic_id, provider_id, service_id)
values ('08000000-0000-4000-8000-000000000001', '08000000-0000-4000-8000-0000000000a1', '08000000-0000-4000-8000-0000000000e1');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '08000000-0000-4000-8000-000000000001', '08000000-0000-4000-8000-0000000000a1', d, '09:00', '17:00' from generate_series(1, 7) d;
select public.generate_slots('08000000-0000-4000-8000-000000000001', 3, now());

/** A patient message through begin_turn, as the function records it. */
create function pg_temp.msg(p_id text, p_body text) returns jsonb language sql as $$
  select public.begin_turn('08000000-0000-4000-8000-000000000002', p_id, '351910000801@s.whatsapp.net', '+351910000801',
                           'Ana', p_body, now(), now())
$$;
/** complete_turn for a begun turn, at the version it read unless told otherwise. */
create function pg_temp.complete(p_turn jsonb, p_mode text, p_reply text,
                                 p_state jsonb default '{"v":1,"step":{"kind":"pick_service"},"stack":[{"kind":"menu"}],"invalid":0}')
returns jsonb language sql as $$
  select public.complete_turn((p_turn ->> 'conversationId')::uuid, (p_turn -> 'conversation' ->> 'version')::int,
                              (p_turn ->> 'inboundMessageId')::uuid, p_state, p_mode, p_reply)
$$;
create function pg_temp.conv() returns public.conversations language sql stable as $$
  select * from public.conversations where clinic_id = '08000000-0000-4000-8000-000000000001'
$$;
grant execute on all functions in schema pg_temp to studio_editor, authenticated;

create temp table t1 as select pg_temp.msg('T1', 'hi') as r;
select is(pg_temp.complete((select r from t1), 'bot', 'Hello!') ->> 'version', '1',
          'a turn bumps the version once, itself (the trigger adds nothing to a versioned write)');

set local role studio_editor;
update conversations set chat_jid = '351910000801@s.whatsapp.net', last_inbound_at = now() where id = (pg_temp.conv()).id;
select is((pg_temp.conv()).version, 1, 'changing neither mode, pause nor state does not bump the version');
update conversations set paused_until = now() + interval '10 minutes' where id = (pg_temp.conv()).id;
select is((pg_temp.conv()).version, 2, 'staff changing paused_until bump the version');
update conversations set paused_until = null where id = (pg_temp.conv()).id;
select is((pg_temp.conv()).version, 3, 'staff lifting a pause bump the version');
reset role;

-- The forced interleaving: a turn begins, staff take the chat over, the turn completes.
create temp table t2 as select pg_temp.msg('T2', '1') as r;
set local role studio_editor;
update conversations set mode = 'human' where id = (pg_temp.conv()).id;
select results_eq(
  $$select version, handed_off_at is not null from conversations where id = (pg_temp.conv()).id$$,
  $$values (4, true)$$,
  'a takeover in Studio bumps the version and records the handoff'
);
select is_empty($$select 1 from outbox where clinic_id = '08000000-0000-4000-8000-000000000001'$$,
                'a takeover sends the patient nothing (staff will write)');
reset role;
select is(pg_temp.complete((select r from t2), 'bot', 'Which day?', '{"v":1,"step":{"kind":"ask_question"},"stack":[],"invalid":0}'),
          '{"ok": false, "reason": "conflict"}'::jsonb,
          'regression: the turn that began before the takeover loses its race instead of undoing it');
select results_eq(
  $$select mode::text, version, state from conversations where id = (pg_temp.conv()).id$$,
  $$values ('human'::text, 4, '{"v":1,"step":{"kind":"pick_service"},"stack":[{"kind":"menu"}],"invalid":0}'::jsonb)$$,
  'the conversation keeps the takeover, its version, and the state from before the losing turn'
);
select is_empty($$select 1 from messages where reply_to_id = (select (r ->> 'inboundMessageId')::uuid from t2)$$,
                'the losing turn stored no reply');
-- The retry sees the takeover and stays silent.
create temp table t2b as select pg_temp.msg('T2', '1') as r;
select is((select r -> 'conversation' ->> 'mode' from t2b), 'human', 'the retried turn reads the takeover');
select is(pg_temp.complete((select r from t2b), 'human', null) ->> 'ok', 'true', 'and commits silently in staff mode');
select is((pg_temp.conv()).mode, 'human'::conversation_mode, 'no takeover is lost');

-- Staff hand the chat back, with a hold left over from before.
do $$ begin
  perform public.claim_slot((pg_temp.conv()).id, (pg_temp.conv()).patient_id, '08000000-0000-4000-8000-0000000000e1',
    (select id from public.slots where provider_id = '08000000-0000-4000-8000-0000000000a1' and starts_at > now() + interval '1 day'
      order by starts_at limit 1));
end $$;
set local role studio_editor;
update conversations set state = '{"v":1,"step":{"kind":"ask_question"},"stack":[],"invalid":3}', paused_until = now() + interval '1 hour'
 where id = (pg_temp.conv()).id;
update conversations set mode = 'bot' where id = (pg_temp.conv()).id;
select results_eq(
  $$select mode::text, state, paused_until, handed_off_at, version from conversations where id = (pg_temp.conv()).id$$,
  $$values ('bot'::text, '{}'::jsonb, null::timestamptz, null::timestamptz, 7)$$,
  'handing back restarts the chat at the main menu (not the step it was at), lifts the pause and bumps the version'
);
select is_empty($$select 1 from slots where held_by = (pg_temp.conv()).id and status = 'held'$$,
                'handing back releases a hold left from before');
select results_eq(
  $$select kind::text, conversation_id, text, status::text from outbox where clinic_id = '08000000-0000-4000-8000-000000000001'$$,
  $$select 'hand_back'::text, (pg_temp.conv()).id, null::text, 'pending'::text$$,
  'the patient is told, by a hand_back message the function writes with the main menu'
);
reset role;

-- The patient's own way back is a turn: its reply tells them, no hand_back is queued.
set local role studio_editor;
update conversations set mode = 'human' where id = (pg_temp.conv()).id;
reset role;
create temp table t3 as select pg_temp.msg('T3', 'menu') as r;
select is(pg_temp.complete((select r from t3), 'bot', 'Main menu ...') ->> 'ok', 'true', 'the patient types menu to get the bot back');
select is((select count(*)::int from outbox where clinic_id = '08000000-0000-4000-8000-000000000001' and kind = 'hand_back'), 1,
          'a hand-back by the patient''s own turn queues no hand_back message');

-- Staff through the Data API (RLS) hand back the same way.
set local role studio_editor;
update conversations set mode = 'human' where id = (pg_temp.conv()).id;
reset role;
set local role authenticated;
set local request.jwt.claims to '{"sub": "08000000-0000-4000-8000-0000000000f9", "role": "authenticated"}';
select isnt_empty($$update conversations set mode = 'bot' where id = (pg_temp.conv()).id returning id$$,
                  'staff hand a chat back through the Data API');
reset role;
select is((select count(*)::int from outbox where clinic_id = '08000000-0000-4000-8000-000000000001' and kind = 'hand_back'), 2,
          'and the patient is told, although staff may not write such messages themselves');
select is((pg_temp.conv()).state, '{}'::jsonb, 'the chat restarts at the main menu');

select * from finish();
rollback;
