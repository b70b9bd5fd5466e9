-- The turn log and the Studio views under RLS, as real roles (issue 7 §5, §6): anon sees nothing, a
-- login without a staff row sees nothing, staff of each clinic see only their clinic. The views
-- show local times and the waiting list puts the longest wait first. Plus the staff alert columns
-- (issue 7 §4, schema only).
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(43);

insert into auth.users (id, email) values
  ('09000000-0000-4000-8000-0000000000a9', 'staff-a@views.test'),
  ('09000000-0000-4000-8000-0000000000b9', 'staff-b@views.test'),
  ('09000000-0000-4000-8000-0000000000c9', 'nobody@views.test');
insert into clinics (id, name, timezone) values
  ('09000000-0000-4000-8000-0000000000a1', 'Clinic A', 'America/New_York'),
  ('09000000-0000-4000-8000-0000000000b1', 'Clinic B', 'Europe/Lisbon');
insert into staff (clinic_id, user_id)
select ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '9')::uuid
  from unnest(array['a', 'b']) k;
insert into channels (id, clinic_id, phone, secret)
select ('09000000-0000-4000-8000-0000000000' || k || '2')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       case k when 'a' then '+15550009001' else '+351210000901' end, repeat(k, 40)
  from unnest(array['a', 'b']) k;
insert into providers (id, clinic_id, name)
select ('09000000-0000-4000-8000-0000000000' || k || '3')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid, 'Dr ' || k
  from unnest(array['a', 'b']) k;
insert into services (id, clinic_id, name, duration_minutes)
select ('09000000-0000-4000-8000-0000000000' || k || '4')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid, 'Visit', 30
  from unnest(array['a', 'b']) k;
insert into patients (id, clinic_id, phone, name)
select ('09000000-0000-4000-8000-0000000000' || k || '5')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       case k when 'a' then '+15550009005' else '+351910000905' end, 'Patient ' || k
  from unnest(array['a', 'b']) k;
-- Clinic A has a second patient, so its waiting list has two chats to order.
insert into patients (id, clinic_id, phone, name)
values ('09000000-0000-4000-8000-0000000000a8', '09000000-0000-4000-8000-0000000000a1', '+15550009008', 'Second a');
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid)
select ('09000000-0000-4000-8000-0000000000' || k || '6')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       ('09000000-0000-4000-8000-0000000000' || k || '2')::uuid, ('09000000-0000-4000-8000-0000000000' || k || '5')::uuid, k || '@s.whatsapp.net'
  from unnest(array['a', 'b']) k;
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid)
values ('09000000-0000-4000-8000-0000000000a7', '09000000-0000-4000-8000-0000000000a1', '09000000-0000-4000-8000-0000000000a2',
        '09000000-0000-4000-8000-0000000000a8', 'a8@s.whatsapp.net');
-- Waiting for staff: a6 handed over two hours ago, a7 ten minutes ago, b6 an hour ago.
update conversations set mode = 'human';
update conversations set handed_off_at = now() - case right(id::text, 2) when 'a6' then interval '2 hours'
                                                                       when 'a7' then interval '10 minutes' else interval '1 hour' end;
insert into messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
select clinic_id, channel_id, id, 'in', 'I need a person', 'wa-' || right(id::text, 2) from conversations
 where clinic_id in ('09000000-0000-4000-8000-0000000000a1', '09000000-0000-4000-8000-0000000000b1');
insert into turns (clinic_id, conversation_id, message_id, gate, gate_reason, mode_before, mode_after, state_before, state_after,
                   version_after, effects, reply, duration_ms)
select m.clinic_id, m.conversation_id, m.id, 'step', null, 'bot', 'human', '{}', '{"v":1}', 1,
       '[{"type": "handoff", "input": {}, "result": null, "ms": 0}]', 'Our team will answer you here.', 25
  from messages m where m.wa_message_id like 'wa-%';
-- Appointments: one today at 23:00, one tomorrow at 10:00, one in two days at 10:00 under a closure.
insert into slots (id, clinic_id, provider_id, starts_at, ends_at, status)
select ('09000000-0000-4000-8000-000000000' || d || k || '0')::uuid, c.id, ('09000000-0000-4000-8000-0000000000' || k || '3')::uuid,
       ((now() at time zone c.timezone)::date + d + case d when 0 then time '23:00' else time '10:00' end) at time zone c.timezone,
       ((now() at time zone c.timezone)::date + d + case d when 0 then time '23:30' else time '10:30' end) at time zone c.timezone,
       'booked'
  from unnest(array['a', 'b']) k cross join generate_series(0, 2) d
  join clinics c on c.id = ('09000000-0000-4000-8000-0000000000' || k || '1')::uuid;
insert into appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
select s.clinic_id, s.id, (left(s.clinic_id::text, 34) || left(right(s.clinic_id::text, 2), 1) || '5')::uuid,
       (left(s.clinic_id::text, 34) || left(right(s.clinic_id::text, 2), 1) || '4')::uuid, s.provider_id, s.starts_at, s.ends_at, 'patient'
  from slots s where s.clinic_id in ('09000000-0000-4000-8000-0000000000a1', '09000000-0000-4000-8000-0000000000b1');
insert into closures (clinic_id, starts_at, ends_at, reason)
select c.id, ((now() at time zone c.timezone)::date + 2)::timestamp at time zone c.timezone,
       ((now() at time zone c.timezone)::date + 3)::timestamp at time zone c.timezone, 'Holiday'
  from clinics c where c.id in ('09000000-0000-4000-8000-0000000000a1', '09000000-0000-4000-8000-0000000000b1');
-- A staff reply that failed, written before the handoffs (so the patients still wait).
insert into outbox (conversation_id, text, status, attempts, last_error, created_at)
select id, 'We tried', 'failed', 5, 'not on WhatsApp', now() - interval '3 hours' from conversations where right(id::text, 2) in ('a6', 'b6');

/** The distinct clinics whose rows the current role sees in p_relation. */
create function pg_temp.visible_clinics(p_relation text) returns uuid[] language plpgsql as $$
declare
  v_clinics uuid[];
begin
  execute format('select coalesce(array_agg(distinct clinic_id order by clinic_id), ''{}'') from public.%I', p_relation) into v_clinics;
  return v_clinics;
end;
$$;
create temp table relations (name text) on commit drop;
insert into relations values ('turns'), ('todays_agenda'), ('week_by_provider'), ('conversations_waiting_for_staff'),
  ('appointments_to_rebook'), ('failed_outbound_messages'), ('upcoming_appointments');
grant select on relations to anon, authenticated;
grant execute on all functions in schema pg_temp to anon, authenticated;

select is(pg_temp.visible_clinics(name),
          array['09000000-0000-4000-8000-0000000000a1', '09000000-0000-4000-8000-0000000000b1']::uuid[],
          'the fixture has rows of both clinics in ' || name)
  from relations order by name;

set local role anon;
select throws_ok(format('select 1 from public.%I', name), '42501', null, 'anon cannot read ' || name)
  from relations order by name;
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub": "09000000-0000-4000-8000-0000000000c9", "role": "authenticated"}';
select is(pg_temp.visible_clinics(name), '{}'::uuid[], 'a login without a staff row sees nothing in ' || name)
  from relations order by name;
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub": "09000000-0000-4000-8000-0000000000a9", "role": "authenticated"}';
select is(pg_temp.visible_clinics(name), array['09000000-0000-4000-8000-0000000000a1']::uuid[], 'staff of clinic A see only clinic A in ' || name)
  from relations order by name;
select results_eq(
  $$select right(conversation_id::text, 2) from conversations_waiting_for_staff$$,
  $$values ('a6'::text), ('a7')$$,
  'the patient waiting longest comes first'
);
select results_eq(
  $$select local_start, weekday from week_by_provider where local_date = (now() at time zone 'America/New_York')::date + 1$$,
  $$select time '10:00', to_char((now() at time zone 'America/New_York')::date + 1, 'Dy')$$,
  'the week shows times on the clinic''s clock'
);
select results_eq(
  $$select reason, detail, local_start from appointments_to_rebook$$,
  $$values ('closed'::text, 'Holiday'::text, time '10:00')$$,
  'the appointment under the holiday is listed to rebook, at its local time'
);
select throws_ok($$insert into turns (clinic_id, conversation_id, message_id, gate, mode_before, mode_after, state_before, state_after, version_after, duration_ms)
                   select clinic_id, conversation_id, message_id, gate, mode_before, mode_after, state_before, state_after, version_after, 1 from turns$$,
                 '42501', null, 'staff cannot write the turn log');
reset role;

set local role authenticated;
set local request.jwt.claims to '{"sub": "09000000-0000-4000-8000-0000000000b9", "role": "authenticated"}';
select is(pg_temp.visible_clinics(name), array['09000000-0000-4000-8000-0000000000b1']::uuid[], 'staff of clinic B see only clinic B in ' || name)
  from relations order by name;
reset role;

-- Staff alerts, schema only.
select lives_ok(
  $$insert into staff (clinic_id, alert_phone, display_name) values ('09000000-0000-4000-8000-0000000000a1', '+15550009099', 'On-call nurse')$$,
  'a staff member may have an alert phone without a login'
);
select throws_ok($$insert into staff (clinic_id, display_name) values ('09000000-0000-4000-8000-0000000000a1', 'Nobody')$$,
                 '23514', null, 'a staff row needs a login or an alert phone');
select throws_ok($$update staff set alert_phone = '555-0100' where clinic_id = '09000000-0000-4000-8000-0000000000a1'$$,
                 '23514', null, 'an alert phone is in international format');
select results_eq(
  $$select alert_hours_start, alert_hours_end from clinics where id = '09000000-0000-4000-8000-0000000000a1'$$,
  $$values (time '08:00', time '20:00')$$,
  'a clinic takes alerts from 08:00 to 20:00 unless it says otherwise'
);

select * from finish();
rollback;
