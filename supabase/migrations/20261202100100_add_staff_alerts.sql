-- Staff alerts, schema only (issue 7 §4; the alerting itself comes later): the WhatsApp number a
-- staff member is alerted on, and the hours in which a clinic wants alerts.
--
-- A staff member may be alerted without having a login (a nurse who only answers from her phone),
-- so staff.user_id becomes optional; a row must still say who it is for: a login, an alert phone,
-- or both.

alter table public.staff alter column user_id drop not null;
alter table public.staff
  add column alert_phone text check (alert_phone ~ '^\+[1-9][0-9]{6,14}$'),
  add constraint staff_login_or_alert_phone_check check (user_id is not null or alert_phone is not null),
  -- An alert phone answers for one staff member of a clinic: a reply from it must name one person.
  add constraint staff_clinic_alert_phone_key unique (clinic_id, alert_phone);

comment on column public.staff.user_id is
  'The person''s login (Authentication > Users); empty for someone who is only alerted on WhatsApp.';
comment on column public.staff.alert_phone is
  'WhatsApp number (international format, +15551234567) that receives alerts when a patient needs staff; empty = no alerts.';

alter table public.clinics
  add column alert_hours_start time not null default '08:00',
  add column alert_hours_end time not null default '20:00',
  add constraint clinics_alert_hours_check check (alert_hours_start <> alert_hours_end);

comment on column public.clinics.alert_hours_start is
  'Staff alerts are sent from this time of day (clinic local time), except urgent ones.';
comment on column public.clinics.alert_hours_end is
  'Staff alerts are sent until this time of day (clinic local time); earlier than the start means overnight.';
