-- Staff: who may see a clinic's data in Supabase Studio, plus the helpers every RLS policy uses.

create type public.staff_role as enum ('owner', 'receptionist');
comment on type public.staff_role is 'What a staff member is: the clinic''s owner or a receptionist.';

/** Links a login (auth.users) to the clinic it works for. */
create table public.staff (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.staff_role not null default 'receptionist',
  display_name text,
  created_at timestamptz not null default now(),
  unique (clinic_id, user_id)
);
alter table public.staff enable row level security;
create index staff_user_id_idx on public.staff (user_id);

comment on table public.staff is 'People who work at a clinic and may log in to see its agenda and conversations.';
comment on column public.staff.id is 'Internal identifier of this staff membership.';
comment on column public.staff.clinic_id is 'The clinic this person works for.';
comment on column public.staff.user_id is 'The person''s login (Authentication > Users).';
comment on column public.staff.role is 'owner or receptionist.';
comment on column public.staff.display_name is 'Name shown to colleagues.';
comment on column public.staff.created_at is 'When this person was given access.';

/**
 * The clinics the logged-in user works for. Security definer so that RLS policies can read staff
 * without recursing into staff's own policy; stable so Postgres evaluates it once per statement.
 */
create or replace function public.current_clinic_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select s.clinic_id from public.staff s where s.user_id = auth.uid()
$$;

-- RLS policies run with the querying role's privileges, so authenticated must be able to execute
-- current_clinic_ids (revoking it makes every staff query fail with "permission denied for function").
-- Supabase therefore also exposes it as the RPC /rest/v1/rpc/current_clinic_ids: harmless, since it
-- returns only the caller's own memberships, which the caller can read from staff anyway.
-- (An unused is_clinic_staff(uuid) helper was removed before the first deploy: one less RPC.)
revoke execute on function public.current_clinic_ids() from public, anon;
grant execute on function public.current_clinic_ids() to authenticated, service_role;

grant select, insert, update, delete on public.staff to service_role;
grant select on public.staff to authenticated;

create policy "staff see colleagues of their clinic" on public.staff
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));

-- clinics was created before staff existed; its policy needs the helper above.
create policy "staff see their clinic" on public.clinics
  for select to authenticated
  using (id in (select public.current_clinic_ids()));
