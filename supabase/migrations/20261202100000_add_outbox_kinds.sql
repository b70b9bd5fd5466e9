-- Outbox kinds for every message the clinic sends first (docs/design.md, "Outbox kinds").
--
-- A row carries its kind and parameters; the whatsapp-webhook function writes the text when the bot
-- claims the row (outbox/), so no patient text is built in SQL. Only staff_reply rows carry text
-- written by a person. In a file of its own: Postgres lets a new enum value be used only once the
-- transaction that added it has committed.
--
-- 'notice' (a pre-written automatic text) is retired: nothing writes it any more, and the outbox
-- refuses new rows of that kind (20261202100400_alter_outbox_for_rendering.sql). An enum value
-- cannot be dropped, so it stays in the type.

alter type public.outbox_kind add value if not exists 'appointment_cancelled';
alter type public.outbox_kind add value if not exists 'appointment_moved';
alter type public.outbox_kind add value if not exists 'appointment_booked';
alter type public.outbox_kind add value if not exists 'rebook_offer';
alter type public.outbox_kind add value if not exists 'hand_back';
alter type public.outbox_kind add value if not exists 'staff_alert';

comment on type public.outbox_kind is
  'staff_reply = written by staff; reminder = before a visit; appointment_cancelled / appointment_moved / appointment_booked = the clinic changed a booking; rebook_offer = a booking must move (closure, blocked time), with free times; hand_back = staff gave the chat back to the assistant; staff_alert = to a staff member''s phone; notice = retired.';
