-- Patients: people who write to the clinic on WhatsApp, known by phone number and/or WhatsApp LID.

/** A person who has written to the clinic. WhatsApp may hide the number (LID only). */
create table public.patients (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  lid text check (length(lid) > 0),
  name text check (length(trim(name)) > 0),
  push_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (phone is not null or lid is not null),
  unique (clinic_id, phone),
  unique (clinic_id, lid),
  unique (id, clinic_id)
);
alter table public.patients enable row level security;

comment on table public.patients is 'Patients who have written to the clinic on WhatsApp.';
comment on column public.patients.id is 'Internal identifier of the patient.';
comment on column public.patients.clinic_id is 'The clinic the patient wrote to.';
comment on column public.patients.phone is 'Phone number in international format (+15551234567); empty when WhatsApp hides it.';
comment on column public.patients.lid is 'WhatsApp''s private identifier for the person, used when the number is hidden.';
comment on column public.patients.name is 'The patient''s name as they gave it when booking.';
comment on column public.patients.push_name is 'The name shown on their WhatsApp profile (may be a nickname).';
comment on column public.patients.created_at is 'When the patient first wrote.';
comment on column public.patients.updated_at is 'When the patient''s details last changed.';

grant select, insert, update, delete on public.patients to service_role;
grant select, update (name) on public.patients to authenticated;

create policy "staff see their clinic's patients" on public.patients
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff correct their clinic's patients' names" on public.patients
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()))
  with check (clinic_id in (select public.current_clinic_ids()));
