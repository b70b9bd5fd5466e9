-- Slot engine, part 1: generating slots from working hours and closures.
--
-- Error codes raised by the slot engine (stable; supabase/functions/whatsapp-webhook/turn/ maps them):
--   BK001 slot_unavailable     the slot, or one of the consecutive slots the service needs, is taken,
--                              blocked, inside a closure or does not exist
--   BK002 too_soon             the time starts sooner than the clinic's minimum notice (or is past)
--   BK003 beyond_horizon       the time is further ahead than the clinic's booking horizon
--   BK004 patient_limit        the patient already has the clinic's maximum of upcoming appointments
--   BK005 service_unavailable  unknown or inactive service, or the practitioner does not offer it
--   BK006 no_hold              the conversation holds no slot to confirm
--   BK007 hold_expired         the conversation's hold ran out before it was confirmed
--   BK008 appointment_not_found  no such appointment for this patient
--   BK009 invalid_request      unknown clinic or conversation, conversation of another patient, bad argument
--   BK010 appointment_not_upcoming  the appointment has already started or is completed / no-show
--   BK011 hold_mismatch        the held slots do not fit the service being confirmed
--
-- Every time-dependent function takes p_now (default now()) so tests can fix the clock.

/**
 * Creates the slots of the next p_days days (clinic local dates, today included) for one clinic or
 * all, from working hours minus closures, and returns how many rows were inserted. Idempotent: an
 * existing slot (same practitioner and start, or any overlap) is left alone.
 *
 * Daylight saving: slots are laid out on the local wall clock and converted with AT TIME ZONE. A
 * local time that does not exist (the spring-forward gap) does not survive the round trip back to
 * local time and is skipped; a repeated local time (autumn) resolves to one instant, and every slot
 * lasts exactly slot_minutes of real time, so no two slots overlap and no label appears twice.
 */
create or replace function public.generate_slots(
  p_clinic_id uuid default null,
  p_days int default 14,
  p_now timestamptz default now()
)
returns int
language plpgsql
set search_path = ''
as $$
declare
  c_max_days constant int := 366;
  v_inserted int;
begin
  if p_days is null or p_days < 0 or p_days > c_max_days then
    raise exception 'p_days must be between 0 and %', c_max_days using errcode = 'BK009';
  end if;
  if p_clinic_id is not null and not exists (select 1 from public.clinics where id = p_clinic_id) then
    raise exception 'unknown clinic %', p_clinic_id using errcode = 'BK009';
  end if;

  with clinic_days as (
    select c.id as clinic_id,
           c.timezone,
           make_interval(mins => c.slot_minutes) as slot_length,
           day::date as local_date
      from public.clinics c
     cross join lateral pg_catalog.generate_series(
             (p_now at time zone c.timezone)::date::timestamp,
             (p_now at time zone c.timezone)::date::timestamp + make_interval(days => p_days),
             interval '1 day'
           ) as day
     where p_clinic_id is null or c.id = p_clinic_id
  ),
  wall_clock as (
    select d.clinic_id,
           wh.provider_id,
           d.timezone,
           d.slot_length,
           local_start,
           d.local_date + wh.end_time as local_day_end
      from clinic_days d
      join public.working_hours wh
        on wh.clinic_id = d.clinic_id
       and wh.weekday = extract(isodow from d.local_date)
      join public.providers p on p.id = wh.provider_id and p.active
     cross join lateral pg_catalog.generate_series(
             d.local_date + wh.start_time,
             d.local_date + wh.end_time - d.slot_length,
             d.slot_length
           ) as local_start
  ),
  instants as (
    select w.clinic_id,
           w.provider_id,
           w.local_start at time zone w.timezone as starts_at,
           (w.local_start at time zone w.timezone) + w.slot_length as ends_at,
           w.local_start,
           w.local_day_end,
           w.timezone
      from wall_clock w
  )
  insert into public.slots (clinic_id, provider_id, starts_at, ends_at)
  select i.clinic_id, i.provider_id, i.starts_at, i.ends_at
    from instants i
   where i.starts_at > p_now
     -- Spring gap: a nonexistent wall-clock time converts to a different local time; skip it.
     and (i.starts_at at time zone i.timezone) = i.local_start
     -- The slot must end within the working day on the wall clock, whatever DST did in between.
     and (i.ends_at at time zone i.timezone) <= i.local_day_end
     and not exists (
       select 1 from public.closures cl
        where cl.clinic_id = i.clinic_id
          and (cl.provider_id is null or cl.provider_id = i.provider_id)
          and cl.starts_at < i.ends_at
          and cl.ends_at > i.starts_at
     )
   order by i.provider_id, i.starts_at
  -- No conflict target: covers both the unique start and the no-overlap exclusion constraint.
  on conflict do nothing;

  get diagnostics v_inserted = row_count;
  return v_inserted;
end;
$$;

revoke execute on function public.generate_slots(uuid, int, timestamptz) from public, anon, authenticated;
grant execute on function public.generate_slots(uuid, int, timestamptz) to service_role;

comment on function public.generate_slots(uuid, int, timestamptz) is
  'Creates bookable slots for the coming days from working hours, skipping closures. Safe to run repeatedly.';

-- Daily generation where pg_cron can run (private.schedule_job, in
-- 20261122000050_create_cron_scheduling.sql, enables pg_cron where the server preloads it for this
-- database). Where it cannot run, the local stack calls generate_slots on every start.
do $$
begin
  if not private.schedule_job(
    'generate-slots-daily',
    '15 0 * * *',
    $job$select public.generate_slots(null, (select coalesce(max(booking_horizon_days), 14) from public.clinics))$job$
  ) then
    raise notice 'daily slot generation not scheduled';
  end if;
end
$$;
