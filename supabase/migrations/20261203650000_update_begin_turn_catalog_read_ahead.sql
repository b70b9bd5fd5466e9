-- begin_turn in its form after issue 10 §2's work (docs/design.md "Faster turns (issue 10 §2)"),
-- replacing 20261203500200_update_begin_turn_prefetch.sql's; one migration for the three changes made
-- together, so the function is written once:
--   the catalog (clinic settings, hours, open weekdays, closed days, services, practitioners) comes
--     from turn_catalog (20261203620100), left out when the new last parameter p_catalog_key names the
--     function's current copy; the result gains catalogKey;
--   what to read ahead comes from turn_read_ahead (20261203630000), from the stored step and the
--     patient's text; prefetched gains `faq` and `daySlots`;
--   its transaction commits without waiting for the WAL flush (see the comment on the function).
-- The new parameter changes the signature, so the old one goes first: no caller can reach a
-- begin_turn that ignores the key through PostgREST's overload resolution.

drop function if exists public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text);

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
 *  catalogKey, and clinic, services, providers as turn_catalog gives them (left out when
 *  p_catalog_key is the current catalogKey: the function's copy is up to date),
 *  history: [{direction, body}] (oldest first, before this message), inboundLastMinute,
 *  prefetched: turn_read_ahead's answer (appointments, faq, slots, daySlots), {} in staff mode}.
 *
 * Its commit need not wait for the WAL flush (synchronous_commit off for this transaction only): what
 * it records matters only to a turn that goes on to complete_turn, whose synchronous commit flushes
 * the WAL up to itself, this transaction's records included, before any reply is sent. A crash in
 * between loses at most a message that was never answered, which the bot's durable queue delivers
 * again (docs/design.md "Faster turns", "One flush per turn").
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
  p_quoted_message_id text default null,
  p_catalog_key text default null
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
  perform pg_catalog.set_config('synchronous_commit', 'off', true);
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

  -- What the next step will most likely ask for, read here so the turn needs no round trip for it
  -- (issue 10 §2; turn/perform.ts answers the flow's loads from it): turn_read_ahead decides from
  -- the stored step and the text. Only for a conversation with the bot.
  if v_conversation.mode = 'bot' then
    v_prefetched := public.turn_read_ahead(v_clinic.id, v_patient.id, v_conversation.state, p_body, p_now);
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
  ) || public.turn_catalog(v_clinic.id, p_catalog_key, p_now);
end;
$$;

revoke execute on function public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text, text) from public, anon, authenticated;
grant execute on function public.begin_turn(uuid, text, text, text, text, text, timestamptz, timestamptz, text, text) to service_role;
