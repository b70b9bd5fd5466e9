-- Clinics: the tenant of every other row, with the time zone and the booking rules.

/** True when p_name is a time zone Postgres knows (used by a check constraint). */
create or replace function public.is_time_zone(p_name text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  -- Immutable is a white lie the check constraint needs: the zone database only changes with a
  -- Postgres upgrade, and existing rows stay valid when it does.
  perform pg_catalog.now() at time zone p_name;
  return true;
exception when invalid_parameter_value then
  return false;
end;
$$;

-- A check constraint runs with the privileges of the role writing the row, so only roles that
-- insert or update clinics need EXECUTE: the service role. Staff only read clinics, so they are
-- not granted it and Supabase does not offer it to them as an RPC.
revoke execute on function public.is_time_zone(text) from public, anon, authenticated;
grant execute on function public.is_time_zone(text) to service_role;

/** One clinic (one practice). Its settings drive the booking rules the bot applies. */
create table public.clinics (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) > 0),
  timezone text not null check (public.is_time_zone(timezone)),
  slot_minutes int not null default 30 check (slot_minutes between 5 and 240),
  hold_minutes int not null default 5 check (hold_minutes between 1 and 60),
  min_notice_minutes int not null default 60 check (min_notice_minutes >= 0),
  booking_horizon_days int not null default 14 check (booking_horizon_days between 1 and 365),
  max_upcoming_per_patient int not null default 3 check (max_upcoming_per_patient >= 1),
  session_idle_minutes int not null default 30 check (session_idle_minutes > 0),
  human_idle_minutes int not null default 720 check (human_idle_minutes > 0),
  cooloff_minutes int not null default 30 check (cooloff_minutes >= 0),
  rate_limit_per_minute int not null default 20 check (rate_limit_per_minute > 0),
  reminder_hours_before int not null default 24 check (reminder_hours_before >= 0),
  created_at timestamptz not null default now()
);
alter table public.clinics enable row level security;

comment on table public.clinics is 'Each clinic using the WhatsApp front desk, with its time zone and booking rules.';
comment on column public.clinics.id is 'Internal identifier of the clinic.';
comment on column public.clinics.name is 'The clinic''s name as patients see it in messages.';
comment on column public.clinics.timezone is 'Time zone of the clinic (for example America/New_York); all days and times patients see use it.';
comment on column public.clinics.slot_minutes is 'Length of one bookable time slot in minutes (longer services use several slots in a row).';
comment on column public.clinics.hold_minutes is 'How long a time is kept for a patient while they confirm, in minutes.';
comment on column public.clinics.min_notice_minutes is 'Patients cannot book a time that starts sooner than this many minutes from now.';
comment on column public.clinics.booking_horizon_days is 'Patients can book at most this many days ahead.';
comment on column public.clinics.max_upcoming_per_patient is 'Most upcoming appointments one patient may have at the same time.';
comment on column public.clinics.session_idle_minutes is 'After this many quiet minutes the bot starts a patient''s next message from the main menu.';
comment on column public.clinics.human_idle_minutes is
  'A conversation handed to staff goes back to the bot after this many minutes without staff activity (the handoff or a staff reply); the patient can also reply "menu".';
comment on column public.clinics.cooloff_minutes is 'After repeated invalid answers the bot pauses for this many minutes for that patient.';
comment on column public.clinics.rate_limit_per_minute is 'Most messages the bot answers from one patient per minute; extra ones are recorded but not answered.';
comment on column public.clinics.reminder_hours_before is 'How many hours before an appointment the reminder message is sent (0 = no reminders).';
comment on column public.clinics.created_at is 'When the clinic was added.';

grant select, insert, update, delete on public.clinics to service_role;
grant select on public.clinics to authenticated;
