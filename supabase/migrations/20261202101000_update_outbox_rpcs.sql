-- The bot's side of the outbox, through the whatsapp-webhook function, with messages written at
-- claim time (docs/design.md "Outbox kinds"):
--   claim  claim_outbox (due rows, each with what its text is written from), the function writes
--          the texts, render_outbox stores them (and a next conversation state) or fails the rows it
--          could not write: two round trips for any batch
--   ack    ack_outbox: sent (history, WhatsApp id, next state applied if the chat is still as it
--          was when the text was written and with the bot) or failed (retried later, then given up)
--
-- A row keeps the text of its first writing: a retry after a failed send sends the same words, and
-- the history shows exactly what went out.

/** The first day after p_now with free times for p_service_id, and that day's free start times (one per start, the given practitioner's first): {day, slots: [{slotId, startsAt}]}, or null. */
create or replace function public.first_free_times(
  p_clinic_id uuid,
  p_service_id uuid,
  p_now timestamptz,
  p_prefer_provider_id uuid default null
)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  -- Enough rows for a full day of a few practitioners (available_slots caps at 1000).
  c_day_limit constant int := 500;
  v_clinic public.clinics;
  v_day date;
begin
  select * into v_clinic from public.clinics where id = p_clinic_id;
  if not found or not exists (select 1 from public.services where id = p_service_id and clinic_id = p_clinic_id and active) then
    return null;
  end if;
  select (s.starts_at at time zone v_clinic.timezone)::date into v_day
    from public.available_slots(p_clinic_id, p_service_id, p_now,
                                p_now + pg_catalog.make_interval(days => v_clinic.booking_horizon_days), p_now, 1) s;
  if v_day is null then
    return null;
  end if;
  return (
    select pg_catalog.jsonb_build_object(
             'day', pg_catalog.to_char(v_day, 'YYYY-MM-DD'),
             'slots', pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('slotId', t.slot_id, 'startsAt', public.utc_iso(t.starts_at))
                                           order by t.starts_at))
      from (select distinct on (s.starts_at) s.slot_id, s.starts_at
              from public.available_slots(p_clinic_id, p_service_id,
                                          v_day::timestamp at time zone v_clinic.timezone,
                                          (v_day + 1)::timestamp at time zone v_clinic.timezone,
                                          p_now, c_day_limit) s
             order by s.starts_at, (s.provider_id = p_prefer_provider_id) desc nulls last, s.provider_name) t
  );
end;
$$;
revoke execute on function public.first_free_times(uuid, uuid, timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.first_free_times(uuid, uuid, timestamptz, uuid) to service_role;

/**
 * Everything the function needs to write the text of outbox row p_row at p_now (docs/design.md,
 * "Outbox kinds"): {clinic: {name, timezone, language, locale}, patient: {name, pushName, language}
 * | null, conversation: {mode, state, version, pausedUntil, lastInboundAt, updatedAt,
 * sessionIdleMinutes} | null, appointment: {id, status, serviceId, serviceName, providerName,
 * startsAt, endsAt} | null, freeTimes: first_free_times(...) | null (rebook offers only)}.
 * Languages and locale are read by name from the rows, null where those columns do not exist yet.
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
begin
  select * into v_clinic from public.clinics where id = p_row.clinic_id;
  select * into v_patient from public.patients where id = p_row.patient_id;
  select * into v_conversation from public.conversations where id = p_row.conversation_id;
  select * into v_appointment from public.appointments where id = p_row.appointment_id;
  return pg_catalog.jsonb_build_object(
    'clinic', pg_catalog.jsonb_build_object(
      'name', v_clinic.name,
      'timezone', v_clinic.timezone,
      'language', pg_catalog.to_jsonb(v_clinic) ->> 'language',
      'locale', pg_catalog.to_jsonb(v_clinic) ->> 'locale'),
    'patient', case when v_patient.id is not null then pg_catalog.jsonb_build_object(
      'name', v_patient.name,
      'pushName', v_patient.push_name,
      'language', pg_catalog.to_jsonb(v_patient) ->> 'language') end,
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
      'providerName', (select pr.name from public.providers pr where pr.id = v_appointment.provider_id),
      'startsAt', public.utc_iso(v_appointment.starts_at),
      'endsAt', public.utc_iso(v_appointment.ends_at)) end,
    'freeTimes', case when p_row.kind = 'rebook_offer' and v_appointment.id is not null then
      public.first_free_times(v_appointment.clinic_id, v_appointment.service_id, p_now, v_appointment.provider_id) end
  );
end;
$$;
revoke execute on function public.outbox_render_context(public.outbox, timestamptz) from public, anon, authenticated;
grant execute on function public.outbox_render_context(public.outbox, timestamptz) to service_role;

drop function public.claim_outbox(uuid, int, timestamptz);

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
 * no longer needs rebooking): nothing was sent, so nothing is lost.
 *
 * Each row comes with text when it has one (a staff reply, or a retry of a written message) and
 * otherwise with params and context (outbox_render_context), for the function to write the text and
 * store it with render_outbox.
 */
create function public.claim_outbox(p_channel_id uuid, p_limit int default 20, p_now timestamptz default now())
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
               select 1 from public.appointments_to_rebook r where r.appointment_id = s.appointment_id)))
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
 * Stores the texts the function wrote for claimed rows of this channel: p_rendered is a JSON array
 * of {id, text, nextState?, stateVersion?} (nextState: the conversation state to apply once sent,
 * computed against conversation version stateVersion) or {id, error} for a row it could not write,
 * which fails at once with the reason (it would fail again on every retry). Only rows still being
 * sent and not written yet change; returns how many did.
 */
create or replace function public.render_outbox(p_channel_id uuid, p_rendered jsonb, p_now timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_max_error_chars constant int := 1000;
  v_written int;
begin
  if p_rendered is null or pg_catalog.jsonb_typeof(p_rendered) <> 'array' then
    raise exception 'rendered must be an array' using errcode = '22023';
  end if;
  with items as (
    select *
      from pg_catalog.jsonb_to_recordset(p_rendered) as x (id uuid, text text, "nextState" jsonb, "stateVersion" int, error text)
     where x.text is not null or x.error is not null
  )
  update public.outbox o
     set text = i.text,
         rendered_at = case when i.error is null then p_now end,
         next_state = case when i.error is null and pg_catalog.jsonb_typeof(i."nextState") = 'object' then i."nextState" end,
         next_state_version = case when i.error is null and pg_catalog.jsonb_typeof(i."nextState") = 'object' then i."stateVersion" end,
         status = case when i.error is null then o.status else 'failed' end,
         claimed_until = case when i.error is null then o.claimed_until end,
         last_error = case when i.error is null then o.last_error
                           else left('could not write the message: ' || i.error, c_max_error_chars) end
    from items i
   where o.id = i.id and o.channel_id = p_channel_id and o.status = 'sending' and o.text is null;
  get diagnostics v_written = row_count;
  return v_written;
end;
$$;

comment on function public.render_outbox(uuid, jsonb, timestamptz) is
  'Stores the texts (and next conversation states) the function wrote for claimed outgoing messages.';

revoke execute on function public.render_outbox(uuid, jsonb, timestamptz) from public, anon, authenticated;
grant execute on function public.render_outbox(uuid, jsonb, timestamptz) to service_role;

drop function public.ack_outbox(uuid, uuid, text, text, timestamptz);

/**
 * Records the outcome of sending a claimed message and returns the row's status afterwards.
 * sent: the row is sent with WhatsApp's id of it, the text joins the conversation's history, and a
 * next state the row carries is applied if the conversation is still at the version it was written
 * for (nothing happened in it since), is with the bot and not paused; applying it bumps the version
 * (a repeated ack changes nothing). failed: the row returns to pending with a doubling delay, or
 * fails for good after c_max_attempts. A failure report for a row that is no longer being sent
 * changes nothing. An id that is not this channel's written outbox row raises OB001.
 * p_wa_message_id comes last so that positional calls of the earlier signature keep working.
 */
create function public.ack_outbox(
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
    v_conversation_id := v_row.conversation_id;
    if v_conversation_id is null and v_row.patient_id is not null then
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

comment on function public.ack_outbox(uuid, uuid, text, text, timestamptz, text) is
  'Records whether the bot sent a claimed message (with WhatsApp''s id of it); failed ones are retried later, up to a limit.';

revoke execute on function public.ack_outbox(uuid, uuid, text, text, timestamptz, text) from public, anon, authenticated;
grant execute on function public.ack_outbox(uuid, uuid, text, text, timestamptz, text) to service_role;
