-- Every turn inserts two messages and a turn row. Each foreign key on them is a lookup that also
-- locks the parent row (FOR KEY SHARE): with every patient of a clinic writing at once, the clinic's
-- and the channel's single rows were locked by every turn's transaction, so each lock made a
-- MultiXact, and a turn ran eleven such checks. The conversation already determines the clinic
-- and the channel (conversations has both, each with its own cascading key), so one key through
-- the conversation keeps every guarantee (a message of another clinic's or another number's
-- conversation is refused, a deleted clinic, channel or conversation takes its messages and turns)
-- and adds one: a message's number is its conversation's number, which the channel key alone did
-- not check. Per turn: eleven checks become six, none of them on the clinic's or channel's row.

/** (id, clinic_id, channel_id) is what a message names of its conversation. */
alter table public.conversations
  add constraint conversations_id_clinic_id_channel_id_key unique (id, clinic_id, channel_id);

-- NOT VALID, then VALIDATE: the check of existing rows takes a lock that lets writes go on, so a
-- deploy over a long transcript does not stop the clinic's turns while it scans.
alter table public.messages
  add constraint messages_conversation_fkey foreign key (conversation_id, clinic_id, channel_id)
    references public.conversations (id, clinic_id, channel_id) on delete cascade not valid;
alter table public.messages validate constraint messages_conversation_fkey;
alter table public.messages
  drop constraint messages_clinic_id_fkey,
  drop constraint messages_channel_id_clinic_id_fkey,
  drop constraint messages_conversation_id_clinic_id_fkey;

-- ack_outbox records a sent row in its conversation's transcript on the row's number: a row naming
-- a chat and, explicitly, another of the clinic's numbers would now fail there, after WhatsApp sent
-- it. Refuse it when it is written instead (the insert trigger fills the number from the chat when
-- none is given, so only such a contradiction is refused).
alter table public.outbox
  add constraint outbox_conversation_fkey foreign key (conversation_id, clinic_id, channel_id)
    references public.conversations (id, clinic_id, channel_id) on delete cascade not valid;
alter table public.outbox validate constraint outbox_conversation_fkey;
alter table public.outbox drop constraint outbox_conversation_id_clinic_id_fkey;
comment on constraint outbox_conversation_fkey on public.outbox is
  'A message to a chat goes out on that chat''s number: leave channel_id empty and it is filled in.';

-- A turn's conversation key (conversation_id, clinic_id) already names an existing clinic.
alter table public.turns drop constraint turns_clinic_id_fkey;
