-- complete_turn with fewer statements per turn (issue 10 §2, docs/design.md "Faster turns",
-- "Fewer statements per turn"), replacing 20261203610000_update_complete_turn_commit_effect.sql's;
-- the same signature, answers, rows, locks and lock order:
--   - the patient is found and locked in one statement (the conversation's patient_id as a
--     sub-select) instead of a read and then a lock;
--   - a turn without a deferred write marks its inbound message processed where it used to lock it
--     (an UPDATE takes the same row lock and re-checks `processed_at is null` the same way); a turn
--     with one still locks first and marks after the write, since a refused or mispredicted write
--     returns having written nothing;
--   - close_staff_alerts is called only when the conversation has an open alert (the unique
--     partial index staff_alerts_one_open_idx answers that), not on every turn the bot keeps.

/**
 * Commits a turn: the conversation's new state, mode (with the handoff's time) and pause, only if
 * nobody committed since the turn read version p_expected_version and the inbound message is still
 * unanswered; then the turn's write (p_turn.write, see perform_turn_effect), the reply (an outbound
 * message pointing at the inbound one), the inbound message marked processed, the patient's name if
 * they had none (a known name is never overwritten), the language the patient switched to
 * (p_patient_language; null leaves it as it is), and, in the same transaction:
 *   - the turn's row in `turns` (p_turn: {gate, gateReason, effects, attempts, durationMs, write?};
 *     mode and state before are the ones the version check confirmed, after are what is written;
 *     the write's record, effects[write.log], gets its time in the database as `ms` and the values
 *     only the database knew, result[key] := the write's result[write.fill[key]]);
 *   - a staff alert when p_alert is given ({reason: asked_for_staff | cooloff, urgent});
 *   - the conversation's open alert closed when the turn leaves it with the bot and not paused;
 *   - the patient's message forwarded to the staff member answering them from the phone, when the
 *     conversation was and stays with staff.
 * Returns {ok: true, version}; or, changing nothing, {ok: false, reason: 'conflict'} (a lost race:
 * retry the turn), {ok: false, reason: 'refused', code, message, ms} (the write was refused, after
 * ms in the database: settle from that outcome) or {ok: false, reason: 'mispredicted', result} (the write would have given
 * `result`: settle from it).
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
  -- These lock the patient FOR UPDATE themselves (the per-patient limit): take that lock first,
  -- in its place in the lock order, rather than upgrade a weaker one midway.
  c_patient_writers constant text[] := array['confirm_hold', 'reschedule_appointment'];
  v_patient_id uuid;
  v_conversation public.conversations;
  v_before public.conversations;
  v_reply_id uuid;
  v_write jsonb := p_turn -> 'write';
  v_effect jsonb;
  v_turn jsonb := p_turn - 'write';
  v_log text;
  v_key text;
  v_field text;
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
  if v_write is not null and jsonb_typeof(v_write) <> 'null' and (jsonb_typeof(v_write) <> 'object'
       or coalesce(v_write ->> 'rpc', '') not in ('claim_slot', 'confirm_hold', 'reschedule_appointment',
                                                 'cancel_appointment', 'confirm_appointment', 'set_patient_opt_out')
       or jsonb_typeof(coalesce(v_write -> 'args', '{}')) <> 'object'
       or jsonb_typeof(coalesce(v_write -> 'expect', '{}')) <> 'object'
       or jsonb_typeof(coalesce(v_write -> 'fill', '{}')) <> 'object'
       or coalesce(jsonb_typeof(v_write -> 'log'), 'number') <> 'number') then
    raise exception 'p_turn.write must be {rpc, args: {...}, expect: {...}, log, fill: {...}}' using errcode = 'BK009';
  end if;
  if jsonb_typeof(v_write) = 'null' then
    v_write := null;
  end if;

  -- 1. The patient. A merge of two patient records (resolve_patient) may have moved or folded the
  --    conversation since the turn began: then there is nothing to lock here, and the retry's
  --    begin_turn finds the message in its new conversation. One statement reads the conversation's
  --    patient (the sub-select, not locked) and locks that patient.
  if v_write ->> 'rpc' = any (c_patient_writers) then
    select p.id into v_patient_id from public.patients p
     where p.id = (select c.patient_id from public.conversations c where c.id = p_conversation_id)
       for update of p;
  else
    select p.id into v_patient_id from public.patients p
     where p.id = (select c.patient_id from public.conversations c where c.id = p_conversation_id)
       for no key update of p;
  end if;
  if v_patient_id is null then
    return c_conflict;
  end if;

  -- 2. The conversation, checked against what the turn read.
  select * into v_before from public.conversations where id = p_conversation_id for no key update;
  if v_before.id is null or v_before.patient_id <> v_patient_id
     or v_before.version <> p_expected_version then
    return c_conflict;
  end if;

  -- 3. The inbound message: a concurrent delivery of it may have answered it already. Without a
  --    deferred write nothing below returns early, so it is marked processed at once (the update
  --    takes the lock the turn needs); with one it is locked now and marked once the write is done,
  --    since a refused or mispredicted write must return having written nothing.
  if v_write is null then
    update public.messages
       set processed_at = p_now
     where id = p_inbound_message_id and conversation_id = p_conversation_id
       and direction = 'in' and processed_at is null;
  else
    perform 1 from public.messages
     where id = p_inbound_message_id and conversation_id = p_conversation_id
       and direction = 'in' and processed_at is null
       for no key update;
  end if;
  if not found then
    return c_conflict;
  end if;

  -- 4. The turn's write, now that the turn is known to be the one that commits.
  if v_write is not null then
    v_effect := public.perform_turn_effect(p_conversation_id, v_patient_id, v_write, p_now);
    if v_effect ? 'refused' then
      return jsonb_build_object('ok', false, 'reason', 'refused',
                                'code', v_effect ->> 'refused', 'message', v_effect ->> 'message', 'ms', v_effect -> 'ms');
    end if;
    if v_effect ? 'mispredicted' then
      return jsonb_build_object('ok', false, 'reason', 'mispredicted', 'result', v_effect -> 'mispredicted');
    end if;
    -- Its record in the turn log: the time it took here, and what only the database knew.
    v_log := v_write ->> 'log';
    if v_turn is not null and v_log is not null and jsonb_typeof(v_turn #> array['effects', v_log]) = 'object' then
      v_turn := jsonb_set(v_turn, array['effects', v_log, 'ms'], v_effect -> 'ms');
      for v_key, v_field in select key, value from jsonb_each_text(coalesce(v_write -> 'fill', '{}')) loop
        if jsonb_typeof(v_turn #> array['effects', v_log, 'result']) = 'object' then
          v_turn := jsonb_set(v_turn, array['effects', v_log, 'result', v_key],
                              coalesce(v_effect #> array['performed', v_field], 'null'));
        end if;
      end loop;
    end if;

    update public.messages
       set processed_at = p_now
     where id = p_inbound_message_id;
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

  -- The turn log: one row per processed message (the message was unprocessed until just above).
  insert into public.turns (clinic_id, conversation_id, message_id, gate, gate_reason, mode_before, mode_after,
                            state_before, state_after, version_after, effects, reply, reply_message_id,
                            attempts, duration_ms, created_at)
  values (v_conversation.clinic_id, v_conversation.id, p_inbound_message_id,
          coalesce(v_turn ->> 'gate', 'step'), nullif(v_turn ->> 'gateReason', ''),
          v_before.mode, v_conversation.mode, v_before.state, v_conversation.state, v_conversation.version,
          coalesce(v_turn -> 'effects', '[]'), p_reply, v_reply_id,
          greatest(coalesce((v_turn ->> 'attempts')::int, 1), 1), greatest(coalesce((v_turn ->> 'durationMs')::int, 0), 0),
          p_now);

  -- Staff: alerted when the patient needs them; the alert closed once the patient is with the bot
  -- again; the patient's words passed to whoever answers them from the phone.
  if p_alert is not null then
    perform public.raise_staff_alert(v_conversation.id, p_alert ->> 'reason',
                                     coalesce((p_alert ->> 'urgent')::boolean, false), p_inbound_message_id, p_now);
  elsif p_mode = 'bot' and (p_paused_until is null or p_paused_until <= p_now) then
    -- Most such turns have no alert open: look first (an index probe) rather than call to update none.
    if exists (select 1 from public.staff_alerts a where a.conversation_id = v_conversation.id and a.closed_at is null) then
      perform public.close_staff_alerts(v_conversation.id, p_now);
    end if;
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
  'Saves the assistant''s answer, the conversation''s new state, the booking change it made and the turn''s log, unless another answer got there first.';
