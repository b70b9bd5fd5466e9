-- Channels: one WhatsApp number of a clinic, with the secret the bot signs requests with.

/** One WhatsApp number. Its id is the x-channel-id header; its secret is for the service role only. */
create table public.channels (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  phone text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  secret text not null check (length(secret) >= 32),
  previous_secrets text[] not null default '{}',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  unique (phone),
  unique (id, clinic_id)
);
alter table public.channels enable row level security;
create index channels_clinic_id_idx on public.channels (clinic_id);

comment on table public.channels is 'The clinic''s WhatsApp numbers that the bot answers on.';
comment on column public.channels.id is 'Channel identifier; the bot sends it with every request.';
comment on column public.channels.clinic_id is 'The clinic this WhatsApp number belongs to.';
comment on column public.channels.phone is 'The WhatsApp number in international format, for example +15551234567.';
comment on column public.channels.secret is 'Shared secret the bot signs its requests with. Never shown to staff.';
comment on column public.channels.previous_secrets is 'Old secrets still accepted while the bot is switched to a new one. Never shown to staff.';
comment on column public.channels.enabled is 'When off, the bot''s requests for this number are refused.';
comment on column public.channels.created_at is 'When the number was added.';

grant select, insert, update, delete on public.channels to service_role;
-- Column grants: staff may see which number is theirs, never the secrets.
grant select (id, clinic_id, phone, enabled, created_at) on public.channels to authenticated;

create policy "staff see their clinic's numbers" on public.channels
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
