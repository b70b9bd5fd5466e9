-- Opt-out (issue 11 §4): a patient who stopped reminders and notices gets no reminder and no
-- campaign notice, from any sender (the reminder job, a claim, a campaign, a row typed in Studio),
-- while the messages about their own bookings and conversation still reach them: a booking, a
-- cancellation or a move by the clinic, a rebook offer, a hand-back, a staff reply, and messages
-- about them to staff phones. Every outbox kind is tried.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(24);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

/** The clinic's local day n days from today, at hh:mi, as an instant in New York. */
create function pg_temp.at(p_days int, p_hhmi text) returns timestamptz language sql stable as $$
  select (((now() at time zone 'America/New_York')::date + p_days) + p_hhmi::time) at time zone 'America/New_York'
$$;
/** Queues an automatic message of p_kind for patient p (a1 = Olga, who stops them; a2 = Paul). */
create function pg_temp.queue(p_kind text, p text) returns boolean language sql as $$
  select public.enqueue_notice(p_kind::public.outbox_kind, ('57000000-0000-4000-8000-0000000000' || p)::uuid,
                               '{}'::jsonb, null, null, now()) is not null
$$;
grant execute on all functions in schema pg_temp to studio_editor;

insert into public.clinics (id, name, timezone, reminder_hours_before, quiet_hours_start, quiet_hours_end) values
  ('57000000-0000-4000-8000-000000000001', 'Opt-out Clinic', 'America/New_York', 24, null, null);
insert into public.channels (id, clinic_id, phone, secret) values
  ('57000000-0000-4000-8000-0000000000c1', '57000000-0000-4000-8000-000000000001', '+15550005701', repeat('s', 32));
insert into public.providers (id, clinic_id, name) values ('57000000-0000-4000-8000-0000000000f1', '57000000-0000-4000-8000-000000000001', 'Dr. Opt');
insert into public.services (id, clinic_id, name, duration_minutes) values ('57000000-0000-4000-8000-0000000000d1', '57000000-0000-4000-8000-000000000001', 'Check-up', 30);
insert into public.patients (id, clinic_id, phone, name) values
  ('57000000-0000-4000-8000-0000000000a1', '57000000-0000-4000-8000-000000000001', '+15550005711', 'Olga Out'),
  ('57000000-0000-4000-8000-0000000000a2', '57000000-0000-4000-8000-000000000001', '+15550005712', 'Paul In');
insert into public.conversations (id, clinic_id, channel_id, patient_id, chat_jid) values
  ('57000000-0000-4000-8000-0000000000b1', '57000000-0000-4000-8000-000000000001', '57000000-0000-4000-8000-0000000000c1', '57000000-0000-4000-8000-0000000000a1', '15550005711@s.whatsapp.net'),
  ('57000000-0000-4000-8000-0000000000b2', '57000000-0000-4000-8000-000000000001', '57000000-0000-4000-8000-0000000000c1', '57000000-0000-4000-8000-0000000000a2', '15550005712@s.whatsapp.net');
-- Both booked in two days (slots booked as the engine books them).
insert into public.slots (id, clinic_id, provider_id, starts_at, ends_at, status)
select ('57000000-0000-4000-8000-00000000010' || n)::uuid, '57000000-0000-4000-8000-000000000001', '57000000-0000-4000-8000-0000000000f1',
       pg_temp.at(2, '09:00') + (n - 1) * interval '30 minutes', pg_temp.at(2, '09:30') + (n - 1) * interval '30 minutes', 'booked'
  from generate_series(1, 2) n;
insert into public.appointments (id, clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by, created_at)
select ('57000000-0000-4000-8000-00000000020' || n)::uuid, '57000000-0000-4000-8000-000000000001', ('57000000-0000-4000-8000-00000000010' || n)::uuid,
       ('57000000-0000-4000-8000-0000000000a' || n)::uuid, '57000000-0000-4000-8000-0000000000d1', '57000000-0000-4000-8000-0000000000f1',
       pg_temp.at(2, '09:00') + (n - 1) * interval '30 minutes', pg_temp.at(2, '09:30') + (n - 1) * interval '30 minutes', 'patient', now() - interval '7 days'
  from generate_series(1, 2) n;

-- Olga writes "stop messages" and says yes.
select is(public.set_patient_opt_out('57000000-0000-4000-8000-0000000000a1', true, now()), '{"optedOut": true, "changed": true}'::jsonb,
  'a patient stops reminders and notices');
select is(public.set_patient_opt_out('57000000-0000-4000-8000-0000000000a1', true, now() + interval '1 hour'), '{"optedOut": true, "changed": false}'::jsonb,
  'saying it again changes nothing, and says so');
select is((select opted_out_at from public.patients where id = '57000000-0000-4000-8000-0000000000a1'), now(), 'it is recorded on the patient, when they first said it');

-- Reminders and notices: not for Olga, whoever sends them.
select is(pg_temp.queue('reminder', 'a1'), false, 'reminder: not queued for a patient who stopped them');
select is(pg_temp.queue('reminder', 'a2'), true, 'reminder: queued for anyone else');
delete from public.outbox where clinic_id = '57000000-0000-4000-8000-000000000001';
select is(public.enqueue_reminders(pg_temp.at(1, '09:30'), '57000000-0000-4000-8000-000000000001'), 1, 'the reminder job queues only Paul''s reminder');
select results_eq(
  $$select patient_id from public.outbox where clinic_id = '57000000-0000-4000-8000-000000000001' and kind = 'reminder'$$,
  $$values ('57000000-0000-4000-8000-0000000000a2'::uuid)$$,
  'and no reminder of Olga''s'
);
insert into public.campaigns (clinic_id, day, text, send_at)
values ('57000000-0000-4000-8000-000000000001', (now() at time zone 'America/New_York')::date + 2, 'Dr. Opt is running late on {day}.', now());
select is(public.enqueue_campaigns(now(), '57000000-0000-4000-8000-000000000001'), 1, 'campaign: the day''s notice is queued for Paul only');
select results_eq(
  $$select status::text, queued_count, skipped_count from public.campaigns where clinic_id = '57000000-0000-4000-8000-000000000001'$$,
  $$values ('sending'::text, 1, 1)$$,
  'the campaign counts Olga as skipped'
);
select results_eq(
  $$select patient_name, status from public.campaign_recipients
     where clinic_id = '57000000-0000-4000-8000-000000000001' order by patient_name$$,
  $$values ('Olga Out'::text, 'not sent: stopped notices'::text), ('Paul In', 'queued')$$,
  'campaign_recipients says why Olga got no notice, so staff can call her'
);

-- Service messages about her own bookings and conversation still reach her.
select is(pg_temp.queue('appointment_booked', 'a1'), true, 'appointment_booked: still sent (the clinic booked for her)');
select is(pg_temp.queue('appointment_cancelled', 'a1'), true, 'appointment_cancelled: still sent (her visit is off)');
select is(pg_temp.queue('appointment_moved', 'a1'), true, 'appointment_moved: still sent (her visit moved)');
select is(pg_temp.queue('rebook_offer', 'a1'), true, 'rebook_offer: still sent (her visit cannot go ahead)');
select is(pg_temp.queue('hand_back', 'a1'), true, 'hand_back: still sent (the end of a conversation she started)');
set local role studio_editor;
insert into public.outbox (conversation_id, text) values ('57000000-0000-4000-8000-0000000000b1', 'We will call you about your bill.');
reset role;
select is((select count(*)::int from public.outbox where conversation_id = '57000000-0000-4000-8000-0000000000b1' and kind = 'staff_reply'), 1,
  'staff_reply: a reply staff write still goes');
insert into public.outbox (kind, clinic_id, patient_id, phone, params) values
  ('staff_alert', '57000000-0000-4000-8000-000000000001', '57000000-0000-4000-8000-0000000000a1', '+15550005799', '{}'),
  ('patient_message', '57000000-0000-4000-8000-000000000001', '57000000-0000-4000-8000-0000000000a1', '+15550005799', '{}');
select is((select count(*)::int from public.outbox where patient_id = '57000000-0000-4000-8000-0000000000a1' and kind in ('staff_alert', 'patient_message')), 2,
  'staff_alert and patient_message: messages to staff phones about her are not hers to stop');
select throws_ok(
  $$insert into public.outbox (kind, patient_id, params) values ('campaign', '57000000-0000-4000-8000-0000000000a1', '{}')$$,
  'ST005', 'notices to a day''s patients are sent by adding a campaigns row, not outbox rows',
  'campaign: no one can queue a notice around its campaign'
);

-- Paul stops them later: what was queued for him and not sent is dropped.
select is(public.set_patient_opt_out('57000000-0000-4000-8000-0000000000a2', true, now())->>'changed', 'true', 'Paul stops them too');
select is_empty(
  $$select kind from public.outbox where patient_id = '57000000-0000-4000-8000-0000000000a2' and kind in ('reminder', 'campaign')$$,
  'his queued reminder and notice, not yet sent, are dropped'
);
select results_eq(
  $$select queued_count, skipped_count from public.campaigns where clinic_id = '57000000-0000-4000-8000-000000000001'$$,
  $$values (0, 1)$$,
  'the campaign''s count of queued notices follows'
);

-- Set in Studio (a patient who phoned): a reminder queued before is dropped at the next claim.
select public.set_patient_opt_out('57000000-0000-4000-8000-0000000000a2', false, now());
select is(pg_temp.queue('reminder', 'a2'), true, 'started again, reminders are queued again');
set local role studio_editor;
update public.patients set opted_out_at = now() where id = '57000000-0000-4000-8000-0000000000a2';
reset role;
select is_empty(
  $$select * from public.claim_outbox('57000000-0000-4000-8000-0000000000c1', 50, now()) where kind in ('reminder', 'campaign')$$,
  'a reminder queued before staff recorded the wish in Studio is not handed to the bot'
);
select is_empty(
  $$select 1 from public.outbox where patient_id = '57000000-0000-4000-8000-0000000000a2' and kind = 'reminder'$$,
  'it is dropped unsent'
);

select * from finish();
rollback;
