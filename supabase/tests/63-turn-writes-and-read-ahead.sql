-- A turn writes only what changes, and begin_turn reads ahead exactly what the next step's load
-- would return (20261203500000, 20261203500100, 20261203500200; issue 10 §2): a patient writing
-- again from the same chat rewrites neither their row nor the conversation's; the read-ahead free
-- times are available_slots' answer; a practitioner's own closure still hides their slots.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(11);

-- A Lisbon clinic (UTC in January), P1 and P2 working Monday-Friday 09:00-12:00. The clock is
-- Monday 2026-01-05 08:00.
insert into clinics (id, name, timezone)
values ('63000000-0000-4000-8000-000000000001', 'Read-ahead Clinic', 'Europe/Lisbon');
insert into channels (id, clinic_id, phone, secret)
values ('63000000-0000-4000-8000-000000000002', '63000000-0000-4000-8000-000000000001', '+351210000631', repeat('r', 40));
insert into providers (id, clinic_id, name) values
  ('63000000-0000-4000-8000-0000000000a1', '63000000-0000-4000-8000-000000000001', 'P1'),
  ('63000000-0000-4000-8000-0000000000a2', '63000000-0000-4000-8000-000000000001', 'P2');
insert into services (id, clinic_id, name, duration_minutes) values
  ('63000000-0000-4000-8000-0000000000e1', '63000000-0000-4000-8000-000000000001', 'Checkup', 30);
insert into provider_services (clinic_id, provider_id, service_id)
select '63000000-0000-4000-8000-000000000001', id, '63000000-0000-4000-8000-0000000000e1'
  from providers where clinic_id = '63000000-0000-4000-8000-000000000001';
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select '63000000-0000-4000-8000-000000000001', p.id, d, '09:00', '12:00'
  from providers p, generate_series(1, 5) d where p.clinic_id = '63000000-0000-4000-8000-000000000001';
do $$ begin perform public.generate_slots('63000000-0000-4000-8000-000000000001', 10, '2026-01-05 08:00Z'); end $$;

/** begin_turn on the test channel at minute p_minute past 08:00 UTC on 2026-01-05. */
create function pg_temp.msg(p_id text, p_body text, p_minute int default 0, p_push_name text default 'Ana')
returns jsonb language sql as $$
  select public.begin_turn('63000000-0000-4000-8000-000000000002', p_id, '351920000631@s.whatsapp.net', '+351920000631',
                           p_push_name, p_body, '2026-01-05 08:00Z', '2026-01-05 08:00Z'::timestamptz + make_interval(mins => p_minute))
$$;
/** Where the patient's and the conversation's rows are: any update writes a new row version elsewhere. */
create function pg_temp.row_versions() returns text language sql as $$
  select p.ctid::text || '/' || c.ctid::text
    from public.patients p join public.conversations c on c.patient_id = p.id
   where p.phone = '+351920000631'
$$;

-- First contact, answered.
create temp table t1 as select pg_temp.msg('R1', 'hi') as r;
select is(public.complete_turn((select (r ->> 'conversationId')::uuid from t1), 0, (select (r ->> 'inboundMessageId')::uuid from t1),
                               '{"v":2,"step":{"kind":"menu"},"stack":[],"invalid":0}', 'bot', 'Hello', null, null, '2026-01-05 08:00Z'),
  '{"ok": true, "version": 1}'::jsonb, 'the first message is answered');
create temp table v1 as select pg_temp.row_versions() as v;

select is(pg_temp.msg('R1', 'hi', 1) ->> 'reply', 'Hello', 'a redelivery gets the stored reply');
select is(pg_temp.row_versions(), (select v from v1), 'a redelivery rewrites neither the patient nor the conversation');

create temp table t2 as select pg_temp.msg('R2', 'my appointments', 2) as r;
select is((select split_part(pg_temp.row_versions(), '/', 1) from t2), split_part((select v from v1), '/', 1),
  'a new message from the same number and name does not rewrite the patient');
select is((select r -> 'prefetched' from t2), '{"appointments": []}'::jsonb,
  'at the menu, the patient''s upcoming appointments are read ahead');
select isnt(pg_temp.msg('R3', 'hi', 3, 'Ana Maria') -> 'patient' ->> 'pushName', 'Ana',
  'a new push name is still learned');

-- The conversation picks a day for the checkup: the read-ahead holds the service's free times.
update conversations
   set state = '{"v":2,"step":{"kind":"pick_day","draft":{"serviceId":"63000000-0000-4000-8000-0000000000e1","providerId":null,"rescheduleOf":null},"days":["2026-01-06"],"wish":{"day":null,"range":null,"time":null,"part":null}},"stack":[],"invalid":0}'
 where patient_id = (select id from patients where phone = '+351920000631');
insert into closures (clinic_id, provider_id, starts_at, ends_at, reason)
values ('63000000-0000-4000-8000-000000000001', '63000000-0000-4000-8000-0000000000a2', '2026-01-06 09:00Z', '2026-01-06 10:00Z', 'P2 away');
create temp table t4 as select pg_temp.msg('R4', '2', 4) as r;
select is((select r -> 'prefetched' -> 'slots' -> 'rows' from t4),
  (select jsonb_agg(jsonb_build_object('slot_id', f.slot_id, 'starts_at', f.starts_at, 'provider_id', f.provider_id))
     from public.available_slots('63000000-0000-4000-8000-000000000001', '63000000-0000-4000-8000-0000000000e1',
                                 '2026-01-05 08:04Z', 'infinity', '2026-01-05 08:04Z', 1000) f),
  'at the day step, the read-ahead is available_slots'' answer over the horizon, in its order');
select is((select (r -> 'prefetched' -> 'slots' ->> 'serviceId') from t4), '63000000-0000-4000-8000-0000000000e1',
  'the read-ahead names its service');
select is((select count(*) from jsonb_array_elements((select r -> 'prefetched' -> 'slots' -> 'rows' from t4)) e
            where e ->> 'provider_id' = '63000000-0000-4000-8000-0000000000a2'
              and (e ->> 'starts_at')::timestamptz >= '2026-01-06 09:00Z' and (e ->> 'starts_at')::timestamptz < '2026-01-06 10:00Z'),
  0::bigint, 'a practitioner''s own closure hides their slots (set-based availability)');
select is((select count(*) from jsonb_array_elements((select r -> 'prefetched' -> 'slots' -> 'rows' from t4)) e
            where e ->> 'provider_id' = '63000000-0000-4000-8000-0000000000a1'
              and (e ->> 'starts_at')::timestamptz >= '2026-01-06 09:00Z' and (e ->> 'starts_at')::timestamptz < '2026-01-06 10:00Z'),
  2::bigint, 'and leaves the other practitioner''s free');

-- A stored step naming a service the clinic does not offer reads nothing ahead, and fails nothing.
update conversations
   set state = jsonb_set(state, '{step,draft,serviceId}', '"not-a-uuid"')
 where patient_id = (select id from patients where phone = '+351920000631');
select is(pg_temp.msg('R5', '2', 5) -> 'prefetched', '{}'::jsonb,
  'a step naming no service of the clinic reads nothing ahead');

select * from finish();
rollback;
