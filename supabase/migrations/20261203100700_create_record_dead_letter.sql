-- POST /dead-letter (issue 7 §4; shared/contract: deadLetterReportSchema): a patient message the bot
-- gave up relaying is stored in the patient's chat, so nothing accepted is lost, and the clinic's
-- staff are alerted at once (urgent: the patient is waiting and the assistant did not answer).

/**
 * Records the bot's report that it gave up on message p_message_id (p_reason, the bot's words):
 * the message is stored in the patient's chat as begin_turn would store it (patient and chat
 * resolved or created), marked processed with a silent entry in `turns` (the assistant will not
 * answer it: the bot apologised itself) and an urgent staff alert (reason message_failed). Once per
 * message: a repeated report changes nothing. A message from an alert phone is recorded without a
 * chat and alerts nobody. Returns {conversationId (null for an alert phone), alerted, duplicate}.
 */
create or replace function public.record_dead_letter(
  p_channel_id uuid,
  p_message_id text,
  p_chat_jid text,
  p_phone text,
  p_push_name text,
  p_body text,
  p_sent_at timestamptz,
  p_reason text,
  p_quoted_message_id text default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_channel public.channels;
  v_phone text;
  v_lid text;
  v_staff public.staff;
  v_report_id uuid;
  v_patient_id uuid;
  v_conversation public.conversations;
  v_message public.messages;
  v_alert_id uuid;
begin
  if p_message_id is null or p_chat_jid is null or p_body is null or nullif(trim(p_reason), '') is null then
    raise exception 'message id, chat JID, body and reason are required' using errcode = 'BK009';
  end if;
  select * into v_channel from public.channels where id = p_channel_id and enabled;
  if not found then
    raise exception 'unknown or disabled channel %', p_channel_id using errcode = 'BK009';
  end if;
  select s.phone, s.lid into v_phone, v_lid from public.jid_sender(p_chat_jid, p_phone) s;

  insert into public.dead_letters (clinic_id, channel_id, wa_message_id, reason, created_at)
  values (v_channel.clinic_id, v_channel.id, p_message_id, p_reason, p_now)
  on conflict on constraint dead_letters_channel_wa_message_key do nothing
  returning id into v_report_id;
  if v_report_id is null then
    return (select jsonb_build_object('conversationId', d.conversation_id, 'alerted', false, 'duplicate', true)
              from public.dead_letters d where d.channel_id = p_channel_id and d.wa_message_id = p_message_id);
  end if;

  -- A colleague's own message (an answer from an alert phone) has no patient chat to go in.
  v_staff := public.staff_sender(v_channel.clinic_id, v_channel.id, v_phone, v_lid, p_quoted_message_id);
  if v_staff.id is not null then
    return jsonb_build_object('conversationId', null, 'alerted', false, 'duplicate', false);
  end if;

  -- Stored as begin_turn stores a message (same lock order: patient, conversation, message).
  v_patient_id := public.resolve_patient(v_channel.clinic_id, v_phone, v_lid, p_push_name, p_now);
  insert into public.conversations as c (clinic_id, channel_id, patient_id, chat_jid, created_at, updated_at)
  values (v_channel.clinic_id, v_channel.id, v_patient_id, p_chat_jid, p_now, p_now)
  on conflict (channel_id, patient_id) do update set chat_jid = excluded.chat_jid
  returning * into v_conversation;

  insert into public.messages (clinic_id, channel_id, conversation_id, direction, body, wa_message_id, sent_at, created_at)
  values (v_channel.clinic_id, v_channel.id, v_conversation.id, 'in', p_body, p_message_id, p_sent_at, p_now)
  on conflict on constraint messages_channel_wa_message_key do nothing
  returning * into v_message;
  if v_message.id is null then
    -- Relayed before (the function answered, but the bot never got the answer): the same message.
    select * into v_message from public.messages where channel_id = p_channel_id and wa_message_id = p_message_id;
    select * into v_conversation from public.conversations where id = v_message.conversation_id;
  end if;

  -- Not answered by the assistant from now on: a silent turn, versioned like any other commit, so
  -- a turn of it still running elsewhere loses its race and finds it processed.
  update public.messages set processed_at = p_now where id = v_message.id and processed_at is null;
  if found then
    update public.conversations
       set version = version + 1,
           updated_at = p_now,
           last_inbound_at = greatest(coalesce(last_inbound_at, v_message.created_at), v_message.created_at)
     where id = v_conversation.id
    returning * into v_conversation;
    insert into public.turns (clinic_id, conversation_id, message_id, gate, gate_reason, mode_before, mode_after,
                              state_before, state_after, version_after, effects, reply, attempts, duration_ms, created_at)
    values (v_conversation.clinic_id, v_conversation.id, v_message.id, 'silent', 'dead_letter', v_conversation.mode,
            v_conversation.mode, v_conversation.state, v_conversation.state, v_conversation.version, '[]', null, 1, 0, p_now)
    on conflict on constraint turns_message_key do nothing;
  end if;

  v_alert_id := public.raise_staff_alert(v_conversation.id, 'message_failed', true, v_message.id, p_now);
  update public.dead_letters
     set message_id = v_message.id, conversation_id = v_conversation.id, alert_id = v_alert_id
   where id = v_report_id;
  return jsonb_build_object('conversationId', v_conversation.id, 'alerted', true, 'duplicate', false);
end;
$$;
revoke execute on function public.record_dead_letter(uuid, text, text, text, text, text, timestamptz, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.record_dead_letter(uuid, text, text, text, text, text, timestamptz, text, text, timestamptz) to service_role;
comment on function public.record_dead_letter(uuid, text, text, text, text, text, timestamptz, text, text, timestamptz) is
  'Keeps a patient message the bot could not deliver to the assistant, and alerts staff at once.';
