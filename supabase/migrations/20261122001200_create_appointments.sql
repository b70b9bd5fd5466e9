-- Appointments: a patient's booking of a service with a practitioner.

create type public.appointment_status as enum ('booked', 'cancelled', 'completed', 'no_show');
comment on type public.appointment_status is 'booked = upcoming or in progress; cancelled; completed = the patient came; no_show = the patient did not come.';

/**
 * A booking. provider_id, starts_at and ends_at are copied from the slots so that the exclusion
 * constraint below can refuse two booked appointments of one practitioner that overlap: the last
 * guard against double booking, whatever code path inserts the row. Slots, services and providers
 * with appointments cannot be deleted on their own (NO ACTION, checked at the end of the statement,
 * so deleting a whole clinic still cascades).
 */
create table public.appointments (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  slot_id uuid not null references public.slots (id),
  patient_id uuid not null,
  service_id uuid not null,
  provider_id uuid not null,
  conversation_id uuid references public.conversations (id) on delete set null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status public.appointment_status not null default 'booked',
  hold_until timestamptz,
  rescheduled_from_id uuid references public.appointments (id) on delete set null,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check ((status = 'cancelled') = (cancelled_at is not null)),
  foreign key (patient_id, clinic_id) references public.patients (id, clinic_id) on delete cascade,
  foreign key (service_id, clinic_id) references public.services (id, clinic_id),
  foreign key (provider_id, clinic_id) references public.providers (id, clinic_id),
  constraint appointments_no_overlap exclude using gist (
    provider_id with operator(pg_catalog.=),
    tstzrange(starts_at, ends_at) with operator(pg_catalog.&&)
  ) where (status = 'booked')
);
alter table public.appointments enable row level security;
create unique index appointments_one_booked_per_slot_idx on public.appointments (slot_id)
  where status = 'booked';
create index appointments_patient_starts_at_idx on public.appointments (patient_id, starts_at);
create index appointments_clinic_starts_at_idx on public.appointments (clinic_id, starts_at);
create index appointments_conversation_id_idx on public.appointments (conversation_id)
  where conversation_id is not null;

comment on table public.appointments is 'Booked appointments. Patients book, cancel and reschedule them on WhatsApp.';
comment on column public.appointments.id is 'Internal identifier of the appointment.';
comment on column public.appointments.clinic_id is 'The clinic.';
comment on column public.appointments.slot_id is 'The first time slot of the appointment (longer services take the following slots too).';
comment on column public.appointments.patient_id is 'The patient.';
comment on column public.appointments.service_id is 'What was booked.';
comment on column public.appointments.provider_id is 'With whom.';
comment on column public.appointments.conversation_id is 'The WhatsApp chat it was booked in.';
comment on column public.appointments.starts_at is 'Start time.';
comment on column public.appointments.ends_at is 'End time.';
comment on column public.appointments.status is 'booked, cancelled, completed (the patient came) or no_show (the patient did not come).';
comment on column public.appointments.hold_until is 'Until when the time was held before the patient confirmed (lets a repeated confirmation find this booking instead of booking twice).';
comment on column public.appointments.rescheduled_from_id is 'When the patient moved an earlier appointment: that earlier appointment.';
comment on column public.appointments.cancelled_at is 'When it was cancelled.';
comment on column public.appointments.created_at is 'When it was booked.';

grant select, insert, update, delete on public.appointments to service_role;
grant select, update (status) on public.appointments to authenticated;

create policy "staff see their clinic's appointments" on public.appointments
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
-- Staff record the outcome of a booked appointment; cancelling goes through the booking engine,
-- which also frees the slots.
create policy "staff mark their clinic's appointments completed or no-show" on public.appointments
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()) and status = 'booked')
  with check (clinic_id in (select public.current_clinic_ids()) and status in ('booked', 'completed', 'no_show'));
