-- Notices to a day's patients (issue 11 §3), edited as Studio does (a Studio-like role) and through
-- the Data API (a staff login): one campaigns row → one outbox message per patient booked that day
-- (optionally with one practitioner), once, however often and from wherever enqueue_campaigns runs;
-- queued, sent and failed counts kept true as the bot acknowledges; what may change in which status;
-- who the notice reached.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(43);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

/** The clinic's local day n days from today (New York), and an instant at hh:mi on it. */
create function pg_temp.day(p_days int) returns date language sql stable as $$
  select (now() at time zone 'America/New_York')::date + p_days
$$;
create function pg_temp.at(p_days int, p_hhmi text) returns timestamptz language sql stable as $$
  select (pg_temp.day(p_days) + p_hhmi::time) at time zone 'America/New_York'
$$;
/** The test campaign's status and counts. */
create function pg_temp.counts(p_id uuid) returns table (status text, queued int, sent int, failed int, skipped int) language sql as $$
  select status::text, queued_count, sent_count, failed_count, skipped_count from public.campaigns where id = p_id
$$;
grant execute on all functions in schema pg_temp to studio_editor;

insert into auth.users (id, email) values ('58000000-0000-4000-8000-0000000000a9', 'staff-58@campaigns.test');
insert into public.clinics (id, name, timezone) values
  ('58000000-0000-4000-8000-000000000001', 'Campaign Clinic', 'America/New_York'),
  ('58000000-0000-4000-8000-000000000002', 'Elsewhere', 'America/New_York');
insert into public.staff (clinic_id, user_id) values ('58000000-0000-4000-8000-000000000001', '58000000-0000-4000-8000-0000000000a9');
insert into public.channels (id, clinic_id, phone, secret) values
  ('58000000-0000-4000-8000-0000000000c1', '58000000-0000-4000-8000-000000000001', '+15550005801', repeat('s', 32));
insert into public.providers (id, clinic_id, name) values
  ('58000000-0000-4000-8000-0000000000f1', '58000000-0000-4000-8000-000000000001', 'Dr. Ill'),
  ('58000000-0000-4000-8000-0000000000f2', '58000000-0000-4000-8000-000000000001', 'Dr. Well'),
  ('58000000-0000-4000-8000-0000000000f9', '58000000-0000-4000-8000-000000000002', 'Dr. Elsewhere');
insert into public.services (id, clinic_id, name, duration_minutes) values ('58000000-0000-4000-8000-0000000000d1', '58000000-0000-4000-8000-000000000001', 'Check-up', 30);
-- Four patients with chats (a1-a4), one caller who never wrote (a5).
insert into public.patients (id, clinic_id, phone, name)
select ('58000000-0000-4000-8000-0000000000a' || n)::uuid, '58000000-0000-4000-8000-000000000001', '+1555000581' || n, 'Patient ' || n
  from generate_series(1, 5) n;
insert into public.conversations (clinic_id, channel_id, patient_id, chat_jid)
select '58000000-0000-4000-8000-000000000001', '58000000-0000-4000-8000-0000000000c1', p.id, ltrim(p.phone, '+') || '@s.whatsapp.net'
  from public.patients p where p.clinic_id = '58000000-0000-4000-8000-000000000001' and p.name <> 'Patient 5';
-- In two days: Dr. Ill sees a1 at 09:00 and 10:00 (two visits, one notice), a2 at 11:00 and a5 at
-- 12:00; Dr. Well sees a3 at 09:00. a4 is booked the day after.
insert into public.slots (id, clinic_id, provider_id, starts_at, ends_at, status)
select ('58000000-0000-4000-8000-00000000010' || n)::uuid, '58000000-0000-4000-8000-000000000001', v.provider, v.starts, v.starts + interval '30 minutes', 'booked'
  from (values (1, '58000000-0000-4000-8000-0000000000f1'::uuid, pg_temp.at(2, '09:00')), (2, '58000000-0000-4000-8000-0000000000f1', pg_temp.at(2, '10:00')),
               (3, '58000000-0000-4000-8000-0000000000f1', pg_temp.at(2, '11:00')), (4, '58000000-0000-4000-8000-0000000000f1', pg_temp.at(2, '12:00')),
               (5, '58000000-0000-4000-8000-0000000000f2', pg_temp.at(2, '09:00')), (6, '58000000-0000-4000-8000-0000000000f2', pg_temp.at(3, '09:00'))) v (n, provider, starts);
insert into public.appointments (id, clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
select ('58000000-0000-4000-8000-00000000020' || v.n)::uuid, '58000000-0000-4000-8000-000000000001', s.id, ('58000000-0000-4000-8000-0000000000a' || v.p)::uuid,
       '58000000-0000-4000-8000-0000000000d1', s.provider_id, s.starts_at, s.ends_at, 'patient'
  from (values (1, 1), (2, 1), (3, 2), (4, 5), (5, 3), (6, 4)) v (n, p)
  join public.slots s on s.id = ('58000000-0000-4000-8000-00000000010' || v.n)::uuid;
insert into public.message_templates (clinic_id, kind, name, language, body) values
  ('58000000-0000-4000-8000-000000000001', 'campaign', 'doctor_away', 'en', '{provider} is ill on {day}: your {service} at {time} is off.'),
  ('58000000-0000-4000-8000-000000000001', 'campaign', 'doctor_away', 'es', '{provider} está enfermo el {day}.');

set local role studio_editor;

-- What a campaign row must say.
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day) values ('58000000-0000-4000-8000-000000000001', %L)$$, pg_temp.day(2)),
  'ST003', 'give either template_name (a notice template) or text (your own words)', 'a campaign says what to send'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, template_name, text) values ('58000000-0000-4000-8000-000000000001', %L, 'doctor_away', 'Hi')$$, pg_temp.day(2)),
  'ST003', 'give either template_name (a notice template) or text (your own words), not both', 'a template or a text, not both'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, template_name) values ('58000000-0000-4000-8000-000000000001', %L, 'doctor_ill')$$, pg_temp.day(2)),
  'ST003', 'no notice template named "doctor_ill" (message_templates of kind campaign): there are doctor_away',
  'an unknown template is named, with the ones there are'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, text) values ('58000000-0000-4000-8000-000000000001', %L, 'See you {tomorrow}')$$, pg_temp.day(2)),
  'ST003', 'campaigns.text: unknown placeholder {tomorrow}: campaign messages can use {patient}, {clinic}, {service}, {provider}, {day}, {time}',
  'a text''s placeholders are checked as a template''s'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, text) values ('58000000-0000-4000-8000-000000000001', %L, 'Closed')$$, pg_temp.day(-1)),
  'ST003', null, 'a day that has passed is refused'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, text, send_at) values ('58000000-0000-4000-8000-000000000001', %L, 'Closed', %L)$$, pg_temp.day(2), pg_temp.at(3, '08:00')),
  'ST003', null, 'a send time after the day has ended is refused'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, provider_id, text) values ('58000000-0000-4000-8000-000000000001', %L, '58000000-0000-4000-8000-0000000000f9', 'Closed')$$, pg_temp.day(2)),
  'ST003', 'provider_id is not a practitioner of this clinic', 'a practitioner of another clinic is refused'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, text, status) values ('58000000-0000-4000-8000-000000000001', %L, 'Closed', 'done')$$, pg_temp.day(2)),
  'ST003', 'status, the counts, queued_at and cancelled_at are filled in: leave them empty', 'a status typed in is refused'
);

-- Dr. Ill is ill in two days: a notice to his patients that day, at 07:00 tomorrow.
create temp table ill on commit drop as
with added as (
  insert into public.campaigns (clinic_id, day, provider_id, template_name, send_at)
  values ('58000000-0000-4000-8000-000000000001', pg_temp.day(2), '58000000-0000-4000-8000-0000000000f1', 'doctor_away', pg_temp.at(1, '07:00'))
  returning id
) select id from added;
select results_eq('select * from pg_temp.counts((select id from ill))', $$values ('scheduled'::text, 0, 0, 0, 0)$$,
  'the campaign waits for its time, nothing queued');
select results_eq(
  $$select patient_name, status from public.campaign_recipients where campaign_id = (select id from ill) order by patient_name$$,
  $$values ('Patient 1'::text, 'to be sent'::text), ('Patient 2', 'to be sent'), ('Patient 5', 'not sent: cannot be messaged')$$,
  'before it goes, campaign_recipients shows whom it is for: Dr. Ill''s patients that day, once each'
);
select lives_ok(
  $$update public.campaigns set send_at = send_at - interval '1 hour' where id = (select id from ill)$$,
  'while scheduled, it may change'
);
reset role;

select is(public.enqueue_campaigns(pg_temp.at(1, '05:59')), 0, 'nothing is queued before its time');
select is(public.enqueue_campaigns(pg_temp.at(1, '06:00')), 2, 'at its time, one message per patient booked with Dr. Ill that day who can be messaged');
select is(public.enqueue_campaigns(pg_temp.at(1, '06:05')), 0, 'running again queues nothing');
select is((select count(*)::int from public.claim_outbox('58000000-0000-4000-8000-0000000000c1', 50, pg_temp.at(1, '06:06'), 0)), 0,
  'a claim that may take no paced message takes none of them');
select results_eq(
  $$select patient_id, appointment_id from public.outbox where campaign_id = (select id from ill) order by patient_id$$,
  $$values ('58000000-0000-4000-8000-0000000000a1'::uuid, '58000000-0000-4000-8000-000000000201'::uuid),
           ('58000000-0000-4000-8000-0000000000a2', '58000000-0000-4000-8000-000000000203')$$,
  'Patient 1''s two visits that day make one message (about the first); the other practitioner''s and the other day''s patients get none'
);
select results_eq('select * from pg_temp.counts((select id from ill))', $$values ('sending'::text, 2, 0, 0, 1)$$,
  'the row shows two queued and the caller who could not be messaged as skipped');

-- The bot claims both, sends one, fails the other for good.
create temp table claimed on commit drop as
select * from public.claim_outbox('58000000-0000-4000-8000-0000000000c1', 50, pg_temp.at(1, '06:07'));
select is((select count(*)::int from claimed where kind = 'campaign'), 2, 'the bot claims both');
select ok((select bool_and(context -> 'campaign' ->> 'templateName' = 'doctor_away' and context -> 'templates' ? 'es') from claimed),
  'each comes with its campaign and the template''s texts, to be written in the patient''s language');
select results_eq('select * from pg_temp.counts((select id from ill))', $$values ('sending'::text, 2, 0, 0, 1)$$,
  'being sent still counts as queued');
update public.outbox set text = 'Dr. Ill is ill' where campaign_id = (select id from ill);
select is(public.ack_outbox('58000000-0000-4000-8000-0000000000c1', (select id from claimed order by chat_jid limit 1), 'sent', null, pg_temp.at(1, '06:08')), 'sent', 'one is sent');
select results_eq('select * from pg_temp.counts((select id from ill))', $$values ('sending'::text, 1, 1, 0, 1)$$, 'the count follows the ack');
update public.outbox set attempts = 5 where campaign_id = (select id from ill) and status = 'sending';
select is(public.ack_outbox('58000000-0000-4000-8000-0000000000c1', (select id from claimed order by chat_jid desc limit 1), 'failed', 'not on WhatsApp', pg_temp.at(1, '06:09')),
  'failed', 'the other fails for good');
select results_eq('select * from pg_temp.counts((select id from ill))', $$values ('done'::text, 0, 1, 1, 1)$$,
  'with nothing left to send the campaign is done: one sent, one failed, one skipped');
select results_eq(
  $$select patient_name, status, last_error from public.campaign_recipients where campaign_id = (select id from ill) order by patient_name$$,
  $$values ('Patient 1'::text, 'sent'::text, null::text), ('Patient 2', 'failed', 'not on WhatsApp'), ('Patient 5', 'not sent: cannot be messaged', null)$$,
  'campaign_recipients says what reached whom, and why not'
);

-- Editing after it went.
set local role studio_editor;
select throws_ok(
  $$update public.campaigns set template_name = null, text = 'Correction' where id = (select id from ill)$$,
  'ST003', 'this campaign has already gone out (1 sent, 0 waiting): it can no longer change. To send a correction, add a new campaign.',
  'a campaign that went out cannot change: the row is the record of what was sent'
);
select throws_ok($$update public.campaigns set status = 'cancelled' where id = (select id from ill)$$,
  'ST003', 'this campaign has already gone to everyone (1 sent, 1 failed): there is nothing left to stop', 'a finished campaign cannot be cancelled');
select throws_ok($$update public.campaigns set sent_count = 5 where id = (select id from ill)$$,
  'ST003', 'the counts, queued_at and created_at are filled in: leave them as they are', 'its counts cannot be typed over');
select throws_ok($$delete from public.campaigns where id = (select id from ill)$$,
  'ST004', 'this campaign went to 2 patients: it stays as the record of what was sent', 'it cannot be deleted');

-- A notice to everyone that day, cancelled while it is being sent.
create temp table everyone on commit drop as
with added as (
  insert into public.campaigns (clinic_id, day, text) values ('58000000-0000-4000-8000-000000000001', pg_temp.day(2), 'We close at noon on {day}.')
  returning id
) select id from added;
reset role;
select is(public.enqueue_campaigns(now()), 3, 'a notice to the whole day reaches every patient booked that day who can be messaged');
select is((select count(*)::int from public.claim_outbox('58000000-0000-4000-8000-0000000000c1', 50, now(), 1)), 1,
  'the bot takes one (its pacing allows one)');
set local role studio_editor;
select lives_ok($$update public.campaigns set status = 'cancelled' where id = (select id from everyone)$$, 'staff cancel it');
select results_eq('select * from pg_temp.counts((select id from everyone))', $$values ('cancelled'::text, 1, 0, 0, 1)$$,
  'what had not gone is withdrawn; the one the bot is sending still counts');
select isnt((select cancelled_at from public.campaigns where id = (select id from everyone)), null::timestamptz, 'and when it was cancelled is filled in');
select throws_ok($$delete from public.campaigns where id = (select id from everyone)$$, 'ST004', null, 'a cancelled campaign that went out stays');
reset role;
select is_empty(
  $$select * from public.claim_outbox('58000000-0000-4000-8000-0000000000c1', 50, now() + interval '1 hour') where kind = 'campaign'$$,
  'the one the bot had, never acknowledged, is not handed out again once its claim expires'
);
select results_eq('select * from pg_temp.counts((select id from everyone))', $$values ('cancelled'::text, 0, 0, 1, 1)$$,
  'it counts as failed, saying the campaign was cancelled');
set local role studio_editor;

-- Scheduled ones may go; a template a campaign still needs may not.
create temp table later on commit drop as
with added as (
  insert into public.campaigns (clinic_id, day, template_name, send_at)
  values ('58000000-0000-4000-8000-000000000001', pg_temp.day(3), 'doctor_away', pg_temp.at(3, '07:00'))
  returning id
) select id from added;
select lives_ok($$delete from public.message_templates where name = 'doctor_away' and language = 'es'$$,
  'one language of a template in use may go: another remains');
select throws_ok($$delete from public.message_templates where name = 'doctor_away' and language = 'en'$$,
  'ST004', null, 'the last language of a template a scheduled campaign needs may not');
select lives_ok($$delete from public.campaigns where id = (select id from later)$$, 'a campaign that never went out may be deleted');
select throws_ok(
  $$insert into public.outbox (kind, patient_id, params) values ('campaign', '58000000-0000-4000-8000-0000000000a4', '{}')$$,
  'ST005', null, 'a campaign message cannot be typed into the outbox for anyone: only a campaign''s audience is reached'
);
reset role;

-- A staff login adds one through the Data API, for their own clinic only.
set local role authenticated;
set local request.jwt.claims to '{"sub": "58000000-0000-4000-8000-0000000000a9", "role": "authenticated"}';
select lives_ok(
  format($$insert into public.campaigns (clinic_id, day, text) values ('58000000-0000-4000-8000-000000000001', %L, 'Bring your card on {day}.')$$, pg_temp.day(3)),
  'staff add a campaign through the API'
);
select throws_ok(
  format($$insert into public.campaigns (clinic_id, day, text) values ('58000000-0000-4000-8000-000000000002', %L, 'Hi')$$, pg_temp.day(3)),
  '42501', null, 'but not for another clinic'
);
reset role;

select * from finish();
rollback;
