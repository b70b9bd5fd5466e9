-- The bot's claim for the messages the clinic sends first (issue 11; docs/design.md "Messages the
-- clinic sends first"), replacing claim_outbox and outbox_render_context of
-- 20261203100800_update_outbox_for_staff.sql:
--   - p_paced_limit (the contract's optional pacedLimit): at most that many rows of paced kinds
--     (every kind but staff_reply, as the bot paces them) in one claim, so a bot whose daily cap is
--     reached, or whose pacing window is full, still gets staff replies at once. Null (an older bot
--     that does not send it): no separate limit;
--   - campaigns are queued like reminders and rebook offers before claiming;
--   - a reminder is not handed out during the clinic's quiet hours (it waits for their end, or goes
--     at once when their end would be too close to the visit: quiet_hours_send_at), which covers a
--     bot that was offline when the reminder was due;
--   - a reminder or notice whose patient stopped them, and a notice whose patient no longer has an
--     appointment in its audience, are dropped unsent;
--   - the render context carries the clinic's templates for the row's kind (by language), the
--     campaign's text or template name, and whether the appointment is confirmed.

drop function public.claim_outbox(uuid, int, timestamptz);

/**
 * Claims up to p_limit due messages of one channel for sending, at most p_paced_limit of them of
 * paced kinds (all but staff_reply; null: no separate limit): pending rows whose send_after has
 * come, and 'sending' rows whose claim expired unacknowledged (the bot died mid-send). FOR UPDATE
 * SKIP LOCKED lets concurrent claims take disjoint rows without waiting. Each claimed row becomes
 * 'sending' for c_claim_seconds, with one more attempt counted. Rows that used up their attempts
 * while claimed, reminders claimed but not acknowledged whose visit has begun since, and notices of
 * a campaign cancelled since, are marked failed instead of being claimed again. A reminder waits out the clinic's quiet hours
 * (quiet_hours_send_at).
 *
 * Before claiming: the clinic's due reminders, rebook offers and campaigns are enqueued (so they go
 * out where pg_cron is absent), and automatic messages that events overtook before they were
 * written are dropped (a reminder of an appointment cancelled or moved since, an offer for an
 * appointment that no longer needs rebooking, a staff alert waiting for the alert hours whose
 * patient went back to the assistant meanwhile, a reminder or notice to a patient who stopped
 * them, a notice to a patient no longer booked on its day): nothing was sent, so nothing is lost.
 *
 * Each row comes with text when it has one (a staff reply, or a retry of a written message) and
 * otherwise with params and context (outbox_render_context), for the function to write the text and
 * store it with render_outbox.
 */
create function public.claim_outbox(
  p_channel_id uuid,
  p_limit int default 20,
  p_now timestamptz default now(),
  p_paced_limit int default null
)
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
  v_clinic public.clinics;
begin
  if p_limit is null or p_limit < 1 or p_limit > c_max_limit then
    raise exception 'limit must be between 1 and %', c_max_limit using errcode = '22023';
  end if;
  if p_paced_limit is not null and (p_paced_limit < 0 or p_paced_limit > c_max_limit) then
    raise exception 'paced limit must be between 0 and %', c_max_limit using errcode = '22023';
  end if;
  select cl.* into v_clinic
    from public.channels ch join public.clinics cl on cl.id = ch.clinic_id
   where ch.id = p_channel_id;
  if not found then
    return;
  end if;
  perform public.enqueue_reminders(p_now, v_clinic.id);
  perform public.enqueue_rebook_offers(v_clinic.id, p_now);
  perform public.enqueue_campaigns(p_now, v_clinic.id);

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
                where a.id = (s.params ->> 'alertId')::uuid and a.closed_at is not null))
          or (public.outbox_kind_respects_opt_out(s.kind) and exists (
               select 1 from public.patients p where p.id = s.patient_id and p.opted_out_at is not null))
          or (s.kind = 'campaign' and not exists (
               select 1 from public.campaigns c
                 join public.appointments a
                   on a.clinic_id = c.clinic_id and a.patient_id = s.patient_id and a.status = 'booked'
                  and a.starts_at > p_now
                  and a.starts_at >= c.day::timestamp at time zone v_clinic.timezone
                  and a.starts_at < (c.day + 1)::timestamp at time zone v_clinic.timezone
                  and (c.provider_id is null or a.provider_id = c.provider_id)
                where c.id = s.campaign_id and c.status = 'sending')))
      for update skip locked);

  -- Handed out and never acknowledged (the bot died), and overtaken since: a reminder whose visit
  -- has begun, a notice of a campaign staff cancelled. Not handed out again: it failed, saying why
  -- (it may have gone out; the history keeps the row).
  update public.outbox o
     set status = 'failed',
         claimed_until = null,
         last_error = coalesce(o.last_error, case o.kind
           when 'reminder' then 'the visit began before the reminder was acknowledged'
           else 'the campaign was cancelled before this was acknowledged' end)
   where o.channel_id = p_channel_id
     and o.status = 'sending'
     and o.claimed_until < p_now
     and ((o.kind = 'reminder' and not exists (
            select 1 from public.appointments a
             where a.id = o.appointment_id and a.status = 'booked' and a.starts_at > p_now))
       or (o.kind = 'campaign' and exists (
            select 1 from public.campaigns c where c.id = o.campaign_id and c.status = 'cancelled')));

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
    with unpaced as (
      select o.id, o.send_after, o.created_at
        from public.outbox o
       where o.channel_id = p_channel_id
         and o.kind = 'staff_reply'
         and ((o.status = 'pending' and o.send_after <= p_now)
              or (o.status = 'sending' and o.claimed_until < p_now))
         and o.attempts < c_max_attempts
       order by o.send_after, o.created_at
       limit p_limit
       for update skip locked
    ),
    paced as (
      select o.id, o.send_after, o.created_at
        from public.outbox o
       where o.channel_id = p_channel_id
         and o.kind <> 'staff_reply'
         and ((o.status = 'pending' and o.send_after <= p_now)
              or (o.status = 'sending' and o.claimed_until < p_now))
         and o.attempts < c_max_attempts
         and (o.kind <> 'reminder'
              or public.quiet_hours_send_at(p_now, (select a.starts_at from public.appointments a where a.id = o.appointment_id),
                                            v_clinic.timezone, v_clinic.quiet_hours_start, v_clinic.quiet_hours_end,
                                            v_clinic.min_notice_minutes) <= p_now)
       order by o.send_after, o.created_at
       limit least(p_limit, coalesce(p_paced_limit, p_limit))
       for update skip locked
    ),
    due as (
      select d.id, d.send_after, d.created_at
        from (select * from unpaced union all select * from paced) d
       order by d.send_after, d.created_at
       limit p_limit
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

comment on function public.claim_outbox(uuid, int, timestamptz, int) is
  'Claims due outgoing messages of one WhatsApp number for the bot to send (skipping rows another claim holds, at most p_paced_limit proactive ones), with what their texts are written from.';

revoke execute on function public.claim_outbox(uuid, int, timestamptz, int) from public, anon, authenticated;
grant execute on function public.claim_outbox(uuid, int, timestamptz, int) to service_role;

/**
 * Everything the function needs to write the text of outbox row p_row at p_now (docs/design.md,
 * "Outbox kinds", "Messages the clinic sends first"): {clinic: {name, timezone, language, locale},
 * patient: {name, pushName, language} | null, conversation: {mode, state, version, pausedUntil,
 * lastInboundAt, updatedAt, sessionIdleMinutes} | null, appointment: {id, status, serviceId,
 * serviceName, providerId, providerName, startsAt, endsAt, confirmedAt} | null (for a campaign: the
 * patient's first booked appointment of its day), freeTimes: {day, providerId, slots: [{slotId,
 * startsAt, providerId}]} | null (rebook offers only), catalog: {services: {id: {name, names}},
 * providers: {id: {name, names}}}, staff: {name, language} | null (messages to an alert phone),
 * templates: {language: body} (the clinic's wording of this kind, for a campaign of its template),
 * campaign: {id, text, templateName} | null}.
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
  v_campaign public.campaigns;
  v_free jsonb;
begin
  select * into v_clinic from public.clinics where id = p_row.clinic_id;
  select * into v_patient from public.patients where id = p_row.patient_id;
  select * into v_conversation from public.conversations where id = p_row.conversation_id;
  select * into v_campaign from public.campaigns where id = p_row.campaign_id;
  if v_campaign.id is not null then
    -- The patient's first appointment of the day that is still booked (they may have moved one).
    select a.* into v_appointment
      from public.appointments a
     where a.clinic_id = v_campaign.clinic_id and a.patient_id = p_row.patient_id and a.status = 'booked'
       and a.starts_at >= v_campaign.day::timestamp at time zone v_clinic.timezone
       and a.starts_at < (v_campaign.day + 1)::timestamp at time zone v_clinic.timezone
       and (v_campaign.provider_id is null or a.provider_id = v_campaign.provider_id)
     order by a.starts_at
     limit 1;
  end if;
  if v_appointment.id is null then
    select * into v_appointment from public.appointments where id = p_row.appointment_id;
  end if;
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
      'endsAt', public.utc_iso(v_appointment.ends_at),
      'confirmedAt', public.utc_iso(v_appointment.confirmed_at)) end,
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
          from public.providers pr where pr.clinic_id = v_clinic.id), '{}'::jsonb)),
    'templates', coalesce((
      select pg_catalog.jsonb_object_agg(t.language, t.body)
        from public.message_templates t
       where t.clinic_id = v_clinic.id and t.kind = p_row.kind
         and t.name is not distinct from (case when p_row.kind = 'campaign' then v_campaign.template_name end)), '{}'::jsonb),
    'campaign', case when v_campaign.id is not null then pg_catalog.jsonb_build_object(
      'id', v_campaign.id,
      'text', v_campaign.text,
      'templateName', v_campaign.template_name) end
  );
end;
$$;
revoke execute on function public.outbox_render_context(public.outbox, timestamptz) from public, anon, authenticated;
grant execute on function public.outbox_render_context(public.outbox, timestamptz) to service_role;
