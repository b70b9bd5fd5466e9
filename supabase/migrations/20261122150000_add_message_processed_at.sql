-- Turns: an inbound message is processed exactly once. begin_turn records it (with the time WhatsApp
-- says it was sent), complete_turn marks it processed together with the reply and the new
-- conversation state, in one transaction.

alter table public.messages add column processed_at timestamptz;
alter table public.messages add column sent_at timestamptz;

comment on column public.messages.processed_at is
  'For a patient''s message: when the assistant finished handling it (empty while in progress or if it crashed; a redelivery then completes it).';
comment on column public.messages.sent_at is
  'For a patient''s message: when WhatsApp says it was sent (created_at is when we received it).';
