-- Services (what can be booked, and for how long) and which provider offers which service.

/** Something a patient can book, with its length. */
create table public.services (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  name text not null check (length(trim(name)) > 0),
  description text,
  duration_minutes int not null check (duration_minutes between 5 and 480),
  price_cents int check (price_cents >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (clinic_id, name),
  unique (id, clinic_id)
);
alter table public.services enable row level security;

comment on table public.services is 'What patients can book (consultation, cleaning, …) and how long each takes.';
comment on column public.services.id is 'Internal identifier of the service.';
comment on column public.services.clinic_id is 'The clinic offering this service.';
comment on column public.services.name is 'Name shown to patients in the booking menu.';
comment on column public.services.description is 'Optional short explanation for patients.';
comment on column public.services.duration_minutes is 'How long the service takes, in minutes. Longer than one slot means several slots in a row are booked.';
comment on column public.services.price_cents is 'Price in cents (optional), for example 8000 for 80.00.';
comment on column public.services.active is 'When off, the service is not offered for new bookings.';
comment on column public.services.created_at is 'When the service was added.';

grant select, insert, update, delete on public.services to service_role;
grant select on public.services to authenticated;

create policy "staff see their clinic's services" on public.services
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));

/** Which practitioner offers which service. */
create table public.provider_services (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  provider_id uuid not null,
  service_id uuid not null,
  unique (provider_id, service_id),
  foreign key (provider_id, clinic_id) references public.providers (id, clinic_id) on delete cascade,
  foreign key (service_id, clinic_id) references public.services (id, clinic_id) on delete cascade
);
alter table public.provider_services enable row level security;
create index provider_services_service_id_idx on public.provider_services (service_id);

comment on table public.provider_services is 'Which practitioner can be booked for which service.';
comment on column public.provider_services.id is 'Internal identifier of this pairing.';
comment on column public.provider_services.clinic_id is 'The clinic of the practitioner and the service.';
comment on column public.provider_services.provider_id is 'The practitioner.';
comment on column public.provider_services.service_id is 'A service this practitioner offers.';

grant select, insert, update, delete on public.provider_services to service_role;
grant select on public.provider_services to authenticated;

create policy "staff see their clinic's provider services" on public.provider_services
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
