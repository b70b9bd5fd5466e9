-- Patients confirm their visit (issue 11 §2; docs/design.md "Messages the clinic sends first"): the
-- reminder asks, and the patient's "1" (or "yes") confirms through confirm_appointment; staff who
-- phone a patient may set it themselves. A view lists tomorrow's appointments nobody confirmed, for
-- staff to call.

alter table public.appointments add column confirmed_at timestamptz;
comment on column public.appointments.confirmed_at is
  'When the patient confirmed they are coming (answering the reminder on WhatsApp, or you after a call: set it to now). Cleared when the appointment moves to another time or practitioner.';

grant update (confirmed_at) on public.appointments to authenticated;

/**
 * Before an appointment is updated (after appointments_before_update, which settles the start):
 * a confirmation was for a time and a practitioner, so moving the appointment clears it, unless
 * the same edit sets it anew.
 */
create or replace function public.appointments_clear_confirmation()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.confirmed_at is not distinct from old.confirmed_at
     and (new.starts_at is distinct from old.starts_at or new.provider_id is distinct from old.provider_id) then
    new.confirmed_at := null;
  end if;
  return new;
end;
$$;
revoke execute on function public.appointments_clear_confirmation() from public, anon, authenticated;

-- Triggers of one event fire in name order: appointments_before_update has settled starts_at first.
create trigger appointments_clear_confirmation
  before update on public.appointments
  for each row execute function public.appointments_clear_confirmation();

/**
 * The patient confirms they are coming (the answer to their reminder). Returns {id, startsAt,
 * confirmedAt}; confirming again keeps the first time. BK008 when the appointment is not this
 * patient's or no longer booked (cancelled, say), BK010 when it has already started.
 */
create or replace function public.confirm_appointment(p_appointment_id uuid, p_patient_id uuid, p_now timestamptz default now())
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_appointment public.appointments;
begin
  select * into v_appointment from public.appointments
   where id = p_appointment_id and patient_id = p_patient_id
     for update;
  if not found or v_appointment.status <> 'booked' then
    raise exception 'appointment % of patient % not found', p_appointment_id, p_patient_id using errcode = 'BK008';
  end if;
  if v_appointment.starts_at <= p_now then
    raise exception 'appointment % is not upcoming', p_appointment_id using errcode = 'BK010';
  end if;
  update public.appointments set confirmed_at = coalesce(confirmed_at, p_now)
   where id = p_appointment_id
  returning * into v_appointment;
  return pg_catalog.jsonb_build_object(
    'id', v_appointment.id,
    'startsAt', public.utc_iso(v_appointment.starts_at),
    'confirmedAt', public.utc_iso(v_appointment.confirmed_at));
end;
$$;
revoke execute on function public.confirm_appointment(uuid, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.confirm_appointment(uuid, uuid, timestamptz) to service_role;
comment on function public.confirm_appointment(uuid, uuid, timestamptz) is
  'The patient confirms they are coming to an appointment of theirs still to come.';

/** Tomorrow's booked appointments (clinic local day) nobody confirmed yet, in time order: staff call them. */
create view public.tomorrows_unconfirmed_appointments with (security_invoker = true) as
select
  a.id as appointment_id,
  a.clinic_id,
  (a.starts_at at time zone c.timezone)::time as local_start,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  sv.name as service_name,
  pr.name as provider_name,
  (select o.status from public.outbox o
    where o.appointment_id = a.id and o.kind = 'reminder'
    order by o.created_at desc limit 1) as reminder_status,
  pa.opted_out_at is not null as stopped_reminders,
  a.starts_at,
  a.patient_id,
  a.provider_id
from public.appointments a
join public.clinics c on c.id = a.clinic_id
join public.providers pr on pr.id = a.provider_id
join public.services sv on sv.id = a.service_id
join public.patients pa on pa.id = a.patient_id
where a.status = 'booked'
  and a.confirmed_at is null
  and a.starts_at >= (((now() at time zone c.timezone)::date + 1)::timestamp at time zone c.timezone)
  and a.starts_at < (((now() at time zone c.timezone)::date + 2)::timestamp at time zone c.timezone)
order by a.starts_at, pr.name;

comment on view public.tomorrows_unconfirmed_appointments is
  'Tomorrow''s appointments the patient has not confirmed (they did not answer the reminder, could not get one, or stopped reminders): call them. Set confirmed_at in appointments once they confirm on the phone.';
comment on column public.tomorrows_unconfirmed_appointments.appointment_id is 'The appointment (to set its confirmed_at, or cancel it).';
comment on column public.tomorrows_unconfirmed_appointments.clinic_id is 'The clinic.';
comment on column public.tomorrows_unconfirmed_appointments.local_start is 'Start time, clinic local time.';
comment on column public.tomorrows_unconfirmed_appointments.patient_name is 'The patient (their name, else their WhatsApp name).';
comment on column public.tomorrows_unconfirmed_appointments.patient_phone is 'Their number, to call.';
comment on column public.tomorrows_unconfirmed_appointments.service_name is 'The service.';
comment on column public.tomorrows_unconfirmed_appointments.provider_name is 'The practitioner.';
comment on column public.tomorrows_unconfirmed_appointments.reminder_status is 'The WhatsApp reminder: pending, sending, sent (no answer yet) or failed; empty if none was sent (the patient cannot be messaged, stopped reminders, booked within the reminder time, or it is not due yet).';
comment on column public.tomorrows_unconfirmed_appointments.stopped_reminders is 'The patient asked to stop reminders and notices.';
comment on column public.tomorrows_unconfirmed_appointments.starts_at is 'Start (date and time).';
comment on column public.tomorrows_unconfirmed_appointments.patient_id is 'The patient.';
comment on column public.tomorrows_unconfirmed_appointments.provider_id is 'The practitioner (to filter by).';

grant select on public.tomorrows_unconfirmed_appointments to authenticated, service_role;
