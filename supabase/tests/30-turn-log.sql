-- The turn log (issue 7 §5): complete_turn writes one row in turns per processed message, in the same
-- transaction as its commit: gate and reason, mode and state before (as the version check confirmed
-- them) and after, the version reached, the effects as the function reports them, the reply and the
-- message it was stored as, attempts and duration. A lost race writes nothing; a malformed log is
-- refused with the commit; staff read their clinic's rows only.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(17);

insert into auth.users (id, email) values ('30000000-0000-4000-8000-0000000000f9', 'desk@log.test');
insert into clinics (id, name, timezone) values ('30000000-0000-4000-8000-000000000001', 'Log Clinic', 'Europe/Lisbon');
insert into staff (clinic_id, user_id) values ('30000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-0000000000f9');
insert into channels (id, clinic_id, phone, secret)
values ('30000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000001', '+351210000301', repeat('l', 40));

create function pg_temp.msg(p_id text, p_body text) returns jsonb language sql as $$
  select public.begin_turn('30000000-0000-4000-8000-000000000002', p_id, '351910000301@s.whatsapp.net', '+351910000301',
                           'Ana', p_body, now(), now())
$$;
create function pg_temp.complete(p_turn jsonb, p_mode text, p_reply text, p_log jsonb, p_version int default null) returns jsonb language sql as $$
  select public.complete_turn((p_turn ->> 'conversationId')::uuid, coalesce(p_version, (p_turn -> 'conversation' ->> 'version')::int),
                              (p_turn ->> 'inboundMessageId')::uuid, '{"v":2,"step":{"kind":"menu"},"stack":[],"invalid":0}',
                              p_mode, p_reply, null, null, now(), null, p_log)
$$;

create temp table t1 as select pg_temp.msg('L1', 'hi') as r;
select is(pg_temp.complete((select r from t1), 'bot', 'Hello!',
  '{"gate": "step", "gateReason": null, "attempts": 2, "durationMs": 41,
    "effects": [{"type": "load_slots", "input": {"serviceId": "s1"}, "result": {"slots": 12}, "ms": 7},
                {"type": "reply", "input": {"text": "Hello!"}, "result": null, "ms": 0}]}') ->> 'ok',
  'true', 'a turn with its log commits');
create temp table row1 as select t.* from turns t where t.message_id = (select (r ->> 'inboundMessageId')::uuid from t1);
select is((select count(*)::int from row1), 1, 'the turn has one row in turns');
select is((select gate from row1), 'step', 'it keeps the gate''s decision');
select is((select mode_before::text || '>' || mode_after::text from row1), 'bot>bot', 'and the mode before and after');
select is((select state_before from row1), '{}'::jsonb, 'the state before is the conversation''s as the turn read it');
select is((select state_after -> 'step' ->> 'kind' from row1), 'menu', 'the state after is the one committed');
select is((select version_after from row1), 1, 'with the version reached');
select is((select effects -> 0 ->> 'type' from row1) || ' ' || (select effects -> 0 -> 'result' ->> 'slots' from row1), 'load_slots 12',
  'the effects with their results, in order');
select is((select attempts || '/' || duration_ms from row1), '2/41', 'attempts and duration as the function measured them');
select is((select m.body from row1 r join messages m on m.id = r.reply_message_id), 'Hello!', 'the reply points at the message it was stored as');

-- A silent turn (staff have the chat) is logged too; a turn without a log gets a plain step row.
update conversations set mode = 'human' where clinic_id = '30000000-0000-4000-8000-000000000001';
create temp table t2 as select pg_temp.msg('L2', 'anyone there?') as r;
select pg_temp.complete((select r from t2), 'human', null, '{"gate": "silent", "gateReason": "human", "effects": [], "attempts": 1, "durationMs": 3}');
select is((select gate || ':' || gate_reason || ':' || coalesce(reply, 'none') || ':' || mode_before from turns
            where message_id = (select (r ->> 'inboundMessageId')::uuid from t2)), 'silent:human:none:human',
  'a silent turn is logged with its reason, no reply and the staff mode it found');

-- A lost race logs nothing; a malformed log is refused with the commit.
create temp table t3 as select pg_temp.msg('L3', '1') as r;
select is(pg_temp.complete((select r from t3), 'human', null, '{"gate": "silent"}', 0) ->> 'reason', 'conflict',
  'a turn that lost its race commits nothing');
select is((select count(*)::int from turns where message_id = (select (r ->> 'inboundMessageId')::uuid from t3)), 0, 'and logs nothing');
select throws_ok($$select pg_temp.complete((select r from t3), 'human', null, '{"gate": "maybe"}')$$, 'BK009', null,
  'an unknown gate is refused');
select throws_ok($$select pg_temp.complete((select r from t3), 'human', null, '{"effects": {"type": "reply"}}')$$, 'BK009', null,
  'effects that are not a list are refused');
select is((select processed_at from messages where id = (select (r ->> 'inboundMessageId')::uuid from t3)), null,
  'and the message stays unanswered');

-- Staff read their clinic's log, and only it.
set local role authenticated;
select set_config('request.jwt.claims', '{"sub": "30000000-0000-4000-8000-0000000000f9", "role": "authenticated"}', true);
select is((select count(*)::int from turns), 2, 'staff read their clinic''s turns');

select * from finish();
rollback;
