-- Staff answering from their phone (issue 7 §4; docs/design.md "Staff alerts"). A message from an
-- alert phone (begin_turn answers {staff}) is never a patient turn: answer_staff_message decides
-- what it is for and does it, in one round trip, recording it once per WhatsApp id.

/**
 * Handles message p_message_id that staff member p_staff_id sent to channel p_channel_id:
 *   - which patient: the alert it quotes (p_quoted_message_id: a staff_alert or a forwarded
 *     patient_message), else the alert whose reference starts it (p_reference; the text after it,
 *     p_text, is then the answer), else the one conversation this person answered and still has;
 *   - what: a hand-back word ("bot", "menu": p_hand_back for the whole text, p_hand_back_after_reference
 *     for the text after the reference) gives the conversation back to the assistant (the
 *     conversation triggers reset it, tell the patient with the main menu and close the alert);
 *     anything else goes to the patient as a staff reply (outbox staff_reply) and takes the
 *     conversation over (mode human). The first staff member to answer an alert owns it; anyone
 *     else is refused, and told who has it.
 * Returns what the function writes back to the staff member: {outcome (sent | taken | handed_back |
 * already_with_bot | ambiguous | empty | help), messageId (this record's id), conversationId (the
 * patient's chat, null when none), reference, patientName, patientPhone, first (the answer that
 * took the alert), ownerName (outcome taken), list ([{reference, patientName, patientPhone}] for
 * ambiguous), language (the staff member's alert language), duplicate}. A redelivered message gets
 * the same answer and changes nothing.
 */
create or replace function public.answer_staff_message(
  p_channel_id uuid,
  p_staff_id uuid,
  p_message_id text,
  p_body text,
  p_quoted_message_id text default null,
  p_reference text default null,
  p_text text default null,
  p_hand_back boolean default false,
  p_hand_back_after_reference boolean default false,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_channel public.channels;
  v_clinic public.clinics;
  v_staff public.staff;
  v_record_id uuid;
  v_alert public.staff_alerts;
  v_conversation public.conversations;
  v_patient public.patients;
  v_body text := p_body;
  v_hand_back boolean := p_hand_back;
  v_outcome text;
  v_first boolean := false;
  v_owner text;
  v_list jsonb;
  v_outbox_id uuid;
  v_details jsonb;
begin
  if p_message_id is null or p_body is null then
    raise exception 'message id and body are required' using errcode = 'BK009';
  end if;
  select * into v_channel from public.channels where id = p_channel_id and enabled;
  if not found then
    raise exception 'unknown or disabled channel %', p_channel_id using errcode = 'BK009';
  end if;
  select * into v_clinic from public.clinics where id = v_channel.clinic_id;
  select * into v_staff from public.staff where id = p_staff_id and clinic_id = v_clinic.id and alert_phone is not null;
  if not found then
    raise exception 'no alert phone % in this clinic', p_staff_id using errcode = 'BK009';
  end if;

  -- Once per WhatsApp id: a concurrent delivery waits here for the first one's outcome.
  insert into public.staff_messages (clinic_id, channel_id, staff_id, wa_message_id, body, quoted_wa_message_id, outcome, created_at)
  values (v_clinic.id, v_channel.id, v_staff.id, p_message_id, p_body, p_quoted_message_id, 'help', p_now)
  on conflict on constraint staff_messages_channel_wa_message_key do nothing
  returning id into v_record_id;
  if v_record_id is null then
    return (select m.details || jsonb_build_object('duplicate', true) from public.staff_messages m
             where m.channel_id = p_channel_id and m.wa_message_id = p_message_id);
  end if;

  -- Which patient: the alert quoted, the reference typed, or the one chat this person still has.
  if p_quoted_message_id is not null then
    select a.* into v_alert
      from public.outbox o
      join public.staff_alerts a on a.id = (o.params ->> 'alertId')::uuid and a.clinic_id = v_clinic.id
     where o.channel_id = v_channel.id and o.wa_message_id = p_quoted_message_id
       and o.kind in ('staff_alert', 'patient_message');
  end if;
  if p_reference is not null then
    if v_alert.id is null then
      select * into v_alert from public.staff_alerts where clinic_id = v_clinic.id and reference = upper(p_reference);
    end if;
    if v_alert.id is not null and v_alert.reference = upper(p_reference) then
      v_body := coalesce(p_text, '');
      v_hand_back := p_hand_back_after_reference;
    end if;
  end if;
  if v_alert.id is null then
    select jsonb_agg(jsonb_build_object('reference', a.reference, 'patientName', coalesce(p.name, p.push_name),
                                        'patientPhone', p.phone) order by a.answered_at desc)
      into v_list
      from public.staff_alerts a
      join public.conversations c on c.id = a.conversation_id and c.mode = 'human'
      join public.patients p on p.id = a.patient_id
     where a.answered_by = v_staff.id and a.closed_at is null;
    if jsonb_array_length(coalesce(v_list, '[]')) = 1 then
      select a.* into v_alert
        from public.staff_alerts a
        join public.conversations c on c.id = a.conversation_id and c.mode = 'human'
       where a.answered_by = v_staff.id and a.closed_at is null;
    elsif v_list is not null then
      v_outcome := 'ambiguous';
    else
      v_outcome := 'help';
    end if;
  end if;

  if v_alert.id is not null then
    -- The alert row is the lock two colleagues answering at once queue on: the first one owns it.
    select * into v_alert from public.staff_alerts where id = v_alert.id for update;
    select * into v_conversation from public.conversations where id = v_alert.conversation_id;
    select * into v_patient from public.patients where id = v_alert.patient_id;
    if v_alert.answered_by is not null and v_alert.answered_by <> v_staff.id then
      v_outcome := 'taken';
      select s.display_name into v_owner from public.staff s where s.id = v_alert.answered_by;
    else
      if v_alert.answered_by is null and (v_hand_back or pg_catalog.btrim(v_body) <> '') then
        update public.staff_alerts set answered_by = v_staff.id, answered_at = p_now where id = v_alert.id;
        v_first := true;
      end if;
      if v_hand_back then
        if v_conversation.mode = 'human' then
          -- conversations_track_changes resets the chat to the menu, lifts a pause and queues the
          -- hand_back message; conversations_close_staff_alerts closes the alert.
          update public.conversations set mode = 'bot' where id = v_conversation.id;
          v_outcome := 'handed_back';
        elsif v_conversation.paused_until > p_now then
          -- A cool-off the assistant went quiet for: staff let it speak again.
          update public.conversations set paused_until = null where id = v_conversation.id;
          perform public.close_staff_alerts(v_conversation.id, p_now);
          v_outcome := 'handed_back';
        else
          perform public.close_staff_alerts(v_conversation.id, p_now);
          v_outcome := 'already_with_bot';
        end if;
      elsif pg_catalog.btrim(v_body) = '' then
        v_outcome := 'empty';
      else
        -- Answering an alert closed since (the patient went back to the assistant) opens it again,
        -- unless the patient needed staff anew meanwhile (that newer alert stays the open one).
        update public.staff_alerts a set closed_at = null
         where a.id = v_alert.id and a.closed_at is not null
           and not exists (select 1 from public.staff_alerts b where b.conversation_id = a.conversation_id and b.closed_at is null);
        update public.conversations set mode = 'human' where id = v_conversation.id and mode <> 'human';
        insert into public.outbox (kind, conversation_id, text) values ('staff_reply', v_conversation.id, v_body)
        returning id into v_outbox_id;
        v_outcome := 'sent';
      end if;
    end if;
  end if;

  v_details := jsonb_build_object(
    'outcome', v_outcome,
    'messageId', v_record_id,
    'conversationId', v_conversation.id,
    'reference', v_alert.reference,
    'patientName', coalesce(v_patient.name, v_patient.push_name),
    'patientPhone', v_patient.phone,
    'first', v_first,
    'ownerName', v_owner,
    'list', coalesce(v_list, '[]'),
    'language', coalesce(v_staff.alert_language, v_clinic.language));
  update public.staff_messages
     set outcome = v_outcome, details = v_details, alert_id = v_alert.id, outbox_id = v_outbox_id
   where id = v_record_id;
  return v_details || jsonb_build_object('duplicate', false);
end;
$$;
revoke execute on function public.answer_staff_message(uuid, uuid, text, text, text, text, text, boolean, boolean, timestamptz) from public, anon, authenticated;
grant execute on function public.answer_staff_message(uuid, uuid, text, text, text, text, text, boolean, boolean, timestamptz) to service_role;
comment on function public.answer_staff_message(uuid, uuid, text, text, text, text, text, boolean, boolean, timestamptz) is
  'Passes a staff member''s WhatsApp answer to the patient it is for (or hands the chat back), once per message.';
