-- Closures: holidays, training days, a practitioner's leave. Times inside are never bookable.

/**
 * A period when the whole clinic (provider_id empty) or one practitioner is unavailable. Slot
 * generation skips it and the availability checks exclude slots overlapping it, so a closure added
 * after slots exist takes effect at once and removing it makes those times bookable again.
 */
create table public.closures (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  provider_id uuid,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  foreign key (provider_id, clinic_id) references public.providers (id, clinic_id) on delete cascade
);
alter table public.closures enable row level security;
create index closures_clinic_ends_at_idx on public.closures (clinic_id, ends_at);

comment on table public.closures is 'Holidays and absences: no appointments can be booked in these periods. Leave the practitioner empty to close the whole clinic.';
comment on column public.closures.id is 'Internal identifier of the closure.';
comment on column public.closures.clinic_id is 'The clinic.';
comment on column public.closures.provider_id is 'The practitioner who is away; empty means the whole clinic is closed.';
comment on column public.closures.starts_at is 'Start of the closure (date and time).';
comment on column public.closures.ends_at is 'End of the closure (date and time); bookings are possible again from this moment.';
comment on column public.closures.reason is 'Why (for staff; for example "Public holiday").';
comment on column public.closures.created_by is 'Who added the closure.';
comment on column public.closures.created_at is 'When the closure was added.';

grant select, insert, update, delete on public.closures to service_role;
grant select, insert, update, delete on public.closures to authenticated;

create policy "staff see their clinic's closures" on public.closures
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff add closures for their clinic" on public.closures
  for insert to authenticated
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff change their clinic's closures" on public.closures
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()))
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff remove their clinic's closures" on public.closures
  for delete to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
