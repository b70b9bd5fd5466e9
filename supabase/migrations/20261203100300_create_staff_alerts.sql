-- Staff alerts and answers from the phone, schema (issue 7 §4; docs/design.md "Staff alerts"):
--   staff_alerts    one row per time a patient needed staff (asked for a person, reached the
--                   cool-off, or a message of theirs failed for good), with a short reference staff
--                   type or quote to answer; one WhatsApp message (outbox kind staff_alert) per
--                   alert phone of the clinic; the first staff member to answer owns it
--   staff_messages  what staff wrote from an alert phone, and what came of it (never a patient turn)
--   dead_letters    patient messages the bot gave up relaying, reported with POST /dead-letter
--   staff.alert_language, staff.alert_lid  the language a staff member is alerted in, and the
--                   WhatsApp LID their phone was last seen writing from

alter table public.staff
  add column alert_language public.language_code,
  add column alert_lid text check (alert_lid ~ '^[0-9]{1,20}$'),
  add constraint staff_clinic_alert_lid_key unique (clinic_id, alert_lid);

comment on column public.staff.alert_language is
  'Language of this person''s WhatsApp alerts (en, es, pt); empty = the clinic''s language.';
comment on column public.staff.alert_lid is
  'WhatsApp''s private id (LID) this person''s alert phone writes from, learned by the assistant (do not edit).';

/** A patient who needs staff: what happened, the reference staff answer with, who answered. */
create table public.staff_alerts (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  conversation_id uuid not null,
  patient_id uuid not null references public.patients (id) on delete cascade,
  -- Four characters without vowels or look-alikes (no word can be one), unique in the clinic.
  reference text not null check (reference ~ '^[BCDFGHJKMNPQRSTVWXZ2-9]{4}$'),
  reason text not null check (reason in ('asked_for_staff', 'cooloff', 'message_failed')),
  urgent boolean not null default false,
  -- The patient's message that raised it (null if it was deleted since).
  message_id uuid references public.messages (id) on delete set null,
  last_message text,
  answered_by uuid references public.staff (id) on delete set null,
  answered_at timestamptz,
  -- When the conversation went back to the assistant (a later need raises a new alert).
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  constraint staff_alerts_clinic_reference_key unique (clinic_id, reference),
  constraint staff_alerts_answered_check check (answered_by is null or answered_at is not null),
  foreign key (conversation_id, clinic_id) references public.conversations (id, clinic_id) on delete cascade
);
alter table public.staff_alerts enable row level security;
-- At most one open alert per conversation: a second need while one is open adds to it.
create unique index staff_alerts_one_open_idx on public.staff_alerts (conversation_id) where closed_at is null;
create index staff_alerts_clinic_created_idx on public.staff_alerts (clinic_id, created_at desc);
create index staff_alerts_answered_by_idx on public.staff_alerts (answered_by) where answered_by is not null;
create index staff_alerts_patient_id_idx on public.staff_alerts (patient_id);
create index staff_alerts_message_id_idx on public.staff_alerts (message_id) where message_id is not null;

comment on table public.staff_alerts is 'Each time a patient needed a person: why, their last message, the reference staff answer with on WhatsApp, and who answered. Read-only.';
comment on column public.staff_alerts.id is 'Internal identifier of this alert.';
comment on column public.staff_alerts.clinic_id is 'The clinic.';
comment on column public.staff_alerts.conversation_id is 'The patient''s chat.';
comment on column public.staff_alerts.patient_id is 'The patient.';
comment on column public.staff_alerts.reference is 'Short code in the WhatsApp alert (#K7Q2): staff start a message with it, or reply to the alert, to answer this patient.';
comment on column public.staff_alerts.reason is 'asked_for_staff = the patient asked for a person; cooloff = the assistant could not understand them five times; message_failed = a message of theirs could not be answered.';
comment on column public.staff_alerts.urgent is 'Sent at once, even outside the clinic''s alert hours (a failed message, or words such as "urgent", "pain", "emergency").';
comment on column public.staff_alerts.message_id is 'The patient''s message that raised the alert.';
comment on column public.staff_alerts.last_message is 'That message''s text, as the alert quoted it.';
comment on column public.staff_alerts.answered_by is 'The staff member who answered first from their phone; only they answer this patient from the phone.';
comment on column public.staff_alerts.answered_at is 'When they first answered.';
comment on column public.staff_alerts.closed_at is 'When the chat went back to the assistant; empty while the patient is with staff or waiting.';
comment on column public.staff_alerts.created_at is 'When the patient needed staff.';

grant select, insert, update, delete on public.staff_alerts to service_role;
grant select on public.staff_alerts to authenticated;
create policy "staff see their clinic's alerts" on public.staff_alerts
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));

/** A message staff sent from an alert phone, and what the assistant did with it. */
create table public.staff_messages (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  channel_id uuid not null,
  staff_id uuid references public.staff (id) on delete set null,
  wa_message_id text not null check (length(wa_message_id) > 0),
  body text not null,
  quoted_wa_message_id text,
  alert_id uuid references public.staff_alerts (id) on delete set null,
  -- sent | taken | handed_back | already_with_bot | ambiguous | empty | help
  outcome text not null check (outcome in ('sent', 'taken', 'handed_back', 'already_with_bot', 'ambiguous', 'empty', 'help')),
  -- What the function needs to write the answer to the staff member again on a redelivery.
  details jsonb not null default '{}' check (jsonb_typeof(details) = 'object'),
  outbox_id uuid references public.outbox (id) on delete set null,
  created_at timestamptz not null default now(),
  -- One outcome per WhatsApp message: a redelivery gets the same answer and sends nothing twice.
  constraint staff_messages_channel_wa_message_key unique (channel_id, wa_message_id),
  foreign key (channel_id, clinic_id) references public.channels (id, clinic_id) on delete cascade
);
alter table public.staff_messages enable row level security;
create index staff_messages_clinic_created_idx on public.staff_messages (clinic_id, created_at desc);
create index staff_messages_staff_id_idx on public.staff_messages (staff_id) where staff_id is not null;
create index staff_messages_alert_id_idx on public.staff_messages (alert_id) where alert_id is not null;
create index staff_messages_outbox_id_idx on public.staff_messages (outbox_id) where outbox_id is not null;

comment on table public.staff_messages is 'Messages staff sent to the clinic''s WhatsApp number from their alert phone, and what the assistant did with each. Read-only.';
comment on column public.staff_messages.id is 'Internal identifier of this message.';
comment on column public.staff_messages.clinic_id is 'The clinic.';
comment on column public.staff_messages.channel_id is 'The clinic''s WhatsApp number it was sent to.';
comment on column public.staff_messages.staff_id is 'Who sent it.';
comment on column public.staff_messages.wa_message_id is 'WhatsApp''s id of the message.';
comment on column public.staff_messages.body is 'What they wrote.';
comment on column public.staff_messages.quoted_wa_message_id is 'WhatsApp''s id of the message they replied to (an alert), if any.';
comment on column public.staff_messages.alert_id is 'The alert (patient) it concerned.';
comment on column public.staff_messages.outcome is 'sent = passed to the patient; taken = refused, a colleague answers that patient; handed_back = the chat went back to the assistant; already_with_bot = nothing to hand back; ambiguous = it could be for several patients; empty = a reference without an answer; help = it matched no alert.';
comment on column public.staff_messages.details is 'What the assistant answered with (assistant data).';
comment on column public.staff_messages.outbox_id is 'The message sent to the patient, for outcome sent.';
comment on column public.staff_messages.created_at is 'When it arrived.';

grant select, insert, update, delete on public.staff_messages to service_role;
grant select on public.staff_messages to authenticated;
create policy "staff see their clinic's staff messages" on public.staff_messages
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));

/** A patient message the bot could not relay (its retries ran out, or it was refused), reported so nothing is lost. */
create table public.dead_letters (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  channel_id uuid not null,
  wa_message_id text not null check (length(wa_message_id) > 0),
  -- The message as stored in the patient's chat (null: sent from an alert phone, no chat).
  message_id uuid references public.messages (id) on delete set null,
  conversation_id uuid,
  reason text not null check (length(reason) > 0),
  alert_id uuid references public.staff_alerts (id) on delete set null,
  created_at timestamptz not null default now(),
  -- A report is recorded once: the bot may report the same message again after a crash.
  constraint dead_letters_channel_wa_message_key unique (channel_id, wa_message_id),
  foreign key (channel_id, clinic_id) references public.channels (id, clinic_id) on delete cascade,
  foreign key (conversation_id, clinic_id) references public.conversations (id, clinic_id) on delete cascade
);
alter table public.dead_letters enable row level security;
create index dead_letters_clinic_created_idx on public.dead_letters (clinic_id, created_at desc);
create index dead_letters_message_id_idx on public.dead_letters (message_id) where message_id is not null;
create index dead_letters_conversation_id_idx on public.dead_letters (conversation_id) where conversation_id is not null;
create index dead_letters_alert_id_idx on public.dead_letters (alert_id) where alert_id is not null;

comment on table public.dead_letters is 'Patient messages the assistant could not answer (WhatsApp connection or service trouble): stored in the chat and alerted to staff. Read-only.';
comment on column public.dead_letters.id is 'Internal identifier of this report.';
comment on column public.dead_letters.clinic_id is 'The clinic.';
comment on column public.dead_letters.channel_id is 'The clinic''s WhatsApp number it was sent to.';
comment on column public.dead_letters.wa_message_id is 'WhatsApp''s id of the message.';
comment on column public.dead_letters.message_id is 'The message in the patient''s chat.';
comment on column public.dead_letters.conversation_id is 'The patient''s chat.';
comment on column public.dead_letters.reason is 'Why the bot gave up (technical).';
comment on column public.dead_letters.alert_id is 'The alert sent to staff about it.';
comment on column public.dead_letters.created_at is 'When it was reported.';

grant select, insert, update, delete on public.dead_letters to service_role;
grant select on public.dead_letters to authenticated;
create policy "staff see their clinic's dead letters" on public.dead_letters
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));

-- A staff member's reply quotes an alert (or a forwarded message) by WhatsApp's id of it.
create index outbox_channel_wa_message_id_idx on public.outbox (channel_id, wa_message_id)
  where wa_message_id is not null and kind in ('staff_alert', 'patient_message');
