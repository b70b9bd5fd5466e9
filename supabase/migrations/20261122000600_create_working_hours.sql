-- Working hours: the weekly pattern slots are generated from, in the clinic's local time.

/** One block of working time for a practitioner on one weekday (clinic local time). */
create table public.working_hours (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  provider_id uuid not null,
  weekday smallint not null check (weekday between 1 and 7),
  start_time time not null,
  end_time time not null,
  check (end_time > start_time),
  foreign key (provider_id, clinic_id) references public.providers (id, clinic_id) on delete cascade
);
alter table public.working_hours enable row level security;
create index working_hours_provider_weekday_idx on public.working_hours (provider_id, weekday);

comment on table public.working_hours is 'Weekly working hours of each practitioner; bookable times are made from these.';
comment on column public.working_hours.id is 'Internal identifier of this block of hours.';
comment on column public.working_hours.clinic_id is 'The clinic.';
comment on column public.working_hours.provider_id is 'The practitioner who works these hours.';
comment on column public.working_hours.weekday is 'Day of the week: 1 = Monday … 7 = Sunday.';
comment on column public.working_hours.start_time is 'Start of work that day, clinic local time (for example 09:00).';
comment on column public.working_hours.end_time is 'End of work that day, clinic local time (for example 17:00).';

grant select, insert, update, delete on public.working_hours to service_role;
grant select on public.working_hours to authenticated;

create policy "staff see their clinic's working hours" on public.working_hours
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
