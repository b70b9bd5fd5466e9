-- Views for staff in Studio. security_invoker: they show only what the reader's own RLS allows.

/** Today's appointments (clinic local day), in time order. */
create view public.todays_agenda with (security_invoker = true) as
select
  a.id as appointment_id,
  a.clinic_id,
  (a.starts_at at time zone c.timezone)::time as local_start,
  (a.ends_at at time zone c.timezone)::time as local_end,
  a.starts_at,
  a.ends_at,
  a.status,
  pr.name as provider_name,
  sv.name as service_name,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone
from public.appointments a
join public.clinics c on c.id = a.clinic_id
join public.providers pr on pr.id = a.provider_id
join public.services sv on sv.id = a.service_id
join public.patients pa on pa.id = a.patient_id
where a.status <> 'cancelled'
  and (a.starts_at at time zone c.timezone)::date = (now() at time zone c.timezone)::date
order by a.starts_at, pr.name;

comment on view public.todays_agenda is 'Today''s appointments (not cancelled), in time order.';
comment on column public.todays_agenda.appointment_id is 'The appointment.';
comment on column public.todays_agenda.clinic_id is 'The clinic.';
comment on column public.todays_agenda.local_start is 'Start time, clinic local time.';
comment on column public.todays_agenda.local_end is 'End time, clinic local time.';
comment on column public.todays_agenda.starts_at is 'Start (date and time).';
comment on column public.todays_agenda.ends_at is 'End (date and time).';
comment on column public.todays_agenda.status is 'booked, completed or no_show.';
comment on column public.todays_agenda.provider_name is 'With whom.';
comment on column public.todays_agenda.service_name is 'What.';
comment on column public.todays_agenda.patient_name is 'The patient''s name (or WhatsApp name if they did not give one).';
comment on column public.todays_agenda.patient_phone is 'The patient''s number.';

/** Booked appointments from now on, in time order. */
create view public.upcoming_appointments with (security_invoker = true) as
select
  a.id as appointment_id,
  a.clinic_id,
  (a.starts_at at time zone c.timezone)::date as local_date,
  (a.starts_at at time zone c.timezone)::time as local_start,
  a.starts_at,
  a.ends_at,
  pr.name as provider_name,
  sv.name as service_name,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  a.created_at as booked_at
from public.appointments a
join public.clinics c on c.id = a.clinic_id
join public.providers pr on pr.id = a.provider_id
join public.services sv on sv.id = a.service_id
join public.patients pa on pa.id = a.patient_id
where a.status = 'booked'
  and a.ends_at > now()
order by a.starts_at, pr.name;

comment on view public.upcoming_appointments is 'Booked appointments that have not ended yet, in time order.';
comment on column public.upcoming_appointments.appointment_id is 'The appointment.';
comment on column public.upcoming_appointments.clinic_id is 'The clinic.';
comment on column public.upcoming_appointments.local_date is 'Day, clinic local time.';
comment on column public.upcoming_appointments.local_start is 'Start time, clinic local time.';
comment on column public.upcoming_appointments.starts_at is 'Start (date and time).';
comment on column public.upcoming_appointments.ends_at is 'End (date and time).';
comment on column public.upcoming_appointments.provider_name is 'With whom.';
comment on column public.upcoming_appointments.service_name is 'What.';
comment on column public.upcoming_appointments.patient_name is 'The patient''s name (or WhatsApp name if they did not give one).';
comment on column public.upcoming_appointments.patient_phone is 'The patient''s number.';
comment on column public.upcoming_appointments.booked_at is 'When it was booked.';

/** Conversations handed to staff, the one with the most recent message first. */
create view public.conversations_waiting_for_staff with (security_invoker = true) as
select
  cv.id as conversation_id,
  cv.clinic_id,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  last_message.body as last_message,
  last_message.direction as last_message_direction,
  last_message.created_at as last_message_at,
  cv.last_inbound_at
from public.conversations cv
join public.patients pa on pa.id = cv.patient_id
left join lateral (
  select m.body, m.direction, m.created_at
    from public.messages m
   where m.conversation_id = cv.id
   order by m.created_at desc
   limit 1
) last_message on true
where cv.mode = 'human'
order by last_message.created_at desc nulls last;

comment on view public.conversations_waiting_for_staff is 'Chats handed to staff (mode = human), most recent message first. Reply by adding a row to outbox; set the chat''s mode back to bot when done.';
comment on column public.conversations_waiting_for_staff.conversation_id is 'The chat (use it in outbox to reply).';
comment on column public.conversations_waiting_for_staff.clinic_id is 'The clinic.';
comment on column public.conversations_waiting_for_staff.patient_name is 'The patient''s name (or WhatsApp name).';
comment on column public.conversations_waiting_for_staff.patient_phone is 'The patient''s number.';
comment on column public.conversations_waiting_for_staff.last_message is 'The latest message in the chat.';
comment on column public.conversations_waiting_for_staff.last_message_direction is 'in = from the patient; out = from the clinic.';
comment on column public.conversations_waiting_for_staff.last_message_at is 'When the latest message was recorded.';
comment on column public.conversations_waiting_for_staff.last_inbound_at is 'When the patient last wrote.';

grant select on public.todays_agenda, public.upcoming_appointments, public.conversations_waiting_for_staff
  to authenticated, service_role;
