-- One mechanism for every message the clinic sends first (issue 7 §2, docs/design.md "Outbox kinds").
--
-- A row carries its kind and parameters (params). Only a staff_reply carries text written by a
-- person; for every other kind the whatsapp-webhook function writes the text when the bot claims the
-- row, in the patient's language and the clinic's locale, and stores it back here (text,
-- rendered_at), so the history and Studio show exactly what was sent. A rendered row may carry the
-- conversation state the patient should be in once it is sent (next_state, computed against the
-- conversation's version next_state_version); ack_outbox applies it only if that version is still
-- current and the conversation is with the bot (20261202101000_update_outbox_rpcs.sql).
--
-- Who may be messaged first: patients with a conversation with the clinic, or whose consent staff
-- recorded (patients.messaging_consent) and whose number is known. The row trigger below applies the
-- rule to every insert: a staff reply to someone else is refused with a message saying why; an
-- automatic message (reminder, notice) to someone else is simply not created.

-- Studio's insert form demands every NOT NULL column, even those outbox_prepare fills in from the
-- chat: clinic and number become nullable, with a check constraint (checked after the trigger).
alter table public.outbox
  alter column text drop not null,
  alter column clinic_id drop not null,
  alter column channel_id drop not null,
  add constraint outbox_addressed_check check (clinic_id is not null and channel_id is not null),
  add column params jsonb not null default '{}',
  add column rendered_at timestamptz,
  add column next_state jsonb,
  add column next_state_version int,
  add column next_state_applied_at timestamptz,
  add column wa_message_id text,
  add constraint outbox_params_check check (jsonb_typeof(params) = 'object'),
  add constraint outbox_staff_reply_text_check check (kind <> 'staff_reply' or text is not null),
  add constraint outbox_sent_text_check check (status <> 'sent' or text is not null),
  add constraint outbox_next_state_check check ((next_state is null) = (next_state_version is null)),
  add constraint outbox_wa_message_id_check check (length(wa_message_id) > 0);

comment on column public.outbox.text is
  'The message. You write it for a staff_reply; for every other kind the assistant writes it when sending (empty until then).';
comment on column public.outbox.kind is
  'staff_reply for a message you write (the default); the other kinds are written by the system (reminder, appointment_cancelled, appointment_moved, appointment_booked, rebook_offer, hand_back, staff_alert).';
comment on column public.outbox.params is 'What an automatic message is about (the assistant writes its text from these; leave empty for a staff reply).';
comment on column public.outbox.rendered_at is 'When the assistant wrote the text of an automatic message.';
comment on column public.outbox.next_state is 'Where the patient''s chat goes once this is sent, for example choosing a new time (assistant data).';
comment on column public.outbox.next_state_version is 'The chat''s change counter the next state was computed for; it is applied only if the chat has not changed since.';
comment on column public.outbox.next_state_applied_at is 'When the chat was moved to next_state (empty if it was not: the patient was busy or with staff).';
comment on column public.outbox.wa_message_id is 'WhatsApp''s id of the message sent (lets a quoted reply be traced back to it).';

/** An instant as params store it: ISO 8601 in UTC ("2030-01-11T10:00:00Z"), whatever the session's time zone. */
create or replace function public.utc_iso(p_instant timestamptz)
returns text
language sql
immutable
set search_path = ''
as $$
  select pg_catalog.to_char(p_instant at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
revoke execute on function public.utc_iso(timestamptz) from public, anon, authenticated;
grant execute on function public.utc_iso(timestamptz) to service_role;
comment on function public.utc_iso(timestamptz) is 'An instant as ISO 8601 text in UTC, for outbox params.';

-- Reminders are keyed by the appointment and the start they remind of, so an appointment that staff
-- move gets a reminder for its new time too. Reminders queued before this migration get their
-- start so they keep counting as sent.
update public.outbox o
   set params = pg_catalog.jsonb_build_object('startsAt', public.utc_iso(a.starts_at))
  from public.appointments a
 where o.kind = 'reminder' and a.id = o.appointment_id;
drop index public.outbox_one_reminder_per_appointment_idx;
create unique index outbox_one_reminder_per_start_idx on public.outbox (appointment_id, (params ->> 'startsAt'))
  where kind = 'reminder';
-- A patient is offered to rebook an appointment once (a sent offer is never repeated; an offer
-- dropped before sending, because the closure was lifted, may come again).
create unique index outbox_one_rebook_offer_idx on public.outbox (appointment_id) where kind = 'rebook_offer';
create index outbox_appointment_id_idx on public.outbox (appointment_id) where appointment_id is not null;
create index outbox_failed_idx on public.outbox (clinic_id, created_at desc) where status = 'failed';

/**
 * Addresses a new outbox row and applies the rules of who may be messaged first.
 *
 * Text: a staff_reply needs it; every other kind must leave it empty (the function writes it).
 * Addressing: from the conversation when given; else from the patient (the appointment's own chat,
 * else their latest chat on an enabled number, on the row's number when it names one; without a
 * chat, their phone number if they gave consent); else, for a staff reply given only a phone number, the clinic's patient with that
 * number. A staff_alert goes to the phone given (a staff member's), never to a patient's chat.
 * The channel defaults to the clinic's first enabled number.
 *
 * Not reachable (no chat, no consent, no number, or no enabled number): a staff reply or alert is
 * refused (ST005, saying why); an automatic message is skipped (the trigger returns null, so the
 * insert adds nothing).
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
  v_automatic boolean := new.kind not in ('staff_reply', 'staff_alert');
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

  if new.kind = 'staff_alert' then
    if new.phone is null then
      raise exception 'a staff alert needs the phone number of the staff member to alert' using errcode = 'ST005';
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
  return new;
end;
$$;
revoke execute on function public.outbox_prepare() from public, anon, authenticated;

drop trigger outbox_fill_from_conversation on public.outbox;
drop function public.outbox_fill_from_conversation();
create trigger outbox_prepare
  before insert on public.outbox
  for each row execute function public.outbox_prepare();

/**
 * Queues an automatic message (any kind but staff_reply) for a patient, addressed by outbox_prepare;
 * p_conversation_id names the chat when the message belongs to one (a hand-back); otherwise the
 * patient's chat is chosen. Returns its id, or null when nothing was queued: the patient may not be messaged first, or the
 * same message is already queued (a unique index of its kind, e.g. one reminder per appointment
 * start, one rebook offer per appointment). For the triggers and RPCs of the booking engine only.
 */
create or replace function public.enqueue_notice(
  p_kind public.outbox_kind,
  p_patient_id uuid,
  p_params jsonb,
  p_appointment_id uuid default null,
  p_conversation_id uuid default null,
  p_send_after timestamptz default now()
)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_kind = 'staff_reply' then
    raise exception 'enqueue_notice is for automatic messages' using errcode = 'ST005';
  end if;
  insert into public.outbox (kind, patient_id, appointment_id, conversation_id, params, send_after)
  values (p_kind, p_patient_id, p_appointment_id, p_conversation_id, coalesce(p_params, '{}'), p_send_after)
  on conflict do nothing
  returning id into v_id;
  return v_id;
end;
$$;
revoke execute on function public.enqueue_notice(public.outbox_kind, uuid, jsonb, uuid, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.enqueue_notice(public.outbox_kind, uuid, jsonb, uuid, uuid, timestamptz) to service_role;
comment on function public.enqueue_notice(public.outbox_kind, uuid, jsonb, uuid, uuid, timestamptz) is
  'Queues an automatic message for a patient who may be messaged first; null when not queued.';
