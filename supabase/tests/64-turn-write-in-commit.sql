-- complete_turn performs the turn's write with the commit (20261203610000; issue 10 §2): each write
-- succeeds with the state, reply and turn log in one transaction; a refusal, or a result other than
-- the one the turn was settled on, is returned having written nothing; a lost version race performs
-- nothing at all. The function's side (settling again from the refusal): turn/run-turn.test.ts.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(38);

-- A Lisbon clinic (UTC in January, hold 5 minutes, notice 60), one practitioner working Monday-
-- Friday 09:00-12:00 in 30-minute slots. The clock is Monday 2026-01-05 08:00.
insert into clinics (id, name, timezone)
values ('64000000-0000-4000-8000-000000000001', 'Commit Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret)
values ('64000000-0000-4000-8000-000000000002', '64000000-0000-4000-8000-000000000001', '+351210000641', repeat('w', 40));
insert into providers (id, clinic_id, name)
values ('64000000-0000-4000-8000-0000000000a1', '64000000-0000-4000-8000-000000000001', 'P1');
insert into services (id, clinic_id, name, duration_minutes)
values ('64000000-0000-4000-8000-0000000000e1', '64000000-0000-4000-8000-000000000001', 'Checkup', 30);
insert into provider_services (clinic_id, provider_id, service_id)
values ('64000000-0000-4000-8000-000000000001', '64000000-0000-4000-8000-0000000000a1', '64000000-0000-4000-8000-0000000000e1');
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '64000000-0000-4000-8000-000000000001', '64000000-0000-4000-8000-0000000000a1', d, '09:00', '12:00'
  from generate_series(1, 5) d;
do $$ begin perform public.generate_slots('64000000-0000-4000-8000-000000000001', 3, '2026-01-05 08:00Z'); end $$;

/** The slot starting at p_at (UTC). */
create function pg_temp.slot(p_at text) returns public.slots language sql as $$
  select * from public.slots where clinic_id = '64000000-0000-4000-8000-000000000001' and starts_at = p_at::timestamptz
$$;
/** begin_turn for patient p_who ('A' or 'B') at minute p_minute past 08:00. */
create function pg_temp.msg(p_id text, p_who text, p_minute int default 0) returns jsonb language sql as $$
  select public.begin_turn('64000000-0000-4000-8000-000000000002', p_id, '35192000064' || p_who || '@s.whatsapp.net',
                           case p_who when 'A' then '+351920000641' else '+351920000642' end,
                           p_who, 'yes', '2026-01-05 08:00Z', '2026-01-05 08:00Z'::timestamptz + make_interval(mins => p_minute))
$$;
/** complete_turn of that turn at the same minute, with one logged effect of type p_type and the write p_write (log 0). */
create function pg_temp.commit(p_turn jsonb, p_type text, p_write jsonb, p_minute int default 0, p_version int default null)
returns jsonb language sql as $$
  select public.complete_turn((p_turn ->> 'conversationId')::uuid,
                              coalesce(p_version, (p_turn -> 'conversation' ->> 'version')::int),
                              (p_turn ->> 'inboundMessageId')::uuid,
                              '{"v":2,"step":{"kind":"menu"},"stack":[],"invalid":0}', 'bot', 'Done: ' || p_type, null, null,
                              '2026-01-05 08:00Z'::timestamptz + make_interval(mins => p_minute), null,
                              jsonb_build_object('gate', 'step', 'effects',
                                jsonb_build_array(jsonb_build_object('type', p_type, 'input', '{}'::jsonb,
                                                                     'result', '{"outcome": "predicted"}'::jsonb, 'ms', 0)),
                                'attempts', 1, 'durationMs', 3, 'write', p_write || '{"log": 0}'))
$$;
/** A claim of the slot at p_at for Checkup, predicted held until p_held_until. */
create function pg_temp.claim(p_at text, p_held_until text, p_replacing uuid default null) returns jsonb language sql as $$
  select jsonb_build_object('rpc', 'claim_slot',
    'args', jsonb_build_object('p_service_id', '64000000-0000-4000-8000-0000000000e1', 'p_slot_id', (pg_temp.slot(p_at)).id,
                               'p_replacing_appointment_id', p_replacing),
    'expect', jsonb_build_object('starts_at', p_at::timestamptz, 'held_until', p_held_until::timestamptz,
                                 'provider_id', '64000000-0000-4000-8000-0000000000a1'))
$$;
/** Whether the message has been answered, and how many replies and turn rows it has. */
create function pg_temp.trace(p_turn jsonb) returns text language sql as $$
  select coalesce(m.processed_at::text, 'unprocessed') || ' / ' ||
         (select count(*) from public.messages r where r.reply_to_id = m.id) || ' replies / ' ||
         (select count(*) from public.turns t where t.message_id = m.id) || ' turns / version ' ||
         (select c.version from public.conversations c where c.id = m.conversation_id)
    from public.messages m where m.id = (p_turn ->> 'inboundMessageId')::uuid
$$;

-- Claim: A holds 10:00.
create temp table a1 as select pg_temp.msg('A1', 'A') as r;
select is(pg_temp.commit((select r from a1), 'claim_slot', pg_temp.claim('2026-01-05 10:00Z', '2026-01-05 08:05Z')),
  '{"ok": true, "version": 1}'::jsonb, 'a claim predicted exactly commits with the turn');
select is((select row(status, held_by, held_until)::text from pg_temp.slot('2026-01-05 10:00Z')),
  (select row('held', (r ->> 'conversationId')::uuid, '2026-01-05 08:05Z'::timestamptz)::text from a1),
  'the slot is held by the conversation for the clinic''s hold minutes');
select is((select jsonb_typeof(effects -> 0 -> 'ms') from turns where message_id = (select (r ->> 'inboundMessageId')::uuid from a1)),
  'number', 'the turn log records how long the write took in the database');
select is(pg_temp.trace((select r from a1)), '2026-01-05 08:00:00+00 / 1 replies / 1 turns / version 1',
  'the message is answered once, logged once');

-- Refusal: B wants the same time; nothing of B's turn is written.
create temp table b1 as select pg_temp.msg('B1', 'B', 1) as r;
select is((select r from (select pg_temp.commit((select r from b1), 'claim_slot', pg_temp.claim('2026-01-05 10:00Z', '2026-01-05 08:06Z'), 1) as r) x)
            - 'message' - 'ms',
  '{"ok": false, "reason": "refused", "code": "BK001"}'::jsonb, 'a claim of a held time is refused with its SQLSTATE');
select is(pg_temp.trace((select r from b1)), 'unprocessed / 0 replies / 0 turns / version 0',
  'a refused write leaves the message unanswered, no reply, no turn log, the version as it was');
select is((select held_by from pg_temp.slot('2026-01-05 10:00Z')), (select (r ->> 'conversationId')::uuid from a1),
  'the time stays A''s');

-- A lost race performs nothing: B on a stale version claims a free time.
select is(pg_temp.commit((select r from b1), 'claim_slot', pg_temp.claim('2026-01-05 10:30Z', '2026-01-05 08:06Z'), 1, 7),
  '{"ok": false, "reason": "conflict"}'::jsonb, 'a stale version reports a conflict');
select is((select status::text from pg_temp.slot('2026-01-05 10:30Z')), 'open', 'and the write was not performed');

-- Mispredicted: B's claim would hold until 08:06, not 08:09 as predicted: rolled back, reported.
select is(pg_temp.commit((select r from b1), 'claim_slot', pg_temp.claim('2026-01-05 10:30Z', '2026-01-05 08:09Z'), 1)
            #>> '{result,held_until}',
  '2026-01-05T08:06:00+00:00', 'a result other than predicted is reported with the real result');
select is((select status::text from pg_temp.slot('2026-01-05 10:30Z')), 'open', 'and rolled back: the time is still free');
select is(pg_temp.trace((select r from b1)), 'unprocessed / 0 replies / 0 turns / version 0', 'and nothing of the turn is written');

-- The same turn, settled again on the real result, commits.
select is(pg_temp.commit((select r from b1), 'claim_slot', pg_temp.claim('2026-01-05 10:30Z', '2026-01-05 08:06Z'), 1),
  '{"ok": true, "version": 1}'::jsonb, 'settled again on the real result, the turn commits with its write');

-- Confirm: A books the held 10:00; the log gets the new appointment's id. On a stale version first.
create temp table a2 as select pg_temp.msg('A2', 'A', 2) as r;
select is(pg_temp.commit((select r from a2), 'confirm_hold',
  '{"rpc": "confirm_hold", "args": {"p_service_id": "64000000-0000-4000-8000-0000000000e1"}}', 2, 0),
  '{"ok": false, "reason": "conflict"}'::jsonb, 'a booking on a stale version reports a conflict');
select is((select count(*) from appointments where clinic_id = '64000000-0000-4000-8000-000000000001'), 0::bigint,
  'and books nothing');
select is(pg_temp.commit((select r from a2), 'confirm_hold',
  jsonb_build_object('rpc', 'confirm_hold', 'args', '{"p_service_id": "64000000-0000-4000-8000-0000000000e1"}'::jsonb,
                     'expect', jsonb_build_object('starts_at', '2026-01-05 10:00Z'::timestamptz), 'fill', '{"appointmentId": "id"}'::jsonb), 2),
  '{"ok": true, "version": 2}'::jsonb, 'a booking commits with the turn');
create temp table booked as
  select a.id from appointments a join pg_temp.slot('2026-01-05 10:00Z') s on s.id = a.slot_id where a.status = 'booked';
select is((select count(*) from booked), 1::bigint, 'the appointment is booked');
select is((select effects #>> '{0,result,appointmentId}' from turns where message_id = (select (r ->> 'inboundMessageId')::uuid from a2)),
  (select id::text from booked), 'the turn log names the new appointment, which only the database knew');
select is((select effects #>> '{0,result,outcome}' from turns where message_id = (select (r ->> 'inboundMessageId')::uuid from a2)),
  'predicted', 'and keeps the rest of the record as the function wrote it');

-- Confirm again with nothing held and no live booking from this hold: refused, nothing written.
create temp table b2 as select pg_temp.msg('B2', 'B', 30) as r;
select is(pg_temp.commit((select r from b2), 'confirm_hold',
  jsonb_build_object('rpc', 'confirm_hold', 'args', '{"p_service_id": "64000000-0000-4000-8000-0000000000e1"}'::jsonb,
                     'expect', jsonb_build_object('starts_at', '2026-01-05 10:30Z'::timestamptz)), 30) ->> 'code',
  'BK007', 'confirming an expired hold is refused');
select is(pg_temp.trace((select r from b2)), 'unprocessed / 0 replies / 0 turns / version 1', 'and writes nothing');

-- Reschedule: A holds 11:00 replacing the booking, then moves it there.
create temp table a3 as select pg_temp.msg('A3', 'A', 3) as r;
select is(pg_temp.commit((select r from a3), 'claim_slot', pg_temp.claim('2026-01-05 11:00Z', '2026-01-05 08:08Z', (select id from booked)), 3),
  '{"ok": true, "version": 3}'::jsonb, 'a hold for a move commits');
create temp table a4 as select pg_temp.msg('A4', 'A', 4) as r;
select is(pg_temp.commit((select r from a4), 'confirm_hold',
  jsonb_build_object('rpc', 'reschedule_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from booked)),
                     'expect', jsonb_build_object('starts_at', '2026-01-05 11:00Z'::timestamptz), 'fill', '{"appointmentId": "id"}'::jsonb), 4),
  '{"ok": true, "version": 4}'::jsonb, 'a move commits with the turn');
create temp table moved as select id from appointments where rescheduled_from_id = (select id from booked);
select is((select row(a.status, n.status, n.starts_at)::text from appointments a, appointments n
            where a.id = (select id from booked) and n.id = (select id from moved)),
  row('cancelled', 'booked', '2026-01-05 11:00Z'::timestamptz)::text, 'the old appointment is cancelled, the new one booked');

-- Confirm the visit, then cancel it.
create temp table a5 as select pg_temp.msg('A5', 'A', 5) as r;
select is(pg_temp.commit((select r from a5), 'confirm_visit',
  jsonb_build_object('rpc', 'confirm_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from moved))), 5),
  '{"ok": true, "version": 5}'::jsonb, 'a visit confirmation commits with the turn');
select isnt((select confirmed_at from appointments where id = (select id from moved)), null, 'the visit is confirmed');
create temp table a6 as select pg_temp.msg('A6', 'A', 6) as r;
select is(pg_temp.commit((select r from a6), 'cancel_appointment',
  jsonb_build_object('rpc', 'cancel_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from moved))), 6, 0),
  '{"ok": false, "reason": "conflict"}'::jsonb, 'a cancellation on a stale version reports a conflict');
select is((select status::text from appointments where id = (select id from moved)), 'booked', 'and cancels nothing');
select is(pg_temp.commit((select r from a6), 'cancel_appointment',
  jsonb_build_object('rpc', 'cancel_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from moved))), 6),
  '{"ok": true, "version": 6}'::jsonb, 'a cancellation commits with the turn');
select is((select row(a.status, s.status)::text from appointments a join slots s on s.id = a.slot_id where a.id = (select id from moved)),
  row('cancelled', 'open')::text, 'the appointment is cancelled and its time free again');
create temp table b3 as select pg_temp.msg('B3', 'B', 31) as r;
select is(pg_temp.commit((select r from b3), 'cancel_appointment',
  jsonb_build_object('rpc', 'cancel_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from moved))), 31) ->> 'code',
  'BK008', 'cancelling someone else''s appointment is refused');

create temp table b4 as select pg_temp.msg('B4', 'B', 32) as r;
select is(pg_temp.commit((select r from b4), 'confirm_visit',
  jsonb_build_object('rpc', 'confirm_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from moved))), 32) ->> 'code',
  'BK008', 'confirming someone else''s visit is refused');
select is(pg_temp.commit((select r from b4), 'confirm_hold',
  jsonb_build_object('rpc', 'reschedule_appointment', 'args', jsonb_build_object('p_appointment_id', (select id from moved))), 32) ->> 'code',
  'BK008', 'moving someone else''s appointment is refused');
select is(pg_temp.trace((select r from b4)), 'unprocessed / 0 replies / 0 turns / version 1', 'and neither writes anything');

-- Reminders stopped (not on a stale version); stopping them again is not the change predicted.
create temp table a7 as select pg_temp.msg('A7', 'A', 7) as r;
select is(pg_temp.commit((select r from a7), 'set_opt_out',
  '{"rpc": "set_patient_opt_out", "args": {"p_opted_out": true}, "expect": {"optedOut": true, "changed": true}}', 7, 0) ->> 'reason',
  'conflict', 'stopping reminders on a stale version reports a conflict (and stops nothing: see below)');
select is(pg_temp.commit((select r from a7), 'set_opt_out',
  '{"rpc": "set_patient_opt_out", "args": {"p_opted_out": true}, "expect": {"optedOut": true, "changed": true}}', 7),
  '{"ok": true, "version": 7}'::jsonb, 'stopping reminders commits with the turn');
create temp table a8 as select pg_temp.msg('A8', 'A', 8) as r;
select is(pg_temp.commit((select r from a8), 'set_opt_out',
  '{"rpc": "set_patient_opt_out", "args": {"p_opted_out": true}, "expect": {"optedOut": true, "changed": true}}', 8),
  '{"ok": false, "reason": "mispredicted", "result": {"changed": false, "optedOut": true}}'::jsonb,
  'stopping them again reports that nothing changed, for the turn to say so');

select throws_ok($$ select pg_temp.commit((select r from a8), 'x', '{"rpc": "delete_everything"}', 8) $$,
  'BK009', null, 'a write complete_turn does not know is refused before anything else');

select * from finish();
rollback;
