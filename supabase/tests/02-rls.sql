-- Row level security on every table: anon sees and writes nothing, a login without a staff row sees
-- and changes nothing, staff of clinic A see and change only clinic A (never clinic B: no insert,
-- update or delete reaches it), never channel secrets, and the service role sees everything.
-- The checks run table by table over tables_with_rows, which must list every table in public.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(224);

-- Two clinics with one row in every table each. Ids: clinic A = ...a1, clinic B = ...b1.
insert into auth.users (id, email) values
  ('02000000-0000-4000-8000-0000000000a9', 'staff-a@rls.test'),
  ('02000000-0000-4000-8000-0000000000b9', 'staff-b@rls.test'),
  ('02000000-0000-4000-8000-0000000000c9', 'nobody@rls.test');
insert into clinics (id, name, timezone) values
  ('02000000-0000-4000-8000-0000000000a1', 'Clinic A', 'Europe/Lisbon'),
  ('02000000-0000-4000-8000-0000000000b1', 'Clinic B', 'America/New_York');
insert into staff (clinic_id, user_id) values
  ('02000000-0000-4000-8000-0000000000a1', '02000000-0000-4000-8000-0000000000a9'),
  ('02000000-0000-4000-8000-0000000000b1', '02000000-0000-4000-8000-0000000000b9');
insert into channels (id, clinic_id, phone, secret)
select ('02000000-0000-4000-8000-0000000000' || k || '2')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       case k when 'a' then '+351210000201' else '+15550000201' end, repeat(k, 40)
  from unnest(array['a', 'b']) k;
insert into providers (id, clinic_id, name)
select ('02000000-0000-4000-8000-0000000000' || k || '3')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, 'Dr ' || k
  from unnest(array['a', 'b']) k;
insert into services (id, clinic_id, name, duration_minutes)
select ('02000000-0000-4000-8000-0000000000' || k || '4')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, 'Visit', 30
  from unnest(array['a', 'b']) k;
insert into provider_services (clinic_id, provider_id, service_id)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '3')::uuid,
       ('02000000-0000-4000-8000-0000000000' || k || '4')::uuid
  from unnest(array['a', 'b']) k;
insert into working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '3')::uuid, 1, '09:00', '12:00'
  from unnest(array['a', 'b']) k;
insert into closures (clinic_id, starts_at, ends_at, reason)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, '2030-12-25', '2030-12-26', 'Holiday'
  from unnest(array['a', 'b']) k;
insert into patients (id, clinic_id, phone)
select ('02000000-0000-4000-8000-0000000000' || k || '5')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       case k when 'a' then '+351910000201' else '+15550000299' end
  from unnest(array['a', 'b']) k;
insert into conversations (id, clinic_id, channel_id, patient_id, chat_jid)
select ('02000000-0000-4000-8000-0000000000' || k || '6')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       ('02000000-0000-4000-8000-0000000000' || k || '2')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '5')::uuid, k || '@s.whatsapp.net'
  from unnest(array['a', 'b']) k;
insert into messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '2')::uuid,
       ('02000000-0000-4000-8000-0000000000' || k || '6')::uuid, 'in', 'hello', 'wa-' || k
  from unnest(array['a', 'b']) k;
insert into slots (id, clinic_id, provider_id, starts_at, ends_at, status)
select ('02000000-0000-4000-8000-0000000000' || k || s)::uuid, ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid,
       ('02000000-0000-4000-8000-0000000000' || k || '3')::uuid,
       timestamptz '2030-01-07 09:00Z' + (s::int - 7) * interval '30 minutes',
       timestamptz '2030-01-07 09:30Z' + (s::int - 7) * interval '30 minutes',
       (case s when '7' then 'booked' else 'open' end)::slot_status
  from unnest(array['a', 'b']) k cross join unnest(array['7', '8']) s;
-- booked_by 'patient': the fixture books the slots itself (inserted booked above), as confirm_hold does.
insert into appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '7')::uuid,
       ('02000000-0000-4000-8000-0000000000' || k || '5')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '4')::uuid,
       ('02000000-0000-4000-8000-0000000000' || k || '3')::uuid, '2030-01-07 09:00Z', '2030-01-07 09:30Z', 'patient'
  from unnest(array['a', 'b']) k;
-- One appointment today (clinic local date) per clinic, for the agenda view.
insert into slots (id, clinic_id, provider_id, starts_at, ends_at, status)
select ('02000000-0000-4000-8000-0000000000' || k || '9')::uuid, c.id, ('02000000-0000-4000-8000-0000000000' || k || '3')::uuid,
       ((now() at time zone c.timezone)::date + time '23:00') at time zone c.timezone,
       ((now() at time zone c.timezone)::date + time '23:30') at time zone c.timezone, 'booked'
  from unnest(array['a', 'b']) k
  join clinics c on c.id = ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid;
insert into appointments (clinic_id, slot_id, patient_id, service_id, provider_id, starts_at, ends_at, booked_by)
select s.clinic_id, s.id, ('02000000-0000-4000-8000-0000000000' || k || '5')::uuid, ('02000000-0000-4000-8000-0000000000' || k || '4')::uuid,
       s.provider_id, s.starts_at, s.ends_at, 'patient'
  from unnest(array['a', 'b']) k
  join slots s on s.id = ('02000000-0000-4000-8000-0000000000' || k || '9')::uuid;
insert into faqs (clinic_id, question, answer, keywords)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, 'Hours?', 'Nine to five.', '{hours}'
  from unnest(array['a', 'b']) k;
insert into outbox (conversation_id, text)
select ('02000000-0000-4000-8000-0000000000' || k || '6')::uuid, 'Hello from the clinic'
  from unnest(array['a', 'b']) k;
insert into message_templates (clinic_id, kind, language, body)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, 'reminder', 'en', 'See you {day} at {time}.'
  from unnest(array['a', 'b']) k;
insert into campaigns (clinic_id, day, text, send_at)
select ('02000000-0000-4000-8000-0000000000' || k || '1')::uuid, date '2030-12-20', 'We close early on {day}.', '2030-12-20 08:00Z'
  from unnest(array['a', 'b']) k;
insert into turns (clinic_id, conversation_id, message_id, gate, mode_before, mode_after, state_before, state_after,
                   version_after, reply, duration_ms)
select m.clinic_id, m.conversation_id, m.id, 'step', 'bot', 'bot', '{}', '{}', 1, 'Hi!', 12
  from messages m where m.wa_message_id in ('wa-a', 'wa-b');
insert into staff_alerts (clinic_id, conversation_id, patient_id, reference, reason, message_id, last_message)
select m.clinic_id, m.conversation_id, c.patient_id, case when m.wa_message_id = 'wa-a' then 'BBBB' else 'CCCC' end,
       'asked_for_staff', m.id, m.body
  from messages m join conversations c on c.id = m.conversation_id where m.wa_message_id in ('wa-a', 'wa-b');
insert into staff_messages (clinic_id, channel_id, wa_message_id, body, outcome)
select m.clinic_id, m.channel_id, 'staff-' || m.wa_message_id, 'hello?', 'help'
  from messages m where m.wa_message_id in ('wa-a', 'wa-b');
insert into dead_letters (clinic_id, channel_id, wa_message_id, message_id, conversation_id, reason)
select m.clinic_id, m.channel_id, m.wa_message_id, m.id, m.conversation_id, 'function unavailable'
  from messages m where m.wa_message_id in ('wa-a', 'wa-b');

/** The distinct clinics whose rows the current role can see in p_table (RLS applied). */
create function pg_temp.visible_clinics(p_table text) returns uuid[] language plpgsql as $$
declare
  v_clinics uuid[];
begin
  execute format(
    'select coalesce(array_agg(distinct %s order by %s), ''{}'') from public.%I',
    case p_table when 'clinics' then 'id' else 'clinic_id' end,
    case p_table when 'clinics' then 'id' else 'clinic_id' end,
    p_table
  ) into v_clinics;
  return v_clinics;
end;
$$;
create temp table tables_with_rows (name text) on commit drop;
insert into tables_with_rows values ('clinics'), ('staff'), ('channels'), ('providers'), ('services'),
  ('provider_services'), ('working_hours'), ('closures'), ('patients'), ('conversations'), ('messages'),
  ('slots'), ('appointments'), ('faqs'), ('outbox'), ('turns'), ('staff_alerts'), ('staff_messages'), ('dead_letters'),
  ('message_templates'), ('campaigns');
grant select on tables_with_rows to anon, authenticated, service_role;
select set_eq(
  $$select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')$$,
  $$select name from tables_with_rows$$,
  'these tests cover every table in public'
);

-- One row of clinic B per table, as a template for writes that must not reach clinic B: its id,
-- and a copy with a fresh id and without generated columns. The outbox copy is a staff reply, the
-- only kind staff may add, so that only the clinic stands in the way.
create temp table b_rows (name text primary key, b_id uuid not null, copy jsonb not null) on commit drop;
do $$
declare
  v_name text;
begin
  for v_name in select name from tables_with_rows loop
    execute format(
      $f$insert into b_rows
         select %L, t.id, (to_jsonb(t) || jsonb_build_object('id', gen_random_uuid()))
                          - array(select a.attname::text from pg_attribute a
                                   where a.attrelid = %L::regclass and a.attgenerated <> '')
           from public.%I t where t.%I = '02000000-0000-4000-8000-0000000000b1' order by t.id limit 1$f$,
      v_name, 'public.' || v_name, v_name, case v_name when 'clinics' then 'id' else 'clinic_id' end
    );
  end loop;
end
$$;
update b_rows set copy = copy || '{"kind": "staff_reply"}' where name = 'outbox';
grant select on b_rows to anon, authenticated, service_role;

/**
 * How many rows p_write (an insert, update or delete) changed; 0 when it was refused (42501).
 * The write is always undone, so a write that wrongly succeeds fails its own test and no other.
 */
create function pg_temp.rows_written(p_write text) returns int language plpgsql as $$
declare
  v_count int;
begin
  execute 'with written as (' || p_write || ' returning 1) select count(*)::int from written' into v_count;
  raise exception 'undo the write' using errcode = 'TUNDO';
exception
  when insufficient_privilege then
    return 0;
  when sqlstate 'TUNDO' then
    -- The subtransaction is rolled back; the PL/pgSQL variable keeps the count.
    return v_count;
end;
$$;

/**
 * Inserts clinic B's template row of p_table. Only the columns the current role may insert, when
 * it may insert some, so that a refusal comes from RLS rather than from a missing column privilege.
 */
create function pg_temp.insert_b_copy(p_table text) returns int language plpgsql as $$
declare
  v_copy jsonb := (select copy from b_rows where name = p_table);
  v_columns text;
begin
  select coalesce(
           string_agg(quote_ident(k), ', ') filter (where has_column_privilege(('public.' || quote_ident(p_table))::regclass, k, 'INSERT')),
           string_agg(quote_ident(k), ', '))
    into v_columns
    from jsonb_object_keys(v_copy) k;
  return pg_temp.rows_written(format('insert into public.%I (%s) select %s from jsonb_populate_record(null::public.%I, %L::jsonb)',
                                     p_table, v_columns, v_columns, p_table, v_copy));
end;
$$;

/** Updates clinic B's row of p_table, setting a column the current role may update if there is one. */
create function pg_temp.update_b_row(p_table text) returns int language plpgsql as $$
declare
  v_column text := coalesce(
    (select a.attname::text from pg_attribute a
      where a.attrelid = ('public.' || quote_ident(p_table))::regclass and a.attnum > 0 and not a.attisdropped
        and a.attgenerated = '' and has_column_privilege(a.attrelid, a.attnum, 'UPDATE')
      order by a.attnum limit 1),
    'id');
begin
  return pg_temp.rows_written(format('update public.%I set %I = %I where id = %L',
                                     p_table, v_column, v_column, (select b_id from b_rows where name = p_table)));
end;
$$;

/** Deletes clinic B's row of p_table. */
create function pg_temp.delete_b_row(p_table text) returns int language plpgsql as $$
begin
  return pg_temp.rows_written(format('delete from public.%I where id = %L', p_table, (select b_id from b_rows where name = p_table)));
end;
$$;

/** True while clinic B's template row of p_table is still there. */
create function pg_temp.b_row_exists(p_table text) returns boolean language plpgsql as $$
declare
  v_exists boolean;
begin
  execute format('select exists (select 1 from public.%I where id = %L)', p_table, (select b_id from b_rows where name = p_table))
    into v_exists;
  return v_exists;
end;
$$;
grant execute on all functions in schema pg_temp to anon, authenticated, service_role;

-- anon: no privileges at all, so every read and write is refused outright.
set local role anon;
select throws_ok(format('select 1 from public.%I', name), '42501', null, 'anon cannot read ' || name)
  from tables_with_rows order by name;
select throws_ok(format('insert into public.%I default values', name), '42501', null, 'anon cannot insert into ' || name)
  from tables_with_rows order by name;
select throws_ok(format('update public.%I set id = id', name), '42501', null, 'anon cannot update ' || name)
  from tables_with_rows order by name;
select throws_ok(format('delete from public.%I', name), '42501', null, 'anon cannot delete from ' || name)
  from tables_with_rows order by name;
reset role;

-- A login without a staff row sees nothing anywhere.
set local role authenticated;
set local request.jwt.claims to '{"sub": "02000000-0000-4000-8000-0000000000c9", "role": "authenticated"}';
select is_empty(
  $$select name from tables_with_rows where cardinality(pg_temp.visible_clinics(name)) > 0$$,
  'a login without a staff row sees no row in any table'
);
select is_empty(
  $$select name from tables_with_rows where pg_temp.update_b_row(name) + pg_temp.delete_b_row(name) > 0$$,
  'a login without a staff row updates and deletes no row in any table'
);
select is_empty(
  $$select name from tables_with_rows where pg_temp.insert_b_copy(name) > 0$$,
  'a login without a staff row inserts no row into any table'
);
reset role;

-- Staff of clinic A see exactly clinic A's rows in every table.
set local role authenticated;
set local request.jwt.claims to '{"sub": "02000000-0000-4000-8000-0000000000a9", "role": "authenticated"}';
select is(pg_temp.visible_clinics(name), array['02000000-0000-4000-8000-0000000000a1'::uuid],
          'staff of clinic A see only clinic A in ' || name)
  from tables_with_rows order by name;
select is((select appointment_id from public.todays_agenda),
          (select id from public.appointments where slot_id = '02000000-0000-4000-8000-0000000000a9'),
          'today''s agenda shows only clinic A''s appointment of today');
select is((select count(*)::int from public.upcoming_appointments where local_date > current_date + 1), 1,
          'the upcoming view shows only clinic A''s future appointment');

-- Channel secrets stay hidden; the number does not.
select throws_ok($$select secret from public.channels$$, '42501', null, 'staff cannot read a channel secret');
select throws_ok($$select previous_secrets from public.channels$$, '42501', null, 'staff cannot read previous channel secrets');
select is((select phone from public.channels), '+351210000201', 'staff can see their own WhatsApp number');

-- Conversations: mode can be switched both ways, state cannot be touched, clinic B is out of reach.
update public.conversations set mode = 'human' where id = '02000000-0000-4000-8000-0000000000a6';
select is((select mode from public.conversations where id = '02000000-0000-4000-8000-0000000000a6'), 'human'::conversation_mode,
          'staff hand a conversation to a human');
select is((select count(*)::int from public.conversations_waiting_for_staff), 1, 'the handed-over conversation waits for staff');
update public.conversations set mode = 'bot' where id = '02000000-0000-4000-8000-0000000000a6';
select is((select mode from public.conversations where id = '02000000-0000-4000-8000-0000000000a6'), 'bot'::conversation_mode,
          'staff give a conversation back to the bot');
select throws_ok($$update public.conversations set state = '{}' where id = '02000000-0000-4000-8000-0000000000a6'$$,
                 '42501', null, 'staff cannot edit the bot''s conversation state');
select is_empty($$update public.conversations set mode = 'human' where id = '02000000-0000-4000-8000-0000000000b6' returning id$$,
                'staff cannot switch a conversation of another clinic');

-- Outbox: a staff reply needs only the conversation and the text.
select lives_ok($$insert into public.outbox (conversation_id, text) values ('02000000-0000-4000-8000-0000000000a6', 'We will call you back.')$$,
                'staff reply in their own conversation');
select results_eq(
  $$select clinic_id, channel_id, chat_jid, phone, kind::text, status::text from public.outbox where text = 'We will call you back.'$$,
  $$values ('02000000-0000-4000-8000-0000000000a1'::uuid, '02000000-0000-4000-8000-0000000000a2'::uuid, 'a@s.whatsapp.net',
            '+351910000201', 'staff_reply', 'pending')$$,
  'a staff reply is addressed from its conversation and waits to be sent'
);
select throws_ok($$insert into public.outbox (conversation_id, text) values ('02000000-0000-4000-8000-0000000000b6', 'Hi')$$,
                 '42501', null, 'staff cannot send into a conversation of another clinic');
select throws_ok($$insert into public.outbox (conversation_id, kind) values ('02000000-0000-4000-8000-0000000000a6', 'reminder')$$,
                 '42501', null, 'staff can only add staff replies, not reminders');

-- Slots: block and unblock, nothing else.
update public.slots set status = 'blocked' where id = '02000000-0000-4000-8000-0000000000a8';
select is((select status from public.slots where id = '02000000-0000-4000-8000-0000000000a8'), 'blocked'::slot_status, 'staff block an open slot');
update public.slots set status = 'open' where id = '02000000-0000-4000-8000-0000000000a8';
select is((select status from public.slots where id = '02000000-0000-4000-8000-0000000000a8'), 'open'::slot_status, 'staff unblock a blocked slot');
select throws_ok($$update public.slots set status = 'booked' where id = '02000000-0000-4000-8000-0000000000a8'$$,
                 'ST003', null, 'staff cannot mark a slot booked (a booking is an appointment)');
select is_empty($$update public.slots set status = 'blocked' where id = '02000000-0000-4000-8000-0000000000a7' returning id$$,
                'staff cannot block a booked slot');
select is_empty($$update public.slots set status = 'blocked' where id = '02000000-0000-4000-8000-0000000000b8' returning id$$,
                'staff cannot block a slot of another clinic');

-- FAQs and closures: staff manage their own clinic's.
select lives_ok($$insert into public.faqs (clinic_id, question, answer) values ('02000000-0000-4000-8000-0000000000a1', 'Parking?', 'Next door.')$$,
                'staff add an FAQ');
select isnt_empty($$update public.faqs set answer = 'Nine to six.' where question = 'Hours?' returning id$$, 'staff edit an FAQ');
select throws_ok($$insert into public.faqs (clinic_id, question, answer) values ('02000000-0000-4000-8000-0000000000b1', 'Parking?', 'No.')$$,
                 '42501', null, 'staff cannot add an FAQ to another clinic');
select lives_ok($$insert into public.closures (clinic_id, starts_at, ends_at) values ('02000000-0000-4000-8000-0000000000a1', '2030-08-01', '2030-08-15')$$,
                'staff add a closure');
select throws_ok($$insert into public.closures (clinic_id, starts_at, ends_at) values ('02000000-0000-4000-8000-0000000000b1', '2030-08-01', '2030-08-15')$$,
                 '42501', null, 'staff cannot add a closure to another clinic');
select throws_ok($$select public.claim_slot('02000000-0000-4000-8000-0000000000a6', '02000000-0000-4000-8000-0000000000a5',
                                            '02000000-0000-4000-8000-0000000000a4', '02000000-0000-4000-8000-0000000000a8')$$,
                 '42501', null, 'staff cannot call the booking RPCs');

-- No write of staff A reaches clinic B, in any table.
select is(pg_temp.insert_b_copy(name), 0, 'staff of clinic A cannot insert a clinic B row into ' || name)
  from tables_with_rows order by name;
select is(pg_temp.update_b_row(name), 0, 'staff of clinic A cannot update clinic B''s rows in ' || name)
  from tables_with_rows order by name;
select is(pg_temp.delete_b_row(name), 0, 'staff of clinic A cannot delete clinic B''s rows from ' || name)
  from tables_with_rows order by name;

-- The columns staff may change, changed for real: their own clinic's rows only.
select isnt_empty($$update public.patients set name = 'Ana Silva' where id = '02000000-0000-4000-8000-0000000000a5' returning id$$,
                  'staff correct the name of their clinic''s patient');
select is_empty($$update public.patients set name = 'Mallory' where id = '02000000-0000-4000-8000-0000000000b5' returning id$$,
                'staff cannot rename a patient of another clinic');
select isnt_empty($$update public.appointments set status = 'no_show' where slot_id = '02000000-0000-4000-8000-0000000000a7' returning id$$,
                  'staff mark their clinic''s appointment a no-show');
select is_empty($$update public.appointments set status = 'no_show' where slot_id = '02000000-0000-4000-8000-0000000000b7' returning id$$,
                'staff cannot change the status of an appointment of another clinic');
reset role;

-- The service role sees both clinics everywhere.
set local role service_role;
select ok(pg_temp.visible_clinics(name) @>
          array['02000000-0000-4000-8000-0000000000a1'::uuid, '02000000-0000-4000-8000-0000000000b1'::uuid],
          'the service role sees both clinics in ' || name)
  from tables_with_rows order by name;
select results_eq(
  $$select p.name, a.status::text from public.patients p join public.appointments a on a.patient_id = p.id
     where a.slot_id = '02000000-0000-4000-8000-0000000000b7'$$,
  $$values (null::text, 'booked')$$,
  'clinic B''s patient name and appointment status are as they were'
);
select is_empty(
  $$select name from tables_with_rows where not pg_temp.b_row_exists(name)$$,
  'clinic B still has its row in every table'
);
reset role;

select * from finish();
rollback;
