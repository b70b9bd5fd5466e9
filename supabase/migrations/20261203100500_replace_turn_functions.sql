-- The turn functions with the turn log and staff alerts (issue 7 §4, §5; docs/design.md "Turn log",
-- "Staff alerts"), replacing begin_turn of 20261203100100_return_conversation_updated_at.sql and
-- complete_turn of 20261202200400_replace_turn_functions.sql. Same lock order (patient, then
-- conversation, then inbound message) and the same two round trips per turn:
--   begin_turn   takes the quoted message's id (p_quoted_message_id) and answers a message from an
--                alert phone with {staff} before recording anything;
--   complete_turn writes the turn's row in `turns` (p_turn) and, in the same transaction, raises a
--                staff alert (p_alert), closes the open one when the conversation is with the bot
--                again, and forwards a patient's message to the staff member answering them.

drop function if exists public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz);

/**
 * Records the inbound message once (the unique WhatsApp id decides, never a prior check), resolves
 * the patient and the conversation, and returns what the turn needs. A message from an alert phone
 * of the clinic (staff_sender: by phone, by the LID learned for it, or a LID-only sender quoting an
 * alert, p_quoted_message_id) is no patient's: nothing is recorded and {staff: {id, clinicId}} is
 * returned for answer_staff_message.
 *
 * Returns, for a message already answered: {duplicate: true, completed: true, conversationId, reply}
 * (reply null when the turn decided to stay silent). Otherwise the full context, with duplicate
 * true when the message had been recorded by an earlier, unfinished turn:
 * {duplicate, completed: false, conversationId, inboundMessageId,
 *  conversation: {id, mode, state, version, pausedUntil, previousInboundAt, updatedAt, staffActivityAt},
 *  patient: {id, name, pushName, phone, language (null = the clinic's)},
 *  clinic: {id, name, timezone, holdMinutes, horizonDays, minNoticeMinutes, sessionIdleMinutes,
 *           humanIdleMinutes, cooloffMinutes, rateLimitPerMinute, language, locale, askProvider,
 *           hours: [{weekday, opens 'HH:MM', closes 'HH:MM'}], openWeekdays, closedDays},
 *  services: [{id, name, names: {lang: name}, keywords, durationMinutes, providerIds}],
 *  providers: [{id, name, names: {lang: name}}],
 *  history: [{direction, body}] (oldest first, before this message), inboundLastMinute}.
 */
create function public.begin_turn(
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

  insert into public.conversations as c (clinic_id, channel_id, patient_id, chat_jid, created_at, updated_at)
  values (v_channel.clinic_id, v_channel.id, v_patient.id, p_chat_jid, p_now, p_now)
  on conflict (channel_id, patient_id) do update set chat_jid = excluded.chat_jid
  returning * into v_conversation;

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
         and m.created_at <= v_message.created_at)
  );
end;
$$;

revoke execute on function public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text) from public, anon, authenticated;
grant execute on function public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text) to service_role;

-- New parameters change complete_turn's signature: the old one goes, so no caller can skip them by
-- accident through PostgREST's overload resolution (positional callers of the old one still match).
drop function if exists public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz, text);

/**
 * Commits a turn: the conversation's new state, mode (with the handoff's time) and pause, only if
 * nobody committed since the turn read version p_expected_version and the inbound message is still
 * unanswered; then the reply (an outbound message pointing at the inbound one), the inbound message
 * marked processed, the patient's name if they had none (a known name is never overwritten), the
 * language the patient switched to (p_patient_language; null leaves it as it is), and, in the same
 * transaction:
 *   - the turn's row in `turns` (p_turn: {gate, gateReason, effects, attempts, durationMs}; mode and
 *     state before are the ones the version check confirmed, after are what is written);
 *   - a staff alert when p_alert is given ({reason: asked_for_staff | cooloff, urgent});
 *   - the conversation's open alert closed when the turn leaves it with the bot and not paused;
 *   - the patient's message forwarded to the staff member answering them from the phone, when the
 *     conversation was and stays with staff.
 * Returns {ok: true, version} or {ok: false, reason: 'conflict'} (changing nothing) so the caller
 * can tell a lost race (retry the turn: begin_turn then hands back the stored reply or the fresh
 * state) from a failure.
 */
create function public.complete_turn(
  p_conversation_id uuid,
  p_expected_version int,
  p_inbound_message_id uuid,
  p_state jsonb,
  p_mode text,
  p_reply text,
  p_paused_until timestamptz default null,
  p_patient_name text default null,
  p_now timestamptz default now(),
  p_patient_language text default null,
  p_turn jsonb default null,
  p_alert jsonb default null
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  c_conflict constant jsonb := jsonb_build_object('ok', false, 'reason', 'conflict');
  v_patient_id uuid;
  v_conversation public.conversations;
  v_before public.conversations;
  v_reply_id uuid;
begin
  if p_state is null or p_mode is null or p_mode not in ('bot', 'human') then
    raise exception 'state and a mode of bot or human are required' using errcode = 'BK009';
  end if;
  if p_patient_language is not null and p_patient_language not in ('en', 'es', 'pt') then
    raise exception 'unknown language %', p_patient_language using errcode = 'BK009';
  end if;
  if p_turn is not null and (jsonb_typeof(p_turn) <> 'object'
       or coalesce(p_turn ->> 'gate', 'step') not in ('step', 'silent', 'notice', 'resume', 'restart')
       or jsonb_typeof(coalesce(p_turn -> 'effects', '[]')) <> 'array') then
    raise exception 'p_turn must be {gate, gateReason, effects: [...], attempts, durationMs}' using errcode = 'BK009';
  end if;
  if p_alert is not null and coalesce(p_alert ->> 'reason', '') not in ('asked_for_staff', 'cooloff') then
    raise exception 'p_alert must be {reason: asked_for_staff | cooloff, urgent}' using errcode = 'BK009';
  end if;

  -- 1. The patient. A merge of two patient records (resolve_patient) may have moved or folded the
  --    conversation since the turn began: then there is nothing to lock here, and the retry's
  --    begin_turn finds the message in its new conversation.
  select c.patient_id into v_patient_id from public.conversations c where c.id = p_conversation_id;
  if v_patient_id is null then
    return c_conflict;
  end if;
  perform 1 from public.patients where id = v_patient_id for no key update;

  -- 2. The conversation, checked against what the turn read.
  select * into v_before from public.conversations where id = p_conversation_id for no key update;
  if v_before.id is null or v_before.patient_id <> v_patient_id
     or v_before.version <> p_expected_version then
    return c_conflict;
  end if;

  -- 3. The inbound message: a concurrent delivery of it may have answered it already.
  update public.messages
     set processed_at = p_now
   where id = p_inbound_message_id and conversation_id = p_conversation_id
     and direction = 'in' and processed_at is null;
  if not found then
    return c_conflict;
  end if;

  update public.conversations
     set state = p_state,
         mode = p_mode::public.conversation_mode,
         -- The handoff's moment, on the turn's clock; kept while staff have it, cleared after.
         handed_off_at = case
           when p_mode <> 'human' then null
           when v_before.mode = 'human' then v_before.handed_off_at
           else p_now
         end,
         paused_until = p_paused_until,
         version = version + 1,
         updated_at = p_now
   where id = p_conversation_id
  returning * into v_conversation;

  if p_reply is not null then
    insert into public.messages (clinic_id, channel_id, conversation_id, direction, body, reply_to_id, created_at)
    values (v_conversation.clinic_id, v_conversation.channel_id, v_conversation.id, 'out', p_reply,
            p_inbound_message_id, p_now)
    returning id into v_reply_id;
  end if;

  if nullif(trim(p_patient_name), '') is not null then
    update public.patients
       set name = trim(p_patient_name), updated_at = p_now
     where id = v_patient_id and name is null;
  end if;

  -- The language the patient switched to in this turn (null: unchanged).
  if p_patient_language is not null then
    update public.patients
       set language = p_patient_language::public.language_code, updated_at = p_now
     where id = v_patient_id and language is distinct from p_patient_language::public.language_code;
  end if;

  -- The turn log: one row per processed message (the message was unprocessed until step 3 above).
  insert into public.turns (clinic_id, conversation_id, message_id, gate, gate_reason, mode_before, mode_after,
                            state_before, state_after, version_after, effects, reply, reply_message_id,
                            attempts, duration_ms, created_at)
  values (v_conversation.clinic_id, v_conversation.id, p_inbound_message_id,
          coalesce(p_turn ->> 'gate', 'step'), nullif(p_turn ->> 'gateReason', ''),
          v_before.mode, v_conversation.mode, v_before.state, v_conversation.state, v_conversation.version,
          coalesce(p_turn -> 'effects', '[]'), p_reply, v_reply_id,
          greatest(coalesce((p_turn ->> 'attempts')::int, 1), 1), greatest(coalesce((p_turn ->> 'durationMs')::int, 0), 0),
          p_now);

  -- Staff: alerted when the patient needs them; the alert closed once the patient is with the bot
  -- again; the patient's words passed to whoever answers them from the phone.
  if p_alert is not null then
    perform public.raise_staff_alert(v_conversation.id, p_alert ->> 'reason',
                                     coalesce((p_alert ->> 'urgent')::boolean, false), p_inbound_message_id, p_now);
  elsif p_mode = 'bot' and (p_paused_until is null or p_paused_until <= p_now) then
    perform public.close_staff_alerts(v_conversation.id, p_now);
  end if;
  if v_before.mode = 'human' and p_mode = 'human' then
    perform public.forward_to_staff(v_conversation.id, p_inbound_message_id, p_now);
  end if;

  return jsonb_build_object('ok', true, 'version', v_conversation.version);
end;
$$;

revoke execute on function public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz, text, jsonb, jsonb) to service_role;

comment on function public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz, text, jsonb, jsonb) is
  'Saves the assistant''s answer, the conversation''s new state and the turn''s log, unless another answer got there first.';

comment on column public.turns.gate_reason is
  'Why, for silent, notice, resume and restart (for example human, paused, rate_limited, idle); for step, effects_committed when the answer was worked out before a staff change landed and is sent as it was.';
