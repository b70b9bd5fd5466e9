-- When a reminder goes (issue 11 §2): reminder_hours_before on the clinic's clock, moved out of the
-- quiet hours (default 20:00-08:00): to their end, or to their start when the end would leave less
-- than the clinic's minimum notice before the visit. Across daylight-saving changes, in three zones
-- (New York and Lisbon, whose clocks change in March and October/November, and Sydney, whose change
-- in April and October the other way round). Then the queue itself: a reminder is enqueued only
-- once its moment has come, and a claim holds a reminder back while the quiet hours last.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(28);

insert into public.clinics (id, name, timezone, reminder_hours_before, min_notice_minutes, quiet_hours_start, quiet_hours_end) values
  ('55000000-0000-4000-8000-000000000001', 'New York 24h', 'America/New_York', 24, 60, '20:00', '08:00'),
  ('55000000-0000-4000-8000-000000000002', 'New York 2h', 'America/New_York', 2, 60, '20:00', '08:00'),
  ('55000000-0000-4000-8000-000000000003', 'Lisbon 24h', 'Europe/Lisbon', 24, 60, '20:00', '08:00'),
  ('55000000-0000-4000-8000-000000000004', 'Sydney 24h', 'Australia/Sydney', 24, 60, '20:00', '08:00'),
  ('55000000-0000-4000-8000-000000000005', 'Sydney 3h', 'Australia/Sydney', 3, 90, '20:00', '08:00'),
  ('55000000-0000-4000-8000-000000000006', 'No quiet hours', 'America/New_York', 24, 60, null, null),
  ('55000000-0000-4000-8000-000000000007', 'Quiet at lunch', 'Europe/Lisbon', 24, 60, '13:00', '14:00');

/** When the reminder of a visit at p_starts_at goes at test clinic n. */
create function pg_temp.send_at(p_clinic int, p_starts_at timestamptz) returns timestamptz language sql stable as $$
  select public.reminder_send_at(c, p_starts_at) from public.clinics c
   where c.id = ('55000000-0000-4000-8000-00000000000' || p_clinic)::uuid
$$;

-- The clinic's default is the issue's: 20:00-08:00.
select results_eq(
  $$select quiet_hours_start, quiet_hours_end from public.clinics where id = 'c11a1c00-0000-4000-8000-000000000001'$$,
  $$values ('20:00'::time, '08:00'::time)$$,
  'a clinic''s quiet hours are 20:00-08:00 unless it says otherwise'
);

-- New York. Daylight saving starts Sun 8 Mar 2026 at 02:00 (EST -5 -> EDT -4) and ends Sun 1 Nov at 02:00.
select is(pg_temp.send_at(1, '2026-03-10 13:00Z'), '2026-03-09 13:00Z'::timestamptz,
  'New York: a Tuesday 09:00 visit is reminded on Monday at 09:00, outside the quiet hours');
select is(pg_temp.send_at(1, '2026-03-08 14:00Z'), '2026-03-07 15:00Z'::timestamptz,
  'New York: "24 hours before" a 10:00 visit on the day the clocks go forward is 10:00 the day before, on the clinic''s clock (23 hours)');
select is(pg_temp.send_at(1, '2026-03-09 11:30Z'), '2026-03-08 12:00Z'::timestamptz,
  'New York: a reminder due at 07:30, in the quiet hours, goes at 08:00 when they end (EDT, the morning after the change)');
select is(pg_temp.send_at(2, '2026-03-09 12:30Z'), '2026-03-09 00:00Z'::timestamptz,
  'New York: a reminder two hours before an 08:30 visit, due at 06:30, would come 30 minutes before it at 08:00: it goes when the quiet hours start, 20:00 the evening before (EDT)');
select is(pg_temp.send_at(2, '2026-11-01 13:30Z'), '2026-11-01 00:00Z'::timestamptz,
  'New York: the same on the day the clocks go back: 20:00 EDT the evening before');
select is(pg_temp.send_at(2, '2026-11-01 17:00Z'), '2026-11-01 15:00Z'::timestamptz,
  'New York: a reminder due at 10:00 EST after the change goes at 10:00');
select is(pg_temp.send_at(1, '2026-11-02 12:30Z'), '2026-11-01 13:00Z'::timestamptz,
  'New York: a reminder due at 07:30 on the day the clocks went back waits until 08:00 EST');

-- Lisbon. Summer time starts Sun 29 Mar 2026 at 01:00 UTC (WET +0 -> WEST +1) and ends Sun 25 Oct.
select is(pg_temp.send_at(3, '2026-03-30 06:00Z'), '2026-03-29 07:00Z'::timestamptz,
  'Lisbon: a reminder due at 07:00 on the day the clocks go forward goes at 08:00 WEST');
select is(pg_temp.send_at(3, '2026-03-29 08:00Z'), '2026-03-28 09:00Z'::timestamptz,
  'Lisbon: a 09:00 visit on that day is reminded at 09:00 WET the day before');
select is(pg_temp.send_at(3, '2026-10-25 10:00Z'), '2026-10-24 09:00Z'::timestamptz,
  'Lisbon: a 10:00 visit on the day the clocks go back is reminded at 10:00 WEST the day before (25 hours)');
select is(pg_temp.send_at(3, '2026-10-26 19:30Z'), '2026-10-25 19:30Z'::timestamptz,
  'Lisbon: 19:30 is just before the quiet hours: sent then');
select is(pg_temp.send_at(3, '2026-10-27 20:00Z'), '2026-10-27 08:00Z'::timestamptz,
  'Lisbon: a reminder due at 20:00 (quiet from then) goes at 08:00 the next morning, twelve hours before the visit');

-- Sydney. Daylight saving ends Sun 5 Apr 2026 at 03:00 (AEDT +11 -> AEST +10) and starts Sun 4 Oct at 02:00.
select is(pg_temp.send_at(4, '2026-04-04 23:00Z'), '2026-04-03 22:00Z'::timestamptz,
  'Sydney: a 09:00 visit on the day the clocks go back is reminded at 09:00 AEDT the day before');
select is(pg_temp.send_at(4, '2026-10-05 20:30Z'), '2026-10-04 21:00Z'::timestamptz,
  'Sydney: a reminder due at 07:30 on the day the clocks went forward waits until 08:00 AEDT');
select is(pg_temp.send_at(5, '2026-10-03 22:00Z'), '2026-10-03 10:00Z'::timestamptz,
  'Sydney: three hours before a 09:00 visit on the day the clocks go forward is 06:00; 08:00 would leave 60 minutes, less than the 90 of notice, so it goes at 20:00 AEST the evening before');

-- Other settings.
select is(pg_temp.send_at(6, '2026-03-09 11:30Z'), '2026-03-08 11:30Z'::timestamptz,
  'without quiet hours a reminder goes when it is due, whatever the hour');
select is(pg_temp.send_at(7, '2026-06-11 12:30Z'), '2026-06-10 13:00Z'::timestamptz,
  'quiet hours within a day (13:00-14:00): a reminder due at 13:30 goes at 14:00');

-- The queue. New York, a visit at 08:30 on Tue 10 Mar 2026 (EDT); its reminder is due Mon 08:30,
-- not quiet. A second visit, Tue 07:30, is due Mon 07:30 (quiet): it goes at 08:00.
insert into public.channels (id, clinic_id, phone, secret) values
  ('55000000-0000-4000-8000-0000000000c1', '55000000-0000-4000-8000-000000000001', '+15550005501', repeat('s', 32));
insert into public.providers (id, clinic_id, name) values ('55000000-0000-4000-8000-0000000000f1', '55000000-0000-4000-8000-000000000001', 'Dr. Hale');
insert into public.services (id, clinic_id, name, duration_minutes) values ('55000000-0000-4000-8000-0000000000d1', '55000000-0000-4000-8000-000000000001', 'Check-up', 30);
insert into public.patients (id, clinic_id, phone, name) values
  ('55000000-0000-4000-8000-0000000000a1', '55000000-0000-4000-8000-000000000001', '+15550005511', 'Early Eve'),
  ('55000000-0000-4000-8000-0000000000a2', '55000000-0000-4000-8000-000000000001', '+15550005512', 'Later Lou');
insert into public.conversations (clinic_id, channel_id, patient_id, chat_jid)
select '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-0000000000c1', p.id, ltrim(p.phone, '+') || '@s.whatsapp.net'
  from public.patients p where p.clinic_id = '55000000-0000-4000-8000-000000000001';
insert into public.slots (id, clinic_id, provider_id, starts_at, ends_at, status) values
  ('55000000-0000-4000-8000-000000000101', '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-0000000000f1', '2026-03-10 11:30Z', '2026-03-10 12:00Z', 'booked'),
  ('55000000-0000-4000-8000-000000000102', '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-0000000000f1', '2026-03-10 12:30Z', '2026-03-10 13:00Z', 'booked');
insert into public.appointments (id, clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by, created_at) values
  ('55000000-0000-4000-8000-000000000201', '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-000000000101',
   '55000000-0000-4000-8000-0000000000a1', '55000000-0000-4000-8000-0000000000d1', '55000000-0000-4000-8000-0000000000f1',
   '2026-03-10 11:30Z', '2026-03-10 12:00Z', 'patient', '2026-03-01 12:00Z'),
  ('55000000-0000-4000-8000-000000000202', '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-000000000102',
   '55000000-0000-4000-8000-0000000000a2', '55000000-0000-4000-8000-0000000000d1', '55000000-0000-4000-8000-0000000000f1',
   '2026-03-10 12:30Z', '2026-03-10 13:00Z', 'patient', '2026-03-01 12:00Z');

/** The reminders queued for the test clinic: which appointment, and from when they may go. */
create function pg_temp.reminders() returns table (appointment_id uuid, send_after timestamptz) language sql as $$
  select o.appointment_id, o.send_after from public.outbox o
   where o.clinic_id = '55000000-0000-4000-8000-000000000001' and o.kind = 'reminder' order by o.send_after
$$;

-- Regression (issue 11): a reminder was queued, and sent, at any hour once inside its window.
select is(public.enqueue_reminders('2026-03-09 11:35Z', '55000000-0000-4000-8000-000000000001'), 0,
  'at 07:35, in the quiet hours, no reminder is queued: the early visit''s waits for 08:00');
select is(public.enqueue_reminders('2026-03-09 12:00Z', '55000000-0000-4000-8000-000000000001'), 1,
  'at 08:00 the early visit''s reminder is queued');
select results_eq('select * from pg_temp.reminders()',
  $$values ('55000000-0000-4000-8000-000000000201'::uuid, '2026-03-09 12:00Z'::timestamptz)$$,
  'it may go from the end of the quiet hours');
select is(public.enqueue_reminders('2026-03-09 12:30Z', '55000000-0000-4000-8000-000000000001'), 1,
  'at 08:30 the later visit''s reminder is queued, due then');
select is(public.enqueue_reminders('2026-03-09 13:00Z', '55000000-0000-4000-8000-000000000001'), 0,
  'running again adds nothing');

-- A bot that was offline all Monday claims at 21:00, inside the quiet hours. Waiting for 08:00
-- would bring both early visits' reminders too late (07:30 and 08:30, 60 minutes' notice), so they
-- go now, as their schedule would have sent them at the start of the quiet hours.
select is((select count(*)::int from public.claim_outbox('55000000-0000-4000-8000-0000000000c1', 20, '2026-03-10 01:00Z')), 2,
  'a claim at 21:00 hands out the reminders of visits too early next morning to wait for 08:00');

-- A visit on Wednesday at 10:00: its reminder is due Tuesday 10:00; a claim on Tuesday at 21:00
-- holds it back (08:00 Wednesday is still two hours before the visit), a claim at 08:00 hands it out.
insert into public.slots (id, clinic_id, provider_id, starts_at, ends_at, status) values
  ('55000000-0000-4000-8000-000000000103', '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-0000000000f1', '2026-03-11 14:00Z', '2026-03-11 14:30Z', 'booked');
insert into public.appointments (id, clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by, created_at) values
  ('55000000-0000-4000-8000-000000000203', '55000000-0000-4000-8000-000000000001', '55000000-0000-4000-8000-000000000103',
   '55000000-0000-4000-8000-0000000000a1', '55000000-0000-4000-8000-0000000000d1', '55000000-0000-4000-8000-0000000000f1',
   '2026-03-11 14:00Z', '2026-03-11 14:30Z', 'patient', '2026-03-01 12:00Z');
select is(public.enqueue_reminders('2026-03-10 14:00Z', '55000000-0000-4000-8000-000000000001'), 1, 'Tuesday 10:00: Wednesday''s reminder is queued');
select is_empty(
  $$select * from public.claim_outbox('55000000-0000-4000-8000-0000000000c1', 20, '2026-03-11 01:00Z')$$,
  'a claim at 21:00 (the bot was offline since) holds it back: it waits for the end of the quiet hours'
);
select results_eq(
  $$select status::text, last_error from public.outbox where appointment_id in ('55000000-0000-4000-8000-000000000201', '55000000-0000-4000-8000-000000000202')$$,
  $$values ('failed'::text, 'the visit began before the reminder was acknowledged'::text), ('failed', 'the visit began before the reminder was acknowledged')$$,
  'Monday''s reminders, handed out and never acknowledged, are not handed out again after their visits: they failed, saying why'
);
select results_eq(
  $$select kind, params ->> 'appointmentId' from public.claim_outbox('55000000-0000-4000-8000-0000000000c1', 20, '2026-03-11 12:00Z')$$,
  $$values ('reminder'::text, '55000000-0000-4000-8000-000000000203'::text)$$,
  'and hands it out at 08:00'
);

select * from finish();
rollback;
