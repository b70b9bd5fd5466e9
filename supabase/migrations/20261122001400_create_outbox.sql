-- Outbox: messages not caused by a patient's message (staff replies, reminders, notices), sent by the bot.

create type public.outbox_kind as enum ('staff_reply', 'reminder', 'notice');
comment on type public.outbox_kind is 'staff_reply = written by staff; reminder = appointment reminder; notice = other automatic message.';
create type public.outbox_status as enum ('pending', 'sending', 'sent', 'failed');
comment on type public.outbox_status is 'pending = waiting to be sent; sending = the bot is sending it; sent; failed = gave up.';

/** A message waiting to be sent, or already sent, by the bot. */
create table public.outbox (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  channel_id uuid not null,
  conversation_id uuid,
  patient_id uuid,
  chat_jid text check (length(chat_jid) > 0),
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  text text not null check (length(trim(text)) > 0 and length(text) <= 4096),
  kind public.outbox_kind not null default 'staff_reply',
  send_after timestamptz not null default now(),
  status public.outbox_status not null default 'pending',
  attempts int not null default 0 check (attempts >= 0),
  claimed_until timestamptz,
  last_error text,
  sent_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (chat_jid is not null or phone is not null),
  check ((status = 'sent') = (sent_at is not null)),
  foreign key (channel_id, clinic_id) references public.channels (id, clinic_id) on delete cascade,
  foreign key (conversation_id, clinic_id) references public.conversations (id, clinic_id) on delete cascade,
  foreign key (patient_id, clinic_id) references public.patients (id, clinic_id) on delete cascade
);
alter table public.outbox enable row level security;
-- The bot's claim: due pending messages (and expired 'sending' claims) per channel, oldest first.
create index outbox_due_idx on public.outbox (channel_id, send_after)
  where status in ('pending', 'sending');
create index outbox_conversation_id_idx on public.outbox (conversation_id) where conversation_id is not null;

comment on table public.outbox is 'Messages the clinic sends without the patient writing first: staff replies, reminders, notices. To answer a patient, add a row with the chat and your text.';
comment on column public.outbox.id is 'Internal identifier of the message.';
comment on column public.outbox.clinic_id is 'The clinic (filled in from the chat).';
comment on column public.outbox.channel_id is 'The clinic''s WhatsApp number it is sent from (filled in from the chat).';
comment on column public.outbox.conversation_id is 'The chat to send to.';
comment on column public.outbox.patient_id is 'The patient (filled in from the chat).';
comment on column public.outbox.chat_jid is 'WhatsApp''s address of the chat (filled in from the chat).';
comment on column public.outbox.phone is 'The patient''s number (filled in from the patient).';
comment on column public.outbox.text is 'The message text.';
comment on column public.outbox.kind is 'staff_reply for a message you write; reminder and notice are automatic.';
comment on column public.outbox.send_after is 'Not sent before this time (now, unless you schedule it).';
comment on column public.outbox.status is 'pending, sending, sent or failed.';
comment on column public.outbox.attempts is 'How many times sending was tried.';
comment on column public.outbox.claimed_until is 'The bot is sending it until this time; after that it may be tried again.';
comment on column public.outbox.last_error is 'Why the last attempt failed.';
comment on column public.outbox.sent_at is 'When it was sent.';
comment on column public.outbox.created_by is 'Who wrote it (empty for automatic messages).';
comment on column public.outbox.created_at is 'When it was added.';

/**
 * Fills the addressing columns from the conversation, so staff only give the chat and the text.
 * Security invoker: staff can read only their own clinic's conversations, so a conversation of
 * another clinic leaves the columns empty and the insert fails.
 */
create or replace function public.outbox_fill_from_conversation()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_conversation record;
begin
  if new.conversation_id is null then
    return new;
  end if;
  select c.clinic_id, c.channel_id, c.patient_id, c.chat_jid, p.phone
    into v_conversation
    from public.conversations c
    join public.patients p on p.id = c.patient_id
   where c.id = new.conversation_id;
  if not found then
    return new;
  end if;
  new.clinic_id := coalesce(new.clinic_id, v_conversation.clinic_id);
  new.channel_id := coalesce(new.channel_id, v_conversation.channel_id);
  new.patient_id := coalesce(new.patient_id, v_conversation.patient_id);
  new.chat_jid := coalesce(new.chat_jid, v_conversation.chat_jid);
  new.phone := coalesce(new.phone, v_conversation.phone);
  return new;
end;
$$;
revoke execute on function public.outbox_fill_from_conversation() from public, anon, authenticated;

create trigger outbox_fill_from_conversation
  before insert on public.outbox
  for each row execute function public.outbox_fill_from_conversation();

grant select, insert, update, delete on public.outbox to service_role;
grant select on public.outbox to authenticated;
-- Staff name the chat and write the text; everything else is filled in or defaulted.
grant insert (conversation_id, text, kind, send_after) on public.outbox to authenticated;

create policy "staff see their clinic's outgoing messages" on public.outbox
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff reply in their clinic's conversations" on public.outbox
  for insert to authenticated
  with check (
    kind = 'staff_reply'
    and status = 'pending'
    and clinic_id in (select public.current_clinic_ids())
    and exists (
      select 1 from public.conversations c
       where c.id = outbox.conversation_id
         and c.clinic_id = outbox.clinic_id
         and c.channel_id = outbox.channel_id
         and c.patient_id = outbox.patient_id
    )
  );
