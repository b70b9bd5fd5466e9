-- available_slots without the gaps-and-islands pass when no run is needed. A service that fits in
-- one slot (the usual case: the clinic's slots are as long as its common services) can start at any
-- free slot at least as long as itself, so when every free slot of the service's practitioners in
-- the window is that long, the answer is the free slots themselves, earliest first. The pass over
-- runs (a sort by practitioner and time, three window functions over every free slot of the
-- horizon and a sort back) is kept for the others and for any window holding a shorter free slot
-- (staff may add slots by hand, or change the slot length: old slots keep theirs). Same answer
-- either way (pgTAP 69 compares the two on slots of mixed lengths).
-- Replaces the version of 20261203500100_update_available_slots_set_based.sql; signature, comment,
-- errors, ordering and grants unchanged.

/**
 * Start times at which p_service_id can be booked between p_from and p_to: a practitioner who
 * offers the service has enough consecutive free slots from that start, respecting the clinic's
 * minimum notice and booking horizon. slot_id is the first slot, the one to pass to claim_slot;
 * ends_at is when the service ends. Earliest first, at most p_limit rows.
 */
create or replace function public.available_slots(
  p_clinic_id uuid,
  p_service_id uuid,
  p_from timestamptz,
  p_to timestamptz,
  p_now timestamptz default now(),
  p_limit int default 50
)
returns table (slot_id uuid, provider_id uuid, provider_name text, starts_at timestamptz, ends_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
declare
  c_max_limit constant int := 1000;
  v_clinic public.clinics;
  v_service public.services;
  v_duration interval;
  v_earliest timestamptz;
  v_latest timestamptz;
begin
  if p_from is null or p_to is null or p_limit is null or p_limit < 1 or p_limit > c_max_limit then
    raise exception 'p_from, p_to and p_limit (1..%) are required', c_max_limit using errcode = 'BK009';
  end if;
  select * into v_clinic from public.clinics where id = p_clinic_id;
  if not found then
    raise exception 'unknown clinic %', p_clinic_id using errcode = 'BK009';
  end if;
  select * into v_service from public.services where id = p_service_id and clinic_id = p_clinic_id and active;
  if not found then
    raise exception 'service % is not offered by clinic %', p_service_id, p_clinic_id using errcode = 'BK005';
  end if;

  v_duration := make_interval(mins => v_service.duration_minutes);
  v_earliest := greatest(p_from, p_now + make_interval(mins => v_clinic.min_notice_minutes));
  v_latest := least(p_to, p_now + make_interval(days => v_clinic.booking_horizon_days));
  if v_earliest >= v_latest then
    return;
  end if;

  return query
  with free as materialized (
    select s.id, s.provider_id, pr.name, s.starts_at, s.ends_at
      from public.slots s
      join public.providers pr on pr.id = s.provider_id and pr.active
      join public.provider_services ps on ps.provider_id = s.provider_id and ps.service_id = p_service_id
     where s.clinic_id = p_clinic_id
       and s.status in ('open', 'held')
       and s.starts_at >= v_earliest
       and s.starts_at < v_latest + v_duration
       -- slot_is_free, inline: open, or held by a hold that has run out, and not closed.
       and (s.status = 'open' or s.held_until < p_now)
       and not exists (
         select 1 from public.closures cl
          where cl.clinic_id = p_clinic_id
            and (cl.provider_id is null or cl.provider_id = s.provider_id)
            and cl.starts_at < s.ends_at
            and cl.ends_at > s.starts_at)
  ),
  -- Only a free slot shorter than the service can need the next one; a slot that is not free
  -- starts no run. Evaluated once: the branch it turns off is not run at all.
  one_slot as (
    select not exists (select 1 from free f where f.ends_at - f.starts_at < v_duration) as enough
  ),
  -- Gaps and islands: a new run starts wherever a slot does not begin where the previous one ended.
  marked as (
    select f.*,
           case when f.starts_at = lag(f.ends_at) over (partition by f.provider_id order by f.starts_at)
                then 0 else 1 end as run_break
      from free f
     where not (select o.enough from one_slot o)
  ),
  runs as (
    select m.*,
           sum(m.run_break) over (partition by m.provider_id order by m.starts_at) as run_no
      from marked m
  ),
  run_ends as (
    select r.*, max(r.ends_at) over (partition by r.provider_id, r.run_no) as run_end
      from runs r
  ),
  starts as (
    select f.id, f.provider_id, f.name, f.starts_at
      from free f
     where (select o.enough from one_slot o)
       and f.starts_at < v_latest
    union all
    select re.id, re.provider_id, re.name, re.starts_at
      from run_ends re
     where re.starts_at < v_latest
       and re.run_end >= re.starts_at + v_duration
  )
  select st.id, st.provider_id, st.name, st.starts_at, st.starts_at + v_duration
    from starts st
   order by st.starts_at, st.name, st.provider_id
   limit p_limit;
end;
$$;

revoke execute on function public.available_slots(uuid, uuid, timestamptz, timestamptz, timestamptz, int) from public, anon, authenticated;
grant execute on function public.available_slots(uuid, uuid, timestamptz, timestamptz, timestamptz, int) to service_role;
