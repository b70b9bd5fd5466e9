-- The outbox for messages to staff phones (issue 7 §4; docs/design.md "Staff alerts"), replacing
-- outbox_prepare of 20261202100400_alter_outbox_for_rendering.sql, claim_outbox and ack_outbox of
-- 20261202101000_update_outbox_rpcs.sql and outbox_render_context of
-- 20261203100000_update_outbox_render_context.sql:
--   - patient_message rows (a patient's message forwarded to the staff member answering them) are
--     addressed like staff_alert rows: to the staff member's phone, never to a patient's chat;
--   - neither joins the patient's conversation history when sent (ack_outbox);
--   - a staff alert waiting for the alert hours is dropped unsent once its patient is back with the
--     assistant (claim_outbox);
--   - the render context names the staff member and their alert language.

/**
 * Addresses a new outbox row and applies the rules of who may be messaged first.
 *
 * Text: a staff_reply needs it; every other kind must leave it empty (the function writes it).
 * Addressing: from the conversation when given; else from the patient (the appointment's own chat,
 * else their latest chat on an enabled number, on the row's number when it names one; without a
 * chat, their phone number if they gave consent); else, for a staff reply given only a phone number, the clinic's patient with that
 * number. A staff_alert or patient_message goes to the phone given (a staff member's), never to a patient's chat.
 * The channel defaults to the clinic's first enabled number.
 *
 * Not reachable (no chat, no consent, no number, or no enabled number): a staff reply or alert is
 * refused (ST005, saying why); an automatic message is skipped (the trigger returns null, so the
 * insert adds nothing).
 *
 * Security invoker: staff inserting a reply see only their own clinic's conversations and patients,
 * so a conversation of another clinic leaves the row unaddressed and the insert fails.
 */
create or replace function public.outbox_prepare()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_conversation record;
  v_patient record;
  v_automatic boolean := new.kind not in ('staff_reply', 'staff_alert', 'patient_message');
begin
  if new.kind = 'notice' then
    raise exception 'outbox kind "notice" is retired: write a staff_reply, or let the system send its own kinds'
      using errcode = 'ST005';
  end if;
  if new.kind = 'staff_reply' then
    if new.text is null or pg_catalog.btrim(new.text) = '' then
      raise exception 'a staff reply needs its text: write the message in the text column' using errcode = 'ST005';
    end if;
  elsif new.text is not null then
    raise exception 'the assistant writes the text of % messages when it sends them: leave text empty', new.kind
      using errcode = 'ST005', hint = 'To write a message yourself, use kind staff_reply.';
  end if;

  if new.kind in ('staff_alert', 'patient_message') then
    if new.phone is null then
      raise exception 'a message to staff needs the phone number of the staff member' using errcode = 'ST005';
    end if;
    if new.clinic_id is null and new.patient_id is not null then
      select p.clinic_id into new.clinic_id from public.patients p where p.id = new.patient_id;
    end if;
  elsif new.conversation_id is not null then
    select c.clinic_id, c.channel_id, c.patient_id, c.chat_jid, p.phone
      into v_conversation
      from public.conversations c
      join public.patients p on p.id = c.patient_id
     where c.id = new.conversation_id;
    if found then
      new.clinic_id := coalesce(new.clinic_id, v_conversation.clinic_id);
      new.channel_id := coalesce(new.channel_id, v_conversation.channel_id);
      new.patient_id := coalesce(new.patient_id, v_conversation.patient_id);
      new.chat_jid := coalesce(new.chat_jid, v_conversation.chat_jid);
      new.phone := coalesce(new.phone, v_conversation.phone);
    end if;
  else
    if new.patient_id is null and new.phone is not null and new.clinic_id is not null then
      select p.id into new.patient_id from public.patients p where p.clinic_id = new.clinic_id and p.phone = new.phone;
    end if;
    if new.patient_id is null then
      raise exception 'no patient to send to: give the chat (conversation_id), or a patient (patient_id), or the number of a patient of the clinic'
        using errcode = 'ST005';
    end if;
    select p.id, p.clinic_id, p.phone, p.messaging_consent, coalesce(p.name, p.push_name, p.phone, 'this patient') as label
      into v_patient
      from public.patients p where p.id = new.patient_id;
    if not found then
      raise exception 'no patient with id %', new.patient_id using errcode = 'ST005';
    end if;
    new.clinic_id := coalesce(new.clinic_id, v_patient.clinic_id);
    select c.id, c.channel_id, c.chat_jid
      into v_conversation
      from public.conversations c
      join public.channels ch on ch.id = c.channel_id and ch.enabled
     where c.patient_id = new.patient_id
       and (new.channel_id is null or c.channel_id = new.channel_id)
     order by (c.id = (select a.conversation_id from public.appointments a where a.id = new.appointment_id)) desc nulls last,
              c.last_inbound_at desc nulls last, c.created_at desc
     limit 1;
    if found then
      new.conversation_id := v_conversation.id;
      new.channel_id := coalesce(new.channel_id, v_conversation.channel_id);
      new.chat_jid := coalesce(new.chat_jid, v_conversation.chat_jid);
      new.phone := coalesce(new.phone, v_patient.phone);
    elsif v_patient.messaging_consent and v_patient.phone is not null then
      new.phone := v_patient.phone;
    elsif v_automatic then
      return null;
    else
      raise exception '% has never written to the clinic on WhatsApp and has not agreed to messages', v_patient.label
        using errcode = 'ST005',
              hint = 'Tick patients.messaging_consent once the patient agrees to WhatsApp messages from the clinic.';
    end if;
  end if;

  if new.channel_id is null and new.clinic_id is not null then
    select ch.id into new.channel_id
      from public.channels ch
     where ch.clinic_id = new.clinic_id and ch.enabled
     order by ch.created_at, ch.id
     limit 1;
    if new.channel_id is null then
      if v_automatic then
        return null;
      end if;
      raise exception 'the clinic has no enabled WhatsApp number to send from' using errcode = 'ST005';
    end if;
  end if;
  return new;
end;
$$;
revoke execute on function public.outbox_prepare() from public, anon, authenticated;


/**
 * Claims up to p_limit due messages of one channel for sending: pending rows whose send_after has
 * come, and 'sending' rows whose claim expired unacknowledged (the bot died mid-send). FOR UPDATE
 * SKIP LOCKED lets concurrent claims take disjoint rows without waiting. Each claimed row becomes
 * 'sending' for c_claim_seconds, with one more attempt counted. Rows that used up their attempts
 * while claimed are marked failed instead of being claimed again.
 *
 * Before claiming: the clinic's due reminders and rebook offers are enqueued (so they go out where
 * pg_cron is absent), and automatic messages that events overtook before they were written are
 * dropped (a reminder of an appointment cancelled or moved since, an offer for an appointment that
 * no longer needs rebooking, a staff alert waiting for the alert hours whose patient went back to
 * the assistant meanwhile): nothing was sent, so nothing is lost.
 *
 * Each row comes with text when it has one (a staff reply, or a retry of a written message) and
 * otherwise with params and context (outbox_render_context), for the function to write the text and
 * store it with render_outbox.
 */
create or replace function public.claim_outbox(p_channel_id uuid, p_limit int default 20, p_now timestamptz default now())
returns table (id uuid, chat_jid text, phone text, text text, kind text, params jsonb, context jsonb)
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
  -- How long the bot has to send and acknowledge a claimed message before it is claimed again.
  c_claim_seconds constant int := 120;
  -- Same bound as ack_outbox: after this many attempts a message is failed for good.
  c_max_attempts constant int := 5;
  -- The contract's maximum claim (shared/contract/limits.ts MAX_OUTBOX_CLAIM).
  c_max_limit constant int := 50;
  v_clinic_id uuid;
begin
  if p_limit is null or p_limit < 1 or p_limit > c_max_limit then
    raise exception 'limit must be between 1 and %', c_max_limit using errcode = '22023';
  end if;
  select ch.clinic_id into v_clinic_id from public.channels ch where ch.id = p_channel_id;
  if not found then
    return;
  end if;
  perform public.enqueue_reminders(p_now, v_clinic_id);
  perform public.enqueue_rebook_offers(v_clinic_id, p_now);

  delete from public.outbox o
   where o.id in (
     select s.id from public.outbox s
      where s.channel_id = p_channel_id and s.status = 'pending' and s.text is null
        and ((s.kind = 'reminder' and not exists (
               select 1 from public.appointments a
                where a.id = s.appointment_id and a.status = 'booked' and a.starts_at > p_now
                  and public.utc_iso(a.starts_at) = s.params ->> 'startsAt'))
          or (s.kind = 'rebook_offer' and not exists (
               select 1 from public.appointments_to_rebook r where r.appointment_id = s.appointment_id))
          or (s.kind = 'staff_alert' and exists (
               select 1 from public.staff_alerts a
                where a.id = (s.params ->> 'alertId')::uuid and a.closed_at is not null)))
      for update skip locked);

  -- An expired claim that was the last allowed attempt is not retried: it failed.
  update public.outbox o
     set status = 'failed',
         claimed_until = null,
         last_error = coalesce(o.last_error, 'not acknowledged before the claim expired')
   where o.channel_id = p_channel_id
     and o.status = 'sending'
     and o.claimed_until < p_now
     and o.attempts >= c_max_attempts;

  return query
    with due as (
      select o.id
        from public.outbox o
       where o.channel_id = p_channel_id
         and ((o.status = 'pending' and o.send_after <= p_now)
              or (o.status = 'sending' and o.claimed_until < p_now))
         and o.attempts < c_max_attempts
       order by o.send_after, o.created_at
       limit p_limit
       for update skip locked
    ),
    claimed as (
      update public.outbox o
         set status = 'sending',
             attempts = o.attempts + 1,
             claimed_until = p_now + pg_catalog.make_interval(secs => c_claim_seconds)
        from due
       where o.id = due.id
      returning o.*
    )
    select c.id,
           -- A row addressed by phone only is sent to that number's WhatsApp user JID.
           coalesce(c.chat_jid, pg_catalog.ltrim(c.phone, '+') || '@s.whatsapp.net'),
           c.phone,
           c.text,
           c.kind::text,
           c.params,
           case when c.text is null then public.outbox_render_context(c, p_now) end
      from claimed c
     order by c.send_after, c.created_at;
end;
$$;

comment on function public.claim_outbox(uuid, int, timestamptz) is
  'Claims due outgoing messages of one WhatsApp number for the bot to send (skipping rows another claim holds), with what their texts are written from.';

revoke execute on function public.claim_outbox(uuid, int, timestamptz) from public, anon, authenticated;
grant execute on function public.claim_outbox(uuid, int, timestamptz) to service_role;

/**
 * Records the outcome of sending a claimed message and returns the row's status afterwards.
 * sent: the row is sent with WhatsApp's id of it, the text joins the conversation's history (not
 * for messages to staff phones: alerts and forwarded messages are not the patient's chat), and a
 * next state the row carries is applied if the conversation is still at the version it was written
 * for (nothing happened in it since), is with the bot and not paused; applying it bumps the version
 * (a repeated ack changes nothing). failed: the row returns to pending with a doubling delay, or
 * fails for good after c_max_attempts. A failure report for a row that is no longer being sent
 * changes nothing. An id that is not this channel's written outbox row raises OB001.
 * p_wa_message_id comes last so that positional calls of the earlier signature keep working.
 */
create or replace function public.ack_outbox(
  p_channel_id uuid,
  p_id uuid,
  p_status text,
  p_error text default null,
  p_now timestamptz default now(),
  p_wa_message_id text default null
)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_max_attempts constant int := 5;
  -- The first retry waits this long; each later one twice as long as the one before.
  c_retry_base_seconds constant int := 30;
  -- Longest error text kept.
  c_max_error_chars constant int := 1000;
  v_row public.outbox;
  v_conversation_id uuid;
begin
  if p_status is null or p_status not in ('sent', 'failed') then
    raise exception 'status must be sent or failed' using errcode = '22023';
  end if;
  select * into v_row
    from public.outbox o
   where o.id = p_id and o.channel_id = p_channel_id
     for update;
  if not found or v_row.text is null then
    raise exception 'outbox message % not found for this channel', p_id using errcode = 'OB001';
  end if;
  if v_row.status = 'sent' then
    if p_wa_message_id is not null and v_row.wa_message_id is null then
      update public.outbox o set wa_message_id = p_wa_message_id where o.id = p_id;
    end if;
    return 'sent';
  end if;

  if p_status = 'sent' then
    -- Even a late ack (claim expired, or marked failed meanwhile) records the truth: it was sent.
    update public.outbox o
       set status = 'sent', sent_at = p_now, claimed_until = null, wa_message_id = p_wa_message_id
     where o.id = p_id;
    v_conversation_id := case when v_row.kind in ('staff_alert', 'patient_message') then null else v_row.conversation_id end;
    if v_conversation_id is null and v_row.patient_id is not null and v_row.kind not in ('staff_alert', 'patient_message') then
      select c.id into v_conversation_id
        from public.conversations c
       where c.channel_id = v_row.channel_id and c.patient_id = v_row.patient_id;
    end if;
    if v_conversation_id is not null then
      insert into public.messages (clinic_id, channel_id, conversation_id, direction, body, created_at)
      values (v_row.clinic_id, v_row.channel_id, v_conversation_id, 'out', v_row.text, p_now);
      if v_row.next_state is not null then
        update public.conversations c
           set state = v_row.next_state, version = c.version + 1, updated_at = p_now
         where c.id = v_conversation_id
           and c.version = v_row.next_state_version
           and c.mode = 'bot'
           and (c.paused_until is null or c.paused_until <= p_now);
        if found then
          update public.outbox o set next_state_applied_at = p_now where o.id = p_id;
        end if;
      end if;
    end if;
    return 'sent';
  end if;

  if v_row.status <> 'sending' then
    return v_row.status::text;
  end if;
  if v_row.attempts >= c_max_attempts then
    update public.outbox o
       set status = 'failed', claimed_until = null, last_error = left(p_error, c_max_error_chars)
     where o.id = p_id;
    return 'failed';
  end if;
  update public.outbox o
     set status = 'pending',
         claimed_until = null,
         last_error = left(p_error, c_max_error_chars),
         send_after = p_now + pg_catalog.make_interval(
           secs => c_retry_base_seconds * pg_catalog.power(2, greatest(v_row.attempts - 1, 0))
         )
   where o.id = p_id;
  return 'pending';
end;
$$;

revoke execute on function public.ack_outbox(uuid, uuid, text, text, timestamptz, text) from public, anon, authenticated;
grant execute on function public.ack_outbox(uuid, uuid, text, text, timestamptz, text) to service_role;

/**
 * Everything the function needs to write the text of outbox row p_row at p_now (docs/design.md,
 * "Outbox kinds"): {clinic: {name, timezone, language, locale}, patient: {name, pushName, language}
 * | null, conversation: {mode, state, version, pausedUntil, lastInboundAt, updatedAt,
 * sessionIdleMinutes} | null, appointment: {id, status, serviceId, serviceName, providerId,
 * providerName, startsAt, endsAt} | null, freeTimes: {day, providerId, slots: [{slotId, startsAt,
 * providerId}]} | null (rebook offers only: the same practitioner's first free day when the visit
 * cannot go ahead because of a closure or a blocked time, else anyone's), catalog: {services:
 * {id: {name, names}}, providers: {id: {name, names}}}, staff: {name, language} | null (messages to
 * an alert phone: the staff member it goes to, in their alert language, else the clinic's)}.
 */
create or replace function public.outbox_render_context(p_row public.outbox, p_now timestamptz)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_clinic public.clinics;
  v_patient public.patients;
  v_conversation public.conversations;
  v_appointment public.appointments;
  v_free jsonb;
begin
  select * into v_clinic from public.clinics where id = p_row.clinic_id;
  select * into v_patient from public.patients where id = p_row.patient_id;
  select * into v_conversation from public.conversations where id = p_row.conversation_id;
  select * into v_appointment from public.appointments where id = p_row.appointment_id;
  if p_row.kind = 'rebook_offer' and v_appointment.id is not null then
    if p_row.params ->> 'reason' in ('closed', 'blocked') then
      v_free := public.first_free_times(v_appointment.clinic_id, v_appointment.service_id, p_now, v_appointment.provider_id, true);
    end if;
    v_free := coalesce(v_free,
      public.first_free_times(v_appointment.clinic_id, v_appointment.service_id, p_now, v_appointment.provider_id, false));
  end if;
  return pg_catalog.jsonb_build_object(
    'clinic', pg_catalog.jsonb_build_object(
      'name', v_clinic.name,
      'timezone', v_clinic.timezone,
      'language', v_clinic.language,
      'locale', v_clinic.locale),
    'patient', case when v_patient.id is not null then pg_catalog.jsonb_build_object(
      'name', v_patient.name,
      'pushName', v_patient.push_name,
      'language', v_patient.language) end,
    'conversation', case when v_conversation.id is not null then pg_catalog.jsonb_build_object(
      'mode', v_conversation.mode,
      'state', v_conversation.state,
      'version', v_conversation.version,
      'pausedUntil', public.utc_iso(v_conversation.paused_until),
      'lastInboundAt', public.utc_iso(v_conversation.last_inbound_at),
      'updatedAt', public.utc_iso(v_conversation.updated_at),
      'sessionIdleMinutes', v_clinic.session_idle_minutes) end,
    'appointment', case when v_appointment.id is not null then pg_catalog.jsonb_build_object(
      'id', v_appointment.id,
      'status', v_appointment.status,
      'serviceId', v_appointment.service_id,
      'serviceName', (select sv.name from public.services sv where sv.id = v_appointment.service_id),
      'providerId', v_appointment.provider_id,
      'providerName', (select pr.name from public.providers pr where pr.id = v_appointment.provider_id),
      'startsAt', public.utc_iso(v_appointment.starts_at),
      'endsAt', public.utc_iso(v_appointment.ends_at)) end,
    'freeTimes', v_free,
    'staff', case when p_row.kind in ('staff_alert', 'patient_message') then (
      select pg_catalog.jsonb_build_object('name', s.display_name, 'language', coalesce(s.alert_language, v_clinic.language))
        from public.staff s where s.clinic_id = v_clinic.id and s.alert_phone = p_row.phone
       order by s.created_at limit 1) end,
    'catalog', pg_catalog.jsonb_build_object(
      'services', coalesce((
        select pg_catalog.jsonb_object_agg(sv.id, pg_catalog.jsonb_build_object('name', sv.name, 'names', sv.name_translations))
          from public.services sv where sv.clinic_id = v_clinic.id), '{}'::jsonb),
      'providers', coalesce((
        select pg_catalog.jsonb_object_agg(pr.id, pg_catalog.jsonb_build_object('name', pr.name, 'names', pr.name_translations))
          from public.providers pr where pr.clinic_id = v_clinic.id), '{}'::jsonb))
  );
end;
$$;
revoke execute on function public.outbox_render_context(public.outbox, timestamptz) from public, anon, authenticated;
grant execute on function public.outbox_render_context(public.outbox, timestamptz) to service_role;
