-- Message templates (issue 11 §1): staff word the messages the clinic sends first, per kind and
-- language, in Studio (as a Studio-like role) or through the Data API (as a staff login). The
-- placeholders are checked when a template is saved: an unknown one, or one its kind cannot fill,
-- is refused with its name and what the kind can use.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(22);

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'studio_editor') then
    create role studio_editor nologin nosuperuser bypassrls;
  end if;
end $$;
grant usage on schema public, extensions, auth to studio_editor;
grant all on all tables in schema public to studio_editor;
grant execute on all functions in schema public, extensions to studio_editor;

insert into auth.users (id, email) values ('54000000-0000-4000-8000-0000000000a9', 'staff-54@templates.test');
insert into public.clinics (id, name, timezone) values
  ('54000000-0000-4000-8000-000000000001', 'Lakeside Physio', 'Europe/London'),
  ('54000000-0000-4000-8000-000000000002', 'Other Clinic', 'Europe/London');
insert into public.staff (clinic_id, user_id) values ('54000000-0000-4000-8000-000000000001', '54000000-0000-4000-8000-0000000000a9');

set local role studio_editor;

select lives_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'reminder', 'en', 'Hi {patient}, see you {day} at {time} for your {service} with {provider} at {clinic}.')$$,
  'a reminder template using every placeholder a reminder fills is saved'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'reminder', 'es', 'Hasta {mañana}')$$,
  'ST003',
  'message_templates: unknown placeholder {mañana}: reminder messages can use {patient}, {clinic}, {service}, {provider}, {day}, {time}',
  'an unknown placeholder is refused, named, with what the kind can use'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'hand_back', 'en', 'Back for your {service} on {day}')$$,
  'ST003',
  'message_templates: hand_back messages cannot fill {service}: they can use {patient}, {clinic}',
  'a placeholder the kind cannot fill is refused: a hand-back is about no appointment'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'appointment_booked', 'en', 'Booked, it was {previous_day}')$$,
  'ST003',
  'message_templates: appointment_booked messages cannot fill {previous_day}: they can use {patient}, {clinic}, {service}, {provider}, {day}, {time}',
  'the old time is a move''s alone'
);
select lives_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'appointment_moved', 'en', 'Now {day} {time}, was {previous_day} {previous_time}.'),
           ('54000000-0000-4000-8000-000000000001', 'rebook_offer', 'en', 'Your {service} cannot go ahead: {reason}.'),
           ('54000000-0000-4000-8000-000000000001', 'hand_back', 'pt', 'Olá {patient}, a {clinic} terminou.')$$,
  'a move may name the old time, a rebook offer why, a hand-back the patient and the clinic'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'rebook_offer', 'es', 'Lo sentimos: {Reason}')$$,
  'ST003', null, 'placeholders are lower case, as written in the list'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'staff_reply', 'en', 'Hello')$$,
  'ST003',
  'message_templates: staff_reply messages have no template (only the messages the assistant writes do: reminder, appointment_booked, appointment_cancelled, appointment_moved, rebook_offer, hand_back, campaign)',
  'a kind staff write themselves has no template'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'staff_alert', 'en', 'Patient {patient} needs you')$$,
  'ST003', null, 'nor does a message to staff phones'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'appointment_cancelled', 'en', '   ')$$,
  'ST003', 'message_templates: the text is empty: write the message', 'an empty text is refused'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'appointment_cancelled', 'en', repeat('x', 3001))$$,
  'ST003', 'message_templates: the text is 3001 characters long: at most 3000', 'a text too long to leave room for the choices is refused'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'campaign', 'en', 'We are closed on {day}.')$$,
  'ST003', 'a campaign template needs a name (doctor_away, closed_today): campaigns choose their template by it',
  'a notice template needs a name'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, name, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'reminder', 'friendly', 'pt', 'Até {day}')$$,
  'ST003', 'only campaign templates have a name: leave name empty for a reminder template',
  'only notice templates have a name'
);
select lives_ok(
  $$insert into public.message_templates (clinic_id, kind, name, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'campaign', '  closed_today ', 'en', '{clinic} is closed on {day}: your {service} at {time} cannot go ahead.')$$,
  'a notice template with a name is saved'
);
select is((select name from public.message_templates where kind = 'campaign' and clinic_id = '54000000-0000-4000-8000-000000000001'), 'closed_today', 'its name is kept without surrounding spaces');
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'reminder', 'en', 'Another one for {day}')$$,
  'ST003', 'there is already a reminder template in en: edit that one', 'a second template of one kind and language names the one to edit'
);
select throws_ok(
  $$update public.message_templates set body = 'See you {tomorow}' where kind = 'reminder' and clinic_id = '54000000-0000-4000-8000-000000000001'$$,
  'ST003', null, 'an edit is checked as an insert is'
);
select lives_ok(
  $$update public.message_templates set body = 'See you on {day}, {patient}!' where kind = 'reminder' and clinic_id = '54000000-0000-4000-8000-000000000001'$$,
  'an edit with good placeholders is saved'
);
select ok((select updated_at > created_at or updated_at = now() from public.message_templates where kind = 'reminder' and clinic_id = '54000000-0000-4000-8000-000000000001'), 'and dated');
reset role;

-- A staff login through the Data API: the same checks, its own clinic only.
set local role authenticated;
set local request.jwt.claims to '{"sub": "54000000-0000-4000-8000-0000000000a9", "role": "authenticated"}';
select lives_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'reminder', 'es', 'Hola {patient}, le esperamos el {day} a las {time}.')$$,
  'staff add a template for their clinic through the API'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000001', 'reminder', 'pt', 'Até {amanha}')$$,
  'ST003', null, 'and are refused an unknown placeholder the same way'
);
select throws_ok(
  $$insert into public.message_templates (clinic_id, kind, language, body)
    values ('54000000-0000-4000-8000-000000000002', 'reminder', 'en', 'See you {day}')$$,
  '42501', null, 'but cannot add one to another clinic'
);
select is((select count(*)::int from public.message_templates), 6, 'and see only their own clinic''s templates');
reset role;

select * from finish();
rollback;
