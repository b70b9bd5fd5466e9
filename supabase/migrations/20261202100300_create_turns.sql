-- Turn log, schema only (issue 7 §5): one row per processed inbound message, written by
-- complete_turn in the same transaction as the turn's commit (that part comes with the lead's
-- change of complete_turn). Staff read it in Studio to see what the assistant did and why.
--
-- The jsonb shapes (docs/design.md, "Turn log"):
--   state_before, state_after  conversations.state as the turn read it and as it committed it
--                              (the flow's versioned state, {} for a fresh conversation)
--   effects  an array, in the order performed, of
--            {"type": "claim_slot", "input": {...the effect without its type...},
--             "result": {"outcome": "held" | "taken" | "refused" | ..., "code": "BK001" | null, ...},
--             "ms": 12}
--            (type and input are the flow's Effect; result is what came back, with the SQLSTATE of
--            a refused RPC in code). Effects that only change the conversation (reply, handoff,
--            pause, set_patient_name) are listed with "result": null.

/** What the assistant did with one patient message. */
create table public.turns (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  conversation_id uuid not null,
  message_id uuid not null references public.messages (id) on delete cascade,
  gate text not null check (gate in ('step', 'silent', 'notice', 'resume', 'restart')),
  gate_reason text check (length(gate_reason) > 0),
  mode_before public.conversation_mode not null,
  mode_after public.conversation_mode not null,
  state_before jsonb not null,
  state_after jsonb not null,
  version_after int not null check (version_after > 0),
  effects jsonb not null default '[]' check (jsonb_typeof(effects) = 'array'),
  reply text,
  reply_message_id uuid references public.messages (id) on delete set null,
  attempts int not null default 1 check (attempts >= 1),
  duration_ms int not null check (duration_ms >= 0),
  created_at timestamptz not null default now(),
  -- One row per processed message: a redelivery or a retried turn never logs twice.
  constraint turns_message_key unique (message_id),
  foreign key (conversation_id, clinic_id) references public.conversations (id, clinic_id) on delete cascade
);
alter table public.turns enable row level security;
create index turns_conversation_created_idx on public.turns (conversation_id, created_at desc);
create index turns_clinic_created_idx on public.turns (clinic_id, created_at desc);
create index turns_reply_message_id_idx on public.turns (reply_message_id) where reply_message_id is not null;

comment on table public.turns is 'What the assistant did with each patient message: whether it answered, the step before and after, what it booked or cancelled, and its reply. Read-only.';
comment on column public.turns.id is 'Internal identifier of this entry.';
comment on column public.turns.clinic_id is 'The clinic.';
comment on column public.turns.conversation_id is 'The chat.';
comment on column public.turns.message_id is 'The patient''s message that was handled.';
comment on column public.turns.gate is 'step = the assistant answered it; silent = staff have the chat, or the patient is paused or flooding; notice = a fixed notice (too many messages); resume = the assistant took the chat back from staff; restart = started over at the main menu.';
comment on column public.turns.gate_reason is 'Why, for silent, notice, resume and restart (for example human, paused, rate_limited, idle).';
comment on column public.turns.mode_before is 'Who had the chat before this message: bot or human.';
comment on column public.turns.mode_after is 'Who has the chat after it.';
comment on column public.turns.state_before is 'Where the patient was in the menus before (assistant data).';
comment on column public.turns.state_after is 'Where the patient is in the menus after (assistant data).';
comment on column public.turns.version_after is 'The chat''s change counter after this message.';
comment on column public.turns.effects is 'What the assistant did, in order (looked up times, held, booked, cancelled, …) and what came of each.';
comment on column public.turns.reply is 'The assistant''s answer (empty when it stayed silent).';
comment on column public.turns.reply_message_id is 'The answer as stored in messages.';
comment on column public.turns.attempts is 'How many tries the turn needed (more than 1 when another change to the chat landed at the same time).';
comment on column public.turns.duration_ms is 'How long handling the message took, in milliseconds.';
comment on column public.turns.created_at is 'When the message was handled.';

grant select, insert, update, delete on public.turns to service_role;
grant select on public.turns to authenticated;

create policy "staff see their clinic's turns" on public.turns
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
