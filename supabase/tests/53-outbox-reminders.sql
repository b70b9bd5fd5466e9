-- enqueue_reminders: one reminder per booked appointment entering its clinic's reminder window,
-- never two, also when claim_outbox runs it on a stack without pg_cron.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(14);

insert into public.clinics (id, name, timezone, reminder_hours_before) values
  ('53000000-0000-4000-8000-000000000001', 'Lakeside Physio', 'Europe/London', 24),
  ('53000000-0000-4000-8000-000000000002', 'Quiet Clinic', 'Europe/London', 0);
insert into public.channels (id, clinic_id, phone, secret) values
  ('53000000-0000-4000-8000-0000000000c1', '53000000-0000-4000-8000-000000000001', '+442000000011', repeat('s', 32)),
  ('53000000-0000-4000-8000-0000000000c2', '53000000-0000-4000-8000-000000000002', '+442000000012', repeat('t', 32));
insert into public.providers (id, clinic_id, name) values
  ('53000000-0000-4000-8000-0000000000f1', '53000000-0000-4000-8000-000000000001', 'Dr. Silva'),
  ('53000000-0000-4000-8000-0000000000f2', '53000000-0000-4000-8000-000000000002', 'Dr. Quiet');
insert into public.services (id, clinic_id, name, duration_minutes) values
  ('53000000-0000-4000-8000-0000000000d1', '53000000-0000-4000-8000-000000000001', 'Physiotherapy', 30),
  ('53000000-0000-4000-8000-0000000000d2', '53000000-0000-4000-8000-000000000002', 'Check-up', 30);
insert into public.patients (id, clinic_id, phone, name) values
  ('53000000-0000-4000-8000-0000000000a1', '53000000-0000-4000-8000-000000000001', '+447700900011', 'Maya'),
  ('53000000-0000-4000-8000-0000000000a2', '53000000-0000-4000-8000-000000000002', '+447700900012', 'Leo');
insert into public.conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('53000000-0000-4000-8000-0000000000b1', '53000000-0000-4000-8000-000000000001', '53000000-0000-4000-8000-0000000000c1',
   '53000000-0000-4000-8000-0000000000a1', '447700900011@s.whatsapp.net'),
  ('53000000-0000-4000-8000-0000000000b2', '53000000-0000-4000-8000-000000000002', '53000000-0000-4000-8000-0000000000c2',
   '53000000-0000-4000-8000-0000000000a2', '447700900012@s.whatsapp.net');

-- "Now" is 2030-01-10 12:00Z. Appointments: s1 tomorrow 10:00 (in the window), s2 in three days
-- (outside), s3 tomorrow but cancelled, s4 tomorrow but booked an hour ago (window already open),
-- s5 yesterday, s6 tomorrow at a clinic without reminders.
insert into public.slots (id, clinic_id, provider_id, starts_at, ends_at, status)
select ('53000000-0000-4000-8000-00000000010' || n)::uuid,
       case when n = 6 then '53000000-0000-4000-8000-000000000002'::uuid else '53000000-0000-4000-8000-000000000001' end,
       case when n = 6 then '53000000-0000-4000-8000-0000000000f2'::uuid else '53000000-0000-4000-8000-0000000000f1' end,
       starts, starts + interval '30 minutes', case when n = 3 then 'open'::public.slot_status else 'booked' end
  from (values (1, '2030-01-11 10:00Z'::timestamptz), (2, '2030-01-13 10:00Z'), (3, '2030-01-11 11:00Z'),
               (4, '2030-01-11 09:00Z'), (5, '2030-01-09 10:00Z'), (6, '2030-01-11 10:00Z')) v (n, starts);
insert into public.appointments (id, clinic_id, slot_id, patient_id, service_id, provider_id, conversation_id,
                                 starts_at, ends_at, status, cancelled_at, created_at, booked_by)
select ('53000000-0000-4000-8000-00000000020' || n)::uuid, s.clinic_id, s.id,
       case when n = 6 then '53000000-0000-4000-8000-0000000000a2'::uuid else '53000000-0000-4000-8000-0000000000a1' end,
       case when n = 6 then '53000000-0000-4000-8000-0000000000d2'::uuid else '53000000-0000-4000-8000-0000000000d1' end,
       s.provider_id,
       case when n = 6 then '53000000-0000-4000-8000-0000000000b2'::uuid else '53000000-0000-4000-8000-0000000000b1' end,
       s.starts_at, s.ends_at,
       case when n = 3 then 'cancelled'::public.appointment_status else 'booked' end,
       case when n = 3 then '2030-01-05 00:00Z'::timestamptz end,
       case when n = 4 then '2030-01-10 11:00Z'::timestamptz else '2030-01-01 00:00Z' end,
       'patient'
  from public.slots s
  cross join lateral (select right(s.id::text, 1)::int as n) k
 where s.id::text like '53000000-0000-4000-8000-00000000010_';

select is(public.enqueue_reminders('2030-01-10 12:00Z'), 1, 'one appointment is due a reminder');
select results_eq(
  $$select appointment_id, kind::text, status::text, channel_id, chat_jid, send_after from public.outbox
     where clinic_id in ('53000000-0000-4000-8000-000000000001', '53000000-0000-4000-8000-000000000002')$$,
  $$values ('53000000-0000-4000-8000-000000000201'::uuid, 'reminder'::text, 'pending'::text,
            '53000000-0000-4000-8000-0000000000c1'::uuid, '447700900011@s.whatsapp.net'::text, '2030-01-10 10:00Z'::timestamptz)$$,
  'the reminder is a pending message to the appointment''s chat, due at its reminder time (24 hours before, on the clinic''s clock)'
);
-- No patient text in SQL: the function writes it when the bot claims the row (outbox/render.test.ts).
select results_eq(
  $$select text, params from public.outbox where clinic_id = '53000000-0000-4000-8000-000000000001'$$,
  $$values (null::text, '{"appointmentId": "53000000-0000-4000-8000-000000000201", "startsAt": "2030-01-11T10:00:00Z"}'::jsonb)$$,
  'the reminder carries no text, only the appointment and the start it reminds of'
);
select is(public.enqueue_reminders('2030-01-10 12:05Z'), 0, 'running again adds nothing');
select is((select count(*)::int from public.outbox where kind = 'reminder' and clinic_id = '53000000-0000-4000-8000-000000000001'),
          1, 'an appointment never gets two reminders');
select is_empty(
  $$select * from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000202'$$,
  'an appointment beyond the window gets no reminder yet'
);
select is_empty(
  $$select * from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000203'$$,
  'a cancelled appointment gets no reminder'
);
select is_empty(
  $$select * from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000204'$$,
  'an appointment booked inside its window gets no reminder'
);
select is_empty(
  $$select * from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000205'$$,
  'a past appointment gets no reminder'
);
select is_empty(
  $$select * from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000206'$$,
  'a clinic with reminders switched off sends none'
);

-- On a stack without pg_cron, claiming is enough: the later appointment enters its window. The first
-- reminder, never claimed, is for a visit that has begun by now: it is dropped rather than sent late.
select results_eq(
  $$select kind, params ->> 'appointmentId' from public.claim_outbox('53000000-0000-4000-8000-0000000000c1', 20, '2030-01-12 11:00Z')$$,
  $$values ('reminder'::text, '53000000-0000-4000-8000-000000000202'::text)$$,
  'a claim enqueues due reminders and hands them out at once'
);
select is_empty(
  $$select * from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000201'$$,
  'a reminder not sent before its visit began is dropped, not sent late'
);
select is(
  (select count(*)::int from public.outbox where appointment_id = '53000000-0000-4000-8000-000000000202'),
  1, 'the appointment that entered its window got its one reminder'
);
select is(public.enqueue_reminders('2030-01-12 11:00Z'), 0, 'after the claim, nothing is left to enqueue');

select * from finish();
rollback;
