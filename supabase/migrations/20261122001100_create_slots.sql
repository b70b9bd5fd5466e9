-- Slots: bookable pieces of a practitioner's time, generated from working hours.

create type public.slot_status as enum ('open', 'held', 'booked', 'blocked');
comment on type public.slot_status is 'open = bookable; held = kept for a patient who is confirming; booked = taken; blocked = closed by staff.';

/**
 * One slot of one practitioner. A hold is (status 'held', held_by, held_until); once held_until has
 * passed the slot counts as open again, so nobody has to sweep expired holds.
 */
create table public.slots (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  provider_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status public.slot_status not null default 'open',
  held_by uuid references public.conversations (id) on delete set null,
  held_until timestamptz,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  -- Hold details exist exactly while the slot is held (a held slot whose conversation is deleted
  -- keeps held_until and simply expires).
  check ((status = 'held') = (held_until is not null)),
  check (status = 'held' or held_by is null),
  constraint slots_provider_starts_at_key unique (provider_id, starts_at),
  -- A practitioner's slots never overlap, even if the clinic's slot length changes later.
  constraint slots_no_overlap exclude using gist (
    provider_id with operator(pg_catalog.=),
    tstzrange(starts_at, ends_at) with operator(pg_catalog.&&)
  ),
  foreign key (provider_id, clinic_id) references public.providers (id, clinic_id) on delete cascade
);
alter table public.slots enable row level security;
-- Open-slot search by clinic and time (available_slots) and a conversation's hold (claim/confirm).
create index slots_clinic_starts_at_bookable_idx on public.slots (clinic_id, starts_at)
  where status in ('open', 'held');
create index slots_held_by_idx on public.slots (held_by) where held_by is not null;

comment on table public.slots is 'Bookable times of each practitioner. To block a time, set status to blocked; set it back to open to unblock.';
comment on column public.slots.id is 'Internal identifier of the slot.';
comment on column public.slots.clinic_id is 'The clinic.';
comment on column public.slots.provider_id is 'The practitioner.';
comment on column public.slots.starts_at is 'Start time.';
comment on column public.slots.ends_at is 'End time.';
comment on column public.slots.status is 'open = bookable; held = a patient is confirming it right now; booked = taken by an appointment; blocked = closed by staff.';
comment on column public.slots.held_by is 'The chat whose patient is confirming this time.';
comment on column public.slots.held_until is 'The hold ends at this time if the patient does not confirm.';
comment on column public.slots.created_at is 'When the slot was generated.';

grant select, insert, update, delete on public.slots to service_role;
grant select, update (status) on public.slots to authenticated;

create policy "staff see their clinic's slots" on public.slots
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
-- Staff may block an open slot or unblock a blocked one; held and booked slots belong to the
-- booking engine (cancel the appointment instead).
create policy "staff block and unblock their clinic's slots" on public.slots
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()) and status in ('open', 'blocked'))
  with check (clinic_id in (select public.current_clinic_ids()) and status in ('open', 'blocked'));
