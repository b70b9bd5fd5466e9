-- Opt-out (issue 11 §4; docs/design.md "Messages the clinic sends first"): a patient may stop the
-- messages the clinic sends on its own initiative, "reminders and notices", and start them again.
-- What counts as one is decided in one place, public.outbox_kind_respects_opt_out:
--   reminder   the visit reminder that asks to confirm
--   campaign   a notice staff send to a day's patients
-- Everything else still goes to a patient who opted out, because it is either the answer to
-- something they or staff said in their chat (staff_reply, hand_back), or a service message about a
-- booking of theirs that changed or cannot go ahead (appointment_booked, appointment_cancelled,
-- appointment_moved, rebook_offer): not telling them would leave them at a closed door. Messages to
-- staff phones (staff_alert, patient_message) are not to the patient at all.
--
-- Every sender goes through the outbox, and every outbox insert through outbox_prepare, which
-- skips a reminder or notice for a patient who opted out (as it skips one for a patient who may not
-- be messaged first); set_patient_opt_out drops the ones already queued, and claim_outbox drops any
-- queued meanwhile (20261203400600_update_outbox_claim.sql).

alter table public.patients add column opted_out_at timestamptz;
comment on column public.patients.opted_out_at is
  'When the patient asked to stop reminders and notices (empty: they get them). They do it on WhatsApp ("stop messages"); set it for a patient who asks you, clear it if they ask to get them again. Answers to their messages and news about changes to their appointments still reach them.';

-- Staff may record a patient's wish through the Data API too.
grant update (opted_out_at) on public.patients to authenticated;

/** Whether a patient who opted out is spared this kind of message (see the header of this migration). */
create or replace function public.outbox_kind_respects_opt_out(p_kind public.outbox_kind)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_kind in ('reminder', 'campaign')
$$;
revoke execute on function public.outbox_kind_respects_opt_out(public.outbox_kind) from public, anon, authenticated;
grant execute on function public.outbox_kind_respects_opt_out(public.outbox_kind) to service_role;
comment on function public.outbox_kind_respects_opt_out(public.outbox_kind) is
  'True for the kinds a patient stops with "stop messages" (reminders and notices); service messages and replies always go.';

/**
 * Records a patient's choice from the chat: p_opted_out true stops reminders and notices (and
 * drops those queued and not sent yet), false starts them again. Returns {optedOut, changed}:
 * changed is false when the patient had already chosen so. Idempotent, so a retried turn is safe.
 */
create or replace function public.set_patient_opt_out(p_patient_id uuid, p_opted_out boolean, p_now timestamptz default now())
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_before timestamptz;
begin
  if p_patient_id is null or p_opted_out is null then
    raise exception 'patient and choice are required' using errcode = 'BK009';
  end if;
  select p.opted_out_at into v_before from public.patients p where p.id = p_patient_id for no key update;
  if not found then
    raise exception 'patient % not found', p_patient_id using errcode = 'BK009';
  end if;
  if p_opted_out and v_before is null then
    update public.patients set opted_out_at = p_now, updated_at = p_now where id = p_patient_id;
  elsif not p_opted_out and v_before is not null then
    update public.patients set opted_out_at = null, updated_at = p_now where id = p_patient_id;
  end if;
  if p_opted_out then
    -- Queued and not yet handed to the bot: nothing was sent, so nothing is lost.
    delete from public.outbox o
     where o.patient_id = p_patient_id and o.status = 'pending' and o.text is null
       and public.outbox_kind_respects_opt_out(o.kind);
  end if;
  return pg_catalog.jsonb_build_object('optedOut', p_opted_out, 'changed', (v_before is null) = p_opted_out);
end;
$$;
revoke execute on function public.set_patient_opt_out(uuid, boolean, timestamptz) from public, anon, authenticated;
grant execute on function public.set_patient_opt_out(uuid, boolean, timestamptz) to service_role;
comment on function public.set_patient_opt_out(uuid, boolean, timestamptz) is
  'Stops (true) or restarts (false) a patient''s reminders and notices, as they asked in the chat.';

/**
 * Addresses a new outbox row and applies the rules of who may be messaged first (replacing
 * 20261203100800_update_outbox_for_staff.sql's, with the opt-out added at the end).
 *
 * Text: a staff_reply needs it; every other kind must leave it empty (the function writes it).
 * Addressing: from the conversation when given; else from the patient (the appointment's own chat,
 * else their latest chat on an enabled number, on the row's number when it names one; without a
 * chat, their phone number if they gave consent); else, for a staff reply given only a phone
 * number, the clinic's patient with that number. A staff_alert or patient_message goes to the phone
 * given (a staff member's), never to a patient's chat. The channel defaults to the clinic's first
 * enabled number.
 *
 * Not reachable (no chat, no consent, no number, or no enabled number): a staff reply or alert is
 * refused (ST005, saying why); an automatic message is skipped (the trigger returns null, so the
 * insert adds nothing). A reminder or notice (outbox_kind_respects_opt_out) for a patient who
 * stopped them is skipped the same way.
 *
 * Security invoker: staff inserting a reply see only their own clinic's conversations and patients,
 * so a conversation of another clinic leaves the row unaddressed and the insert fails.
 */
create or replace function public.outbox_prepare()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_conversation record;
  v_patient record;
  v_automatic boolean := new.kind not in ('staff_reply', 'staff_alert', 'patient_message');
begin
  if new.kind = 'notice' then
    raise exception 'outbox kind "notice" is retired: write a staff_reply, or let the system send its own kinds'
      using errcode = 'ST005';
  end if;
  if new.kind = 'staff_reply' then
    if new.text is null or pg_catalog.btrim(new.text) = '' then
      raise exception 'a staff reply needs its text: write the message in the text column' using errcode = 'ST005';
    end if;
  elsif new.text is not null then
    raise exception 'the assistant writes the text of % messages when it sends them: leave text empty', new.kind
      using errcode = 'ST005', hint = 'To write a message yourself, use kind staff_reply.';
  end if;

  if new.kind in ('staff_alert', 'patient_message') then
    if new.phone is null then
      raise exception 'a message to staff needs the phone number of the staff member' using errcode = 'ST005';
    end if;
    if new.clinic_id is null and new.patient_id is not null then
      select p.clinic_id into new.clinic_id from public.patients p where p.id = new.patient_id;
    end if;
  elsif new.conversation_id is not null then
    select c.clinic_id, c.channel_id, c.patient_id, c.chat_jid, p.phone
      into v_conversation
      from public.conversations c
      join public.patients p on p.id = c.patient_id
     where c.id = new.conversation_id;
    if found then
      new.clinic_id := coalesce(new.clinic_id, v_conversation.clinic_id);
      new.channel_id := coalesce(new.channel_id, v_conversation.channel_id);
      new.patient_id := coalesce(new.patient_id, v_conversation.patient_id);
      new.chat_jid := coalesce(new.chat_jid, v_conversation.chat_jid);
      new.phone := coalesce(new.phone, v_conversation.phone);
    end if;
  else
    if new.patient_id is null and new.phone is not null and new.clinic_id is not null then
      select p.id into new.patient_id from public.patients p where p.clinic_id = new.clinic_id and p.phone = new.phone;
    end if;
    if new.patient_id is null then
      raise exception 'no patient to send to: give the chat (conversation_id), or a patient (patient_id), or the number of a patient of the clinic'
        using errcode = 'ST005';
    end if;
    select p.id, p.clinic_id, p.phone, p.messaging_consent, coalesce(p.name, p.push_name, p.phone, 'this patient') as label
      into v_patient
      from public.patients p where p.id = new.patient_id;
    if not found then
      raise exception 'no patient with id %', new.patient_id using errcode = 'ST005';
    end if;
    new.clinic_id := coalesce(new.clinic_id, v_patient.clinic_id);
    select c.id, c.channel_id, c.chat_jid
      into v_conversation
      from public.conversations c
      join public.channels ch on ch.id = c.channel_id and ch.enabled
     where c.patient_id = new.patient_id
       and (new.channel_id is null or c.channel_id = new.channel_id)
     order by (c.id = (select a.conversation_id from public.appointments a where a.id = new.appointment_id)) desc nulls last,
              c.last_inbound_at desc nulls last, c.created_at desc
     limit 1;
    if found then
      new.conversation_id := v_conversation.id;
      new.channel_id := coalesce(new.channel_id, v_conversation.channel_id);
      new.chat_jid := coalesce(new.chat_jid, v_conversation.chat_jid);
      new.phone := coalesce(new.phone, v_patient.phone);
    elsif v_patient.messaging_consent and v_patient.phone is not null then
      new.phone := v_patient.phone;
    elsif v_automatic then
      return null;
    else
      raise exception '% has never written to the clinic on WhatsApp and has not agreed to messages', v_patient.label
        using errcode = 'ST005',
              hint = 'Tick patients.messaging_consent once the patient agrees to WhatsApp messages from the clinic.';
    end if;
  end if;

  if new.channel_id is null and new.clinic_id is not null then
    select ch.id into new.channel_id
      from public.channels ch
     where ch.clinic_id = new.clinic_id and ch.enabled
     order by ch.created_at, ch.id
     limit 1;
    if new.channel_id is null then
      if v_automatic then
        return null;
      end if;
      raise exception 'the clinic has no enabled WhatsApp number to send from' using errcode = 'ST005';
    end if;
  end if;

  -- The patient asked to stop reminders and notices: this one is not created. Nested: staff adding
  -- a reply run this trigger as themselves, and may not execute the helper (nor need to).
  if v_automatic then
    if public.outbox_kind_respects_opt_out(new.kind)
       and exists (select 1 from public.patients p where p.id = new.patient_id and p.opted_out_at is not null) then
      return null;
    end if;
  end if;
  return new;
end;
$$;
revoke execute on function public.outbox_prepare() from public, anon, authenticated;
