-- complete_turn commits the turn's one write with it (issue 10 §2: common steps in two round trips;
-- docs/design.md "Faster turns (issue 10 §2)"), replacing complete_turn of
-- 20261203100500_replace_turn_functions.sql. The function settles the flow on the write's
-- predicted success (a hold of the slot it picked, the booking of its hold, the cancellation, …)
-- and hands the write here as p_turn.write; complete_turn checks the version and the message
-- first (a lost race performs nothing), then calls the slot-engine function itself in a
-- subtransaction. A refusal (BKnnn) or a result other than predicted rolls that back and is returned, having written
-- nothing, and the function settles again from the real outcome. Otherwise the state, reply and
-- turn log are written in the same transaction as the write: one transaction and one RPC less.
-- Same lock order as before (patient, conversation, inbound message), then what the write locks.

-- The signature stays (callers, grants and tests name it): the write travels in p_turn, beside the
-- effects whose record it fills in.

/**
 * Performs a turn's deferred write for conversation p_conversation_id of patient p_patient_id at
 * p_now, in a subtransaction: p_effect is complete_turn's p_turn.write, {rpc, args, expect, log,
 * fill}. `rpc` names the slot-engine function, `args` its own arguments besides conversation,
 * patient and clock (which come from the turn, never from the caller), `expect` what its result
 * must contain (jsonb containment: the values the flow's answer was built from).
 * Returns {performed: result, ms} when it ran and gave what was expected; {refused: SQLSTATE,
 * message, ms} when it raised a BKnnn refusal; {mispredicted: result} when it succeeded with another
 * result. In the last two cases everything it did is rolled back. Any other error propagates.
 */
create function public.perform_turn_effect(
  p_conversation_id uuid,
  p_patient_id uuid,
  p_effect jsonb,
  p_now timestamptz
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_args jsonb := coalesce(p_effect -> 'args', '{}');
  v_result jsonb;
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_mispredicted boolean := false;
  v_code text;
  v_message text;
begin
  begin
    case p_effect ->> 'rpc'
      when 'claim_slot' then
        v_result := public.claim_slot(p_conversation_id, p_patient_id, (v_args ->> 'p_service_id')::uuid,
                                      (v_args ->> 'p_slot_id')::uuid, p_now, (v_args ->> 'p_replacing_appointment_id')::uuid);
      when 'confirm_hold' then
        v_result := public.confirm_hold(p_conversation_id, p_patient_id, (v_args ->> 'p_service_id')::uuid, p_now);
      when 'reschedule_appointment' then
        v_result := public.reschedule_appointment((v_args ->> 'p_appointment_id')::uuid, p_conversation_id, p_patient_id, p_now);
      when 'cancel_appointment' then
        v_result := public.cancel_appointment((v_args ->> 'p_appointment_id')::uuid, p_patient_id, p_now);
      when 'confirm_appointment' then
        v_result := public.confirm_appointment((v_args ->> 'p_appointment_id')::uuid, p_patient_id, p_now);
      when 'set_patient_opt_out' then
        v_result := public.set_patient_opt_out(p_patient_id, (v_args ->> 'p_opted_out')::boolean, p_now);
    end case;
    if not coalesce(v_result @> coalesce(p_effect -> 'expect', '{}'), false) then
      -- Undo it: the turn was settled on another outcome and must be settled again first.
      v_mispredicted := true;
      raise exception 'the result of % is not the one predicted', p_effect ->> 'rpc';
    end if;
  exception when others then
    -- Locals keep their values through the rollback of the block.
    if v_mispredicted then
      return pg_catalog.jsonb_build_object('mispredicted', v_result);
    end if;
    get stacked diagnostics v_code = returned_sqlstate, v_message = message_text;
    if v_code not like 'BK%' then
      raise;
    end if;
    return pg_catalog.jsonb_build_object('refused', v_code, 'message', v_message,
      'ms', round(extract(epoch from pg_catalog.clock_timestamp() - v_started) * 1000));
  end;
  return pg_catalog.jsonb_build_object(
    'performed', v_result,
    'ms', round(extract(epoch from pg_catalog.clock_timestamp() - v_started) * 1000));
end;
$$;

revoke execute on function public.perform_turn_effect(uuid, uuid, jsonb, timestamptz) from public, anon, authenticated;
grant execute on function public.perform_turn_effect(uuid, uuid, jsonb, timestamptz) to service_role;

comment on function public.perform_turn_effect(uuid, uuid, jsonb, timestamptz) is
  'Inside complete_turn: runs the booking change a patient''s message asked for, or reports why it could not.';

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
  --    begin_turn finds the message in its new conversation.
  select c.patient_id into v_patient_id from public.conversations c where c.id = p_conversation_id;
  if v_patient_id is null then
    return c_conflict;
  end if;
  if v_write ->> 'rpc' = any (c_patient_writers) then
    perform 1 from public.patients where id = v_patient_id for update;
  else
    perform 1 from public.patients where id = v_patient_id for no key update;
  end if;

  -- 2. The conversation, checked against what the turn read.
  select * into v_before from public.conversations where id = p_conversation_id for no key update;
  if v_before.id is null or v_before.patient_id <> v_patient_id
     or v_before.version <> p_expected_version then
    return c_conflict;
  end if;

  -- 3. The inbound message: a concurrent delivery of it may have answered it already. Locked now,
  --    marked processed once the write is done.
  perform 1 from public.messages
   where id = p_inbound_message_id and conversation_id = p_conversation_id
     and direction = 'in' and processed_at is null
     for no key update;
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
  end if;

  update public.messages
     set processed_at = p_now
   where id = p_inbound_message_id;

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
  'Saves the assistant''s answer, the conversation''s new state, the booking change it made and the turn''s log, unless another answer got there first.';
