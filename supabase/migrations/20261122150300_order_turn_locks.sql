-- Turns, part 3: one lock order for every turn RPC, so two deliveries of one message cannot deadlock.
--
-- The bug (a 503 "deadlock detected" on a message the bot sent twice at once): complete_turn marked
-- the inbound message processed and only then locked the conversation, while a redelivery's
-- begin_turn held the conversation (its upsert) and then, inserting the same WhatsApp id, waited for
-- the transaction updating that message row: ON CONFLICT waits for any in-progress change of the
-- conflicting row. Each waited for the other. complete_turn also set the patient's name after
-- locking the conversation, while begin_turn locks the patient first: the same cycle with a new
-- message of the same patient.
--
-- The order now, in begin_turn (resolve_patient, then the conversation upsert, then the message
-- insert), merge_patient and complete_turn alike: patient, conversation, inbound message.
-- complete_turn also checks everything before it changes anything, so a lost race leaves no trace.

/**
 * Commits a turn: the conversation's new state, mode and pause, only if nobody committed since the
 * turn read version p_expected_version and the inbound message is still unanswered; then the reply
 * (an outbound message pointing at the inbound one), the inbound message marked processed, and the
 * patient's name if they had none (a known name is never overwritten). Returns {ok: true, version}
 * or {ok: false, reason: 'conflict'} (changing nothing) so the caller can tell a lost race (retry
 * the turn: begin_turn then hands back the stored reply or the fresh state) from a failure.
 */
create or replace function public.complete_turn(
  p_conversation_id uuid,
  p_expected_version int,
  p_inbound_message_id uuid,
  p_state jsonb,
  p_mode text,
  p_reply text,
  p_paused_until timestamptz default null,
  p_patient_name text default null,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  c_conflict constant jsonb := jsonb_build_object('ok', false, 'reason', 'conflict');
  v_patient_id uuid;
  v_conversation public.conversations;
begin
  if p_state is null or p_mode is null or p_mode not in ('bot', 'human') then
    raise exception 'state and a mode of bot or human are required' using errcode = 'BK009';
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
  select * into v_conversation from public.conversations where id = p_conversation_id for no key update;
  if v_conversation.id is null or v_conversation.patient_id <> v_patient_id
     or v_conversation.version <> p_expected_version then
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
         paused_until = p_paused_until,
         version = version + 1,
         updated_at = p_now
   where id = p_conversation_id
  returning * into v_conversation;

  if p_reply is not null then
    insert into public.messages (clinic_id, channel_id, conversation_id, direction, body, reply_to_id, created_at)
    values (v_conversation.clinic_id, v_conversation.channel_id, v_conversation.id, 'out', p_reply,
            p_inbound_message_id, p_now);
  end if;

  if nullif(trim(p_patient_name), '') is not null then
    update public.patients
       set name = trim(p_patient_name), updated_at = p_now
     where id = v_patient_id and name is null;
  end if;

  return jsonb_build_object('ok', true, 'version', v_conversation.version);
end;
$$;

revoke execute on function public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz) from public, anon, authenticated;
grant execute on function public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz) to service_role;

comment on function public.complete_turn(uuid, int, uuid, jsonb, text, text, timestamptz, text, timestamptz) is
  'Saves the assistant''s answer and the conversation''s new state, unless another answer got there first.';
