-- A patient's message forwarded to the staff member who answered their alert from the phone
-- (docs/design.md "Staff alerts"). In a file of its own: a new enum value can be used only once the
-- transaction that added it has committed.

alter type public.outbox_kind add value if not exists 'patient_message';

comment on type public.outbox_kind is
  'staff_reply = written by staff; reminder = before a visit; appointment_cancelled / appointment_moved / appointment_booked = the clinic changed a booking; rebook_offer = a booking must move (closure, blocked time), with free times; hand_back = staff gave the chat back to the assistant; staff_alert = to a staff member''s phone: a patient needs staff; patient_message = a patient''s message forwarded to the staff member answering them from the phone; notice = retired.';
