-- Messages: the transcript of every conversation, in and out.

create type public.message_direction as enum ('in', 'out');
comment on type public.message_direction is 'in = written by the patient; out = sent by the clinic (assistant or staff).';

/** One WhatsApp message in a conversation. An inbound WhatsApp id is recorded once per number. */
create table public.messages (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  channel_id uuid not null,
  conversation_id uuid not null,
  direction public.message_direction not null,
  body text not null,
  wa_message_id text check (length(wa_message_id) > 0),
  reply_to_id uuid references public.messages (id) on delete set null,
  created_at timestamptz not null default now(),
  check (direction = 'out' or wa_message_id is not null),
  -- A repeated inbound WhatsApp id is a redelivery; the turn RPC relies on this key to detect it.
  constraint messages_channel_wa_message_key unique (channel_id, wa_message_id),
  foreign key (channel_id, clinic_id) references public.channels (id, clinic_id) on delete cascade,
  foreign key (conversation_id, clinic_id) references public.conversations (id, clinic_id) on delete cascade
);
alter table public.messages enable row level security;
create index messages_conversation_created_idx on public.messages (conversation_id, created_at desc);
create index messages_reply_to_id_idx on public.messages (reply_to_id) where reply_to_id is not null;

comment on table public.messages is 'Every message in every chat, from patients and to patients.';
comment on column public.messages.id is 'Internal identifier of the message.';
comment on column public.messages.clinic_id is 'The clinic.';
comment on column public.messages.channel_id is 'The clinic''s WhatsApp number.';
comment on column public.messages.conversation_id is 'The chat this message belongs to.';
comment on column public.messages.direction is 'in = from the patient; out = to the patient.';
comment on column public.messages.body is 'The text of the message.';
comment on column public.messages.wa_message_id is 'WhatsApp''s own id of the message (used to ignore repeats).';
comment on column public.messages.reply_to_id is 'For an answer: the patient''s message it answers.';
comment on column public.messages.created_at is 'When the message was recorded.';

grant select, insert, update, delete on public.messages to service_role;
grant select on public.messages to authenticated;

create policy "staff see their clinic's messages" on public.messages
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
