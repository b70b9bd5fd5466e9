-- complete_turn with the turn log and staff alerts (issue 7 §4, §5; docs/design.md "Turn log",
-- "Staff alerts"), replacing complete_turn of 20261202200400_replace_turn_functions.sql. Same lock
-- order (patient, then conversation, then inbound message) and the same two round trips per turn.
-- Its partner, begin_turn with the quoted message's id (p_quoted_message_id) that answers a message
-- from an alert phone with {staff} before recording anything, is created once, in its final form,
-- by 20261203500200_update_begin_turn_prefetch.sql (until then begin_turn is 20261202200400's).
-- complete_turn writes the turn's row in `turns` (p_turn) and, in the same transaction, raises a
-- staff alert (p_alert), closes the open one when the conversation is with the bot again, and
-- forwards a patient's message to the staff member answering them.

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
