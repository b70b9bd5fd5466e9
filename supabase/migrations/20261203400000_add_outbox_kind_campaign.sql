-- Outbox kind for notices staff send to a day's patients (campaigns, 20261203400500_create_campaigns.sql;
-- docs/design.md "Messages the clinic sends first"). In a file of its own: Postgres lets a new enum
-- value be used only once the transaction that added it has committed.

alter type public.outbox_kind add value if not exists 'campaign';

comment on type public.outbox_kind is
  'staff_reply = written by staff; reminder = before a visit, asking to confirm; appointment_cancelled / appointment_moved / appointment_booked = the clinic changed a booking; rebook_offer = a booking must move (closure, blocked time), with free times; hand_back = staff gave the chat back to the assistant; campaign = a notice staff sent to a day''s patients; staff_alert and patient_message = to a staff member''s phone; notice = retired.';
