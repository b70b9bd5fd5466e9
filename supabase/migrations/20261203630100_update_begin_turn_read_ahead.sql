-- begin_turn, replacing 20261203500200_update_begin_turn_prefetch.sql's, changed in its read-ahead
-- part only: what to read ahead is now decided by turn_read_ahead (20261203630000), from the stored
-- step and the patient's text, so begin_turn also reads ahead the free times of the service a
-- number or name at the service step picks, the FAQ matches of a question at the menu, and only a
-- day's free times when the day is picked by its number (issue 10 §2, docs/design.md "Faster turns
-- (issue 10 §2)"). prefetched gains `faq` and `daySlots` (a day's window, under a key of its own so
-- that a function older than this never takes it for the horizon's `slots`). Signature, lock order
-- and every other key unchanged.

/**
 * Records the inbound message once (the unique WhatsApp id decides, never a prior check), resolves
 * the patient and the conversation, and returns what the turn needs. A message from an alert phone
 * of the clinic (staff_sender: by phone, by the LID learned for it, or a LID-only sender quoting an
 * alert, p_quoted_message_id) is no patient's: nothing is recorded and {staff: {id, clinicId}} is
 * returned for answer_staff_message.
 *
 * Returns, for a message already answered: {duplicate: true, completed: true, conversationId, reply}
 * (reply null when the turn decided to stay silent), having written nothing. Otherwise the full
 * context, with duplicate true when the message had been recorded by an earlier, unfinished turn:
 * {duplicate, completed: false, conversationId, inboundMessageId,
 *  conversation: {id, mode, state, version, pausedUntil, previousInboundAt, updatedAt, staffActivityAt},
 *  patient: {id, name, pushName, phone, language (null = the clinic's)},
 *  clinic: {id, name, timezone, holdMinutes, horizonDays, minNoticeMinutes, sessionIdleMinutes,
 *           humanIdleMinutes, cooloffMinutes, rateLimitPerMinute, language, locale, askProvider,
 *           hours: [{weekday, opens 'HH:MM', closes 'HH:MM'}], openWeekdays, closedDays},
 *  services: [{id, name, names: {lang: name}, keywords, durationMinutes, providerIds}],
 *  providers: [{id, name, names: {lang: name}}],
 *  history: [{direction, body}] (oldest first, before this message), inboundLastMinute,
 *  prefetched: turn_read_ahead's answer (appointments, faq, slots, daySlots), {} in staff mode}.
 */
create or replace function public.begin_turn(
  p_channel_id uuid,
  p_message_id text,
  p_chat_jid text,
  p_phone text,
  p_push_name text,
  p_body text,
  p_sent_at timestamptz,
  p_now timestamptz default now(),
  p_quoted_message_id text default null
)
returns jsonb
language plpgsql
set search_path = ''
-- The context query below has a dozen sub-selects; planning it afresh for each call (a custom plan,
-- as PL/pgSQL does for a session's first five calls and whenever it judges one cheaper) cost more
-- than running it. Its parameters are ids and instants, for which one generic plan is as good.
set plan_cache_mode = force_generic_plan
as $$
declare
  -- Earlier messages handed to the FAQ answerer as context.
  c_history_messages constant int := 10;
  -- The window of the per-patient rate limit.
  c_rate_window constant interval := interval '1 minute';
  v_channel public.channels;
  v_clinic public.clinics;
  v_patient_id uuid;
  v_patient public.patients;
  v_conversation public.conversations;
  v_message public.messages;
  v_lid text;
  v_phone text;
  v_staff public.staff;
  v_duplicate boolean := false;
  v_staff_activity_at timestamptz;
  v_prefetched jsonb := '{}'::jsonb;
begin
  if p_message_id is null or p_chat_jid is null or p_body is null then
    raise exception 'message id, chat JID and body are required' using errcode = 'BK009';
  end if;
  select * into v_channel from public.channels where id = p_channel_id and enabled;
  if not found then
    raise exception 'unknown or disabled channel %', p_channel_id using errcode = 'BK009';
  end if;
  select * into v_clinic from public.clinics where id = v_channel.clinic_id;

  select s.phone, s.lid into v_phone, v_lid from public.jid_sender(p_chat_jid, p_phone) s;

  -- Staff answering from an alert phone: never a patient turn (no patient, chat or message here).
  v_staff := public.staff_sender(v_clinic.id, v_channel.id, v_phone, v_lid, p_quoted_message_id);
  if v_staff.id is not null then
    return jsonb_build_object('staff', jsonb_build_object('id', v_staff.id, 'clinicId', v_clinic.id));
  end if;

  -- Resolve first, read after: a volatile call inside the WHERE would run per row and against
  -- the statement's snapshot, which cannot see a patient it has just created.
  v_patient_id := public.resolve_patient(v_channel.clinic_id, v_phone, v_lid, p_push_name, p_now);
  select * into v_patient from public.patients where id = v_patient_id;

  -- The conversation, created on the first message. An existing one is written only when the chat's
  -- JID changed (the conflict still locks the row, so the lock order is as before); otherwise it is
  -- read, so a message, or a redelivery, from the same chat rewrites nothing here.
  insert into public.conversations as c (clinic_id, channel_id, patient_id, chat_jid, created_at, updated_at)
  values (v_channel.clinic_id, v_channel.id, v_patient.id, p_chat_jid, p_now, p_now)
  on conflict (channel_id, patient_id) do update set chat_jid = excluded.chat_jid
   where c.chat_jid is distinct from excluded.chat_jid
  returning * into v_conversation;
  if v_conversation.id is null then
    select * into v_conversation from public.conversations
     where channel_id = v_channel.id and patient_id = v_patient.id;
  end if;

  insert into public.messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id, sent_at, created_at)
  values (v_channel.clinic_id, v_channel.id, v_conversation.id, 'in', p_body, p_message_id, p_sent_at, p_now)
  on conflict on constraint messages_channel_wa_message_key do nothing
  returning * into v_message;

  if v_message.id is null then
    v_duplicate := true;
    select * into v_message from public.messages
     where channel_id = p_channel_id and wa_message_id = p_message_id;
    if v_message.processed_at is not null then
      return jsonb_build_object(
        'duplicate', true,
        'completed', true,
        'conversationId', v_message.conversation_id,
        'reply', (select m.body from public.messages m
                   where m.reply_to_id = v_message.id and m.direction = 'out'
                   order by m.created_at limit 1)
      );
    end if;
    select * into v_conversation from public.conversations where id = v_message.conversation_id;
  else
    update public.conversations
       set last_inbound_at = greatest(coalesce(last_inbound_at, p_now), p_now)
     where id = v_conversation.id;
  end if;

  -- Staff's last sign of life: the handoff, or a reply they wrote here, whichever is later
  -- (greatest ignores nulls). The patient's own messages do not count: a patient who keeps
  -- writing to an absent team must still get the assistant back. Null outside staff mode.
  -- What the next step will most likely ask for, read here so the turn needs no round trip for it
  -- (issue 10 §2; turn/perform.ts answers the flow's loads from it): turn_read_ahead decides from
  -- the stored step and the text. Only for a conversation with the bot.
  if v_conversation.mode = 'bot' then
    v_prefetched := public.turn_read_ahead(v_clinic.id, v_patient.id, v_conversation.state, p_body, p_now);
  end if;

  if v_conversation.mode = 'human' then
    v_staff_activity_at := greatest(
      v_conversation.handed_off_at,
      (select max(greatest(o.created_at, o.sent_at)) from public.outbox o
        where o.conversation_id = v_conversation.id and o.kind = 'staff_reply'));
  end if;

  return jsonb_build_object(
    'duplicate', v_duplicate,
    'completed', false,
    'conversationId', v_conversation.id,
    'inboundMessageId', v_message.id,
    'conversation', jsonb_build_object(
      'id', v_conversation.id,
      'mode', v_conversation.mode,
      'state', v_conversation.state,
      'version', v_conversation.version,
      'pausedUntil', v_conversation.paused_until,
      'previousInboundAt', (
        select max(m.created_at) from public.messages m
         where m.conversation_id = v_conversation.id and m.direction = 'in'
           and m.id <> v_message.id and m.created_at <= v_message.created_at),
      -- The conversation's last change before this message: a turn's commit, a state applied by an
      -- outbox message (a rebook offer), a staff edit. The session's idleness counts from the later
      -- of this and the patient's previous message (turn/gate.ts).
      'updatedAt', v_conversation.updated_at,
      'staffActivityAt', v_staff_activity_at
    ),
    'patient', jsonb_build_object(
      'id', v_patient.id,
      'name', v_patient.name,
      'pushName', v_patient.push_name,
      'phone', v_patient.phone,
      'language', v_patient.language
    ),
    'clinic', jsonb_build_object(
      'id', v_clinic.id,
      'name', v_clinic.name,
      'timezone', v_clinic.timezone,
      'holdMinutes', v_clinic.hold_minutes,
      'horizonDays', v_clinic.booking_horizon_days,
      'minNoticeMinutes', v_clinic.min_notice_minutes,
      'sessionIdleMinutes', v_clinic.session_idle_minutes,
      'humanIdleMinutes', v_clinic.human_idle_minutes,
      'cooloffMinutes', v_clinic.cooloff_minutes,
      'rateLimitPerMinute', v_clinic.rate_limit_per_minute,
      'language', v_clinic.language,
      'locale', v_clinic.locale,
      'askProvider', v_clinic.ask_provider,
      -- The clinic's hours per weekday (any active practitioner working), for "staff will answer
      -- from …" when a patient is handed to staff.
      'hours', coalesce((
        select jsonb_agg(jsonb_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                            'closes', to_char(h.closes, 'HH24:MI')) order by h.weekday)
          from (select wh.weekday, min(wh.start_time) as opens, max(wh.end_time) as closes
                  from public.working_hours wh
                  join public.providers pr on pr.id = wh.provider_id and pr.active
                 where wh.clinic_id = v_clinic.id
                 group by wh.weekday) h), '[]'::jsonb),
      'openWeekdays', coalesce((
        select jsonb_agg(distinct wh.weekday order by wh.weekday)
          from public.working_hours wh
          join public.providers pr on pr.id = wh.provider_id and pr.active
         where wh.clinic_id = v_clinic.id), '[]'::jsonb),
      -- Local days within the horizon on which a clinic-wide closure covers all working hours.
      'closedDays', coalesce((
        select jsonb_agg(to_char(d.day, 'YYYY-MM-DD') order by d.day)
          from (select g::date as day
                  from generate_series((p_now at time zone v_clinic.timezone)::date,
                                       (p_now at time zone v_clinic.timezone)::date + v_clinic.booking_horizon_days,
                                       interval '1 day') g) d
          join lateral (
            select min(wh.start_time) as opens, max(wh.end_time) as closes
              from public.working_hours wh
             where wh.clinic_id = v_clinic.id and wh.weekday = extract(isodow from d.day)
          ) h on h.opens is not null
         where exists (
           select 1 from public.closures cl
            where cl.clinic_id = v_clinic.id and cl.provider_id is null
              and cl.starts_at <= (d.day + h.opens) at time zone v_clinic.timezone
              and cl.ends_at >= (d.day + h.closes) at time zone v_clinic.timezone)), '[]'::jsonb)
    ),
    -- Bookable services (an active practitioner offers them) with their translations, the other
    -- words patients use for them, and who offers each.
    'services', coalesce((
      select jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'names', s.name_translations,
                                          'keywords', to_jsonb(s.keywords), 'durationMinutes', s.duration_minutes,
                                          'providerIds', o.provider_ids)
                       order by s.name)
        from public.services s
        join lateral (
          select jsonb_agg(pr.id order by pr.name, pr.id) as provider_ids
            from public.provider_services ps
            join public.providers pr on pr.id = ps.provider_id and pr.active
           where ps.service_id = s.id) o on o.provider_ids is not null
       where s.clinic_id = v_clinic.id and s.active), '[]'::jsonb),
    -- Practitioners patients can book (active, offering an active service), with translations.
    'providers', coalesce((
      select jsonb_agg(jsonb_build_object('id', pr.id, 'name', pr.name, 'names', pr.name_translations)
                       order by pr.name, pr.id)
        from public.providers pr
       where pr.clinic_id = v_clinic.id and pr.active
         and exists (select 1 from public.provider_services ps
                       join public.services s on s.id = ps.service_id and s.active
                      where ps.provider_id = pr.id)), '[]'::jsonb),
    'history', coalesce((
      select jsonb_agg(jsonb_build_object('direction', h.direction, 'body', h.body) order by h.created_at, h.direction)
        from (select m.direction, m.body, m.created_at from public.messages m
               where m.conversation_id = v_conversation.id and m.id <> v_message.id
                 and m.created_at <= v_message.created_at
               order by m.created_at desc
               limit c_history_messages) h), '[]'::jsonb),
    'inboundLastMinute', (
      select count(*) from public.messages m
       where m.conversation_id = v_conversation.id and m.direction = 'in'
         and m.created_at > v_message.created_at - c_rate_window
         and m.created_at <= v_message.created_at),
    'prefetched', v_prefetched
  );
end;
$$;

revoke execute on function public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text) from public, anon, authenticated;
grant execute on function public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text) to service_role;
