-- Conversations: one per patient and WhatsApp number, with the bot's state and who is answering.

create type public.conversation_mode as enum ('bot', 'human');
comment on type public.conversation_mode is 'Who answers the patient: the bot, or staff (human).';

/** The ongoing chat between a patient and one of the clinic's numbers. */
create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  channel_id uuid not null,
  patient_id uuid not null,
  chat_jid text not null check (length(chat_jid) > 0),
  mode public.conversation_mode not null default 'bot',
  state jsonb not null default '{}',
  version int not null default 0 check (version >= 0),
  paused_until timestamptz,
  last_inbound_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (channel_id, patient_id),
  unique (id, clinic_id),
  foreign key (channel_id, clinic_id) references public.channels (id, clinic_id) on delete cascade,
  foreign key (patient_id, clinic_id) references public.patients (id, clinic_id) on delete cascade
);
alter table public.conversations enable row level security;
create index conversations_patient_id_idx on public.conversations (patient_id);
create index conversations_waiting_idx on public.conversations (clinic_id, last_inbound_at desc)
  where mode = 'human';

comment on table public.conversations is 'WhatsApp chats with patients. Set "mode" to human to answer yourself, back to bot to let the assistant answer.';
comment on column public.conversations.id is 'Internal identifier of the chat.';
comment on column public.conversations.clinic_id is 'The clinic.';
comment on column public.conversations.channel_id is 'The clinic''s WhatsApp number this chat is on.';
comment on column public.conversations.patient_id is 'The patient.';
comment on column public.conversations.chat_jid is 'WhatsApp''s address of the chat (where replies are sent).';
comment on column public.conversations.mode is 'bot = the assistant answers; human = staff answer and the assistant stays quiet.';
comment on column public.conversations.state is 'Where the patient is in a booking or menu (managed by the assistant; do not edit).';
comment on column public.conversations.version is 'Change counter the assistant uses to avoid two answers overwriting each other (do not edit).';
comment on column public.conversations.paused_until is 'The assistant does not answer this patient until this time (after repeated invalid answers).';
comment on column public.conversations.last_inbound_at is 'When the patient last wrote.';
comment on column public.conversations.created_at is 'When the chat started.';
comment on column public.conversations.updated_at is 'When the chat last changed.';

grant select, insert, update, delete on public.conversations to service_role;
grant select, update (mode, paused_until) on public.conversations to authenticated;

create policy "staff see their clinic's conversations" on public.conversations
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff switch their clinic's conversations between bot and human" on public.conversations
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()))
  with check (clinic_id in (select public.current_clinic_ids()));
