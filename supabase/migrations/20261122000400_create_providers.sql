-- Providers: the people patients book (doctors, hygienists, therapists).

/** A person at the clinic whom patients can book. */
create table public.providers (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  name text not null check (length(trim(name)) > 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (id, clinic_id)
);
alter table public.providers enable row level security;
create index providers_clinic_id_idx on public.providers (clinic_id);

comment on table public.providers is 'Doctors and other practitioners that patients can book.';
comment on column public.providers.id is 'Internal identifier of the practitioner.';
comment on column public.providers.clinic_id is 'The clinic where this practitioner works.';
comment on column public.providers.name is 'Name shown to patients, for example "Dr. Maria Silva".';
comment on column public.providers.active is 'When off, no new bookings are offered with this practitioner.';
comment on column public.providers.created_at is 'When the practitioner was added.';

grant select, insert, update, delete on public.providers to service_role;
grant select on public.providers to authenticated;

create policy "staff see their clinic's providers" on public.providers
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
