-- Staff alerts (issue 7 §4; docs/design.md "Staff alerts"): who is a staff sender, raising an alert
-- (one open alert per conversation; one WhatsApp message per alert phone, inside the clinic's alert
-- hours unless urgent), closing it when the chat goes back to the assistant, and forwarding a
-- patient's messages to the staff member who answers them from the phone. Called by the turn
-- functions, the dead-letter report and the staff-message handler; no text is written here: the
-- function renders staff_alert and patient_message rows from their params when the bot claims them.

/**
 * Who wrote, from a chat JID and the phone the bot resolved: the phone (E.164, from p_phone or a
 * phone-number JID) and the LID (from a @lid JID). A JID is user[:device]@server.
 */
create or replace function public.jid_sender(p_chat_jid text, p_phone text, out phone text, out lid text)
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_user text := split_part(split_part(p_chat_jid, '@', 1), ':', 1);
begin
  phone := p_phone;
  if p_chat_jid like '%@lid' then
    lid := v_user;
  elsif phone is null and p_chat_jid like '%@s.whatsapp.net' and v_user ~ '^[1-9][0-9]{6,14}$' then
    phone := '+' || v_user;
  end if;
end;
$$;
revoke execute on function public.jid_sender(text, text) from public, anon, authenticated;
grant execute on function public.jid_sender(text, text) to service_role;

/**
 * The staff member of p_clinic_id writing from p_phone / p_lid, or a row of nulls. Matched by the
 * alert phone, else by the LID learned for it; a sender known only by a LID not learned yet is
 * matched when they quote an alert (or a forwarded message) the clinic sent to an alert phone: only
 * that phone's chat holds that message. A LID seen with a matched sender is learned, so later
 * LID-only messages match too. A sender with a phone that is no alert phone is never staff.
 */
create or replace function public.staff_sender(
  p_clinic_id uuid,
  p_channel_id uuid,
  p_phone text,
  p_lid text,
  p_quoted_message_id text
)
returns public.staff
language plpgsql
set search_path = ''
as $$
declare
  v_staff public.staff;
begin
  if p_phone is not null or p_lid is not null then
    select s.* into v_staff
      from public.staff s
     where s.clinic_id = p_clinic_id and s.alert_phone is not null
       and (s.alert_phone = p_phone or s.alert_lid = p_lid)
     order by (s.alert_phone = p_phone) desc nulls last
     limit 1;
  end if;
  if v_staff.id is null and p_phone is null and p_quoted_message_id is not null then
    select s.* into v_staff
      from public.outbox o
      join public.staff s on s.clinic_id = o.clinic_id and s.alert_phone = o.phone
     where o.channel_id = p_channel_id and o.wa_message_id = p_quoted_message_id
       and o.kind in ('staff_alert', 'patient_message')
     limit 1;
  end if;
  if v_staff.id is not null and p_lid is not null and v_staff.alert_lid is distinct from p_lid then
    -- The LID belongs to this phone now (a number handed to another colleague takes it along).
    update public.staff set alert_lid = null where clinic_id = p_clinic_id and alert_lid = p_lid and id <> v_staff.id;
    update public.staff set alert_lid = p_lid where id = v_staff.id returning * into v_staff;
  end if;
  return v_staff;
end;
$$;
revoke execute on function public.staff_sender(uuid, uuid, text, text, text) from public, anon, authenticated;
grant execute on function public.staff_sender(uuid, uuid, text, text, text) to service_role;

/** A fresh alert reference: four characters without vowels or look-alikes (0/O, 1/I/L), so no word is one. */
create or replace function public.alert_reference()
returns text
language sql
volatile
set search_path = ''
as $$
  select string_agg(substr('BCDFGHJKMNPQRSTVWXZ23456789', 1 + floor(random() * 27)::int, 1), '')
    from generate_series(1, 4)
$$;
revoke execute on function public.alert_reference() from public, anon, authenticated;
grant execute on function public.alert_reference() to service_role;

/**
 * When an alert of p_clinic may be sent: at once when urgent or inside the clinic's alert hours
 * (clinic local time; an end before the start spans midnight), else at the next start of them.
 */
create or replace function public.alert_send_after(p_clinic public.clinics, p_now timestamptz, p_urgent boolean)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  v_local timestamp := p_now at time zone p_clinic.timezone;
  v_time time := v_local::time;
  v_start time := p_clinic.alert_hours_start;
  v_end time := p_clinic.alert_hours_end;
  v_day date := v_local::date;
begin
  if p_urgent then
    return p_now;
  end if;
  if (v_start < v_end and v_time >= v_start and v_time < v_end)
     or (v_start > v_end and (v_time >= v_start or v_time < v_end)) then
    return p_now;
  end if;
  -- Outside the hours: today's start if it is still ahead, else tomorrow's.
  if v_time >= v_start then
    v_day := v_day + 1;
  end if;
  return (v_day + v_start) at time zone p_clinic.timezone;
end;
$$;
revoke execute on function public.alert_send_after(public.clinics, timestamptz, boolean) from public, anon, authenticated;
grant execute on function public.alert_send_after(public.clinics, timestamptz, boolean) to service_role;

/**
 * The patient of p_conversation_id needs staff (p_reason: asked_for_staff, cooloff, message_failed;
 * p_message_id: their message that says so). Opens an alert with a fresh reference and queues one
 * staff_alert per alert phone of the clinic, sent on the patient's number at once when p_urgent or
 * inside the alert hours, else at their next start. While the conversation has an open alert (staff
 * have not handed it back, or the patient has not gone back to the assistant) a new need adds to it
 * instead: its last message is updated and an urgent need sends alerts still waiting for the
 * alert hours at once. Returns the alert's id.
 */
create or replace function public.raise_staff_alert(
  p_conversation_id uuid,
  p_reason text,
  p_urgent boolean,
  p_message_id uuid,
  p_now timestamptz default now()
)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  -- A reference already taken in the clinic is drawn again (27^4 codes: rarely even once).
  c_attempts constant int := 5;
  v_conversation public.conversations;
  v_clinic public.clinics;
  v_patient public.patients;
  v_alert public.staff_alerts;
  v_body text;
begin
  if p_reason is null or p_reason not in ('asked_for_staff', 'cooloff', 'message_failed') then
    raise exception 'unknown alert reason %', p_reason using errcode = 'BK009';
  end if;
  select * into v_conversation from public.conversations where id = p_conversation_id;
  if not found then
    raise exception 'no conversation %', p_conversation_id using errcode = 'BK009';
  end if;
  select * into v_clinic from public.clinics where id = v_conversation.clinic_id;
  select * into v_patient from public.patients where id = v_conversation.patient_id;
  select m.body into v_body from public.messages m where m.id = p_message_id;

  for v_attempt in 1..c_attempts loop
    select * into v_alert from public.staff_alerts
     where conversation_id = p_conversation_id and closed_at is null
       for update;
    if found then
      update public.staff_alerts
         set last_message = coalesce(v_body, last_message),
             message_id = coalesce(p_message_id, message_id),
             reason = case when p_urgent and not urgent then p_reason else reason end,
             urgent = urgent or coalesce(p_urgent, false)
       where id = v_alert.id;
      -- Alerts still waiting (outside the alert hours) say the latest, and go now if it is urgent.
      update public.outbox o
         set params = o.params || pg_catalog.jsonb_build_object('lastMessage', coalesce(v_body, o.params ->> 'lastMessage'))
                      || case when p_urgent then pg_catalog.jsonb_build_object('urgent', true, 'reason', p_reason) else '{}'::jsonb end,
             send_after = case when p_urgent then least(o.send_after, p_now) else o.send_after end
       where o.kind = 'staff_alert' and o.status = 'pending' and o.text is null
         and o.params ->> 'alertId' = v_alert.id::text;
      return v_alert.id;
    end if;
    begin
      insert into public.staff_alerts (clinic_id, conversation_id, patient_id, reference, reason, urgent, message_id, last_message, created_at)
      values (v_clinic.id, v_conversation.id, v_patient.id, public.alert_reference(), p_reason, coalesce(p_urgent, false),
              p_message_id, v_body, p_now)
      returning * into v_alert;
      exit;
    exception when unique_violation then
      -- The reference was taken, or a concurrent need opened the alert first: look again.
      continue;
    end;
  end loop;
  if v_alert.id is null then
    raise exception 'could not open a staff alert after % attempts', c_attempts using errcode = '40001';
  end if;

  insert into public.outbox (kind, clinic_id, channel_id, patient_id, phone, params, send_after)
  select 'staff_alert', v_clinic.id, v_conversation.channel_id, v_patient.id, s.alert_phone,
         pg_catalog.jsonb_build_object(
           'alertId', v_alert.id,
           'reference', v_alert.reference,
           'patientName', coalesce(v_patient.name, v_patient.push_name),
           'patientPhone', v_patient.phone,
           'reason', v_alert.reason,
           'urgent', v_alert.urgent,
           'lastMessage', v_body),
         public.alert_send_after(v_clinic, p_now, v_alert.urgent)
    from public.staff s
   where s.clinic_id = v_clinic.id and s.alert_phone is not null
   order by s.created_at, s.id;
  return v_alert.id;
end;
$$;
revoke execute on function public.raise_staff_alert(uuid, text, boolean, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.raise_staff_alert(uuid, text, boolean, uuid, timestamptz) to service_role;

/** The conversation is with the assistant again: its open alert is closed (a later need raises a new one). */
create or replace function public.close_staff_alerts(p_conversation_id uuid, p_now timestamptz default now())
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_closed int;
begin
  update public.staff_alerts set closed_at = p_now where conversation_id = p_conversation_id and closed_at is null;
  get diagnostics v_closed = row_count;
  return v_closed;
end;
$$;
revoke execute on function public.close_staff_alerts(uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.close_staff_alerts(uuid, timestamptz) to service_role;

/**
 * Staff hand a conversation back (mode human → bot outside a turn: Studio, the Data API, an alert
 * phone's "bot"): its open alert is closed. Security definer: staff changing mode through the Data
 * API may read alerts but not write them.
 */
create or replace function public.conversations_close_staff_alerts()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.close_staff_alerts(new.id, pg_catalog.now());
  return null;
end;
$$;
revoke execute on function public.conversations_close_staff_alerts() from public, anon, authenticated;

create trigger conversations_close_staff_alerts
  after update of mode on public.conversations
  for each row
  when (old.mode = 'human' and new.mode = 'bot')
  execute function public.conversations_close_staff_alerts();

/**
 * The patient wrote while staff have the conversation: their message goes to the phone of the staff
 * member who answered the open alert from it (kind patient_message, written in that person's alert
 * language at claim). Nothing when nobody answered from a phone (staff in Studio see the chat there).
 */
create or replace function public.forward_to_staff(p_conversation_id uuid, p_message_id uuid, p_now timestamptz default now())
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_forwarded int;
begin
  insert into public.outbox (kind, clinic_id, channel_id, patient_id, phone, params, send_after)
  select 'patient_message', a.clinic_id, c.channel_id, a.patient_id, s.alert_phone,
         pg_catalog.jsonb_build_object(
           'alertId', a.id,
           'reference', a.reference,
           'patientName', coalesce(p.name, p.push_name),
           'patientPhone', p.phone,
           'text', m.body),
         p_now
    from public.staff_alerts a
    join public.staff s on s.id = a.answered_by and s.alert_phone is not null
    join public.conversations c on c.id = a.conversation_id
    join public.patients p on p.id = a.patient_id
    join public.messages m on m.id = p_message_id
   where a.conversation_id = p_conversation_id and a.closed_at is null;
  get diagnostics v_forwarded = row_count;
  return v_forwarded;
end;
$$;
revoke execute on function public.forward_to_staff(uuid, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.forward_to_staff(uuid, uuid, timestamptz) to service_role;
