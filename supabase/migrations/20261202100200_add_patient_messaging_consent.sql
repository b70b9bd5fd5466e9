-- Who the clinic may message first. WhatsApp messages the patient did not ask for (a reminder, a
-- notice that staff changed a booking) go only to patients who have a conversation with the clinic
-- (they wrote to it) or whose consent staff recorded, for instance when booking a caller by phone.
-- public.patient_is_reachable (20261202100400_alter_outbox_for_rendering.sql) applies the rule.

alter table public.patients add column messaging_consent boolean not null default false;

comment on column public.patients.messaging_consent is
  'Tick when a patient who has never written to us on WhatsApp agrees to get reminders and notices there (patients who wrote to us get them anyway).';
