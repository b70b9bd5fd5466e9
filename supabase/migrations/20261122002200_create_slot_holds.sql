-- Slot engine, part 3: holding slots while a patient confirms. Error codes: see 20261122002000_create_slot_generation.sql.

/**
 * Upcoming booked appointments of a patient, optionally not counting one (being rescheduled).
 * PL/pgSQL rather than SQL so its plan is cached per session instead of planned on every call.
 */
create or replace function public.count_upcoming_appointments(
  p_patient_id uuid,
  p_now timestamptz,
  p_excluding_appointment_id uuid default null
)
returns int
language plpgsql
stable
set search_path = ''
as $$
begin
  return (
    select count(*)::int
      from public.appointments a
     where a.patient_id = p_patient_id
       and a.status = 'booked'
       and a.starts_at > p_now
       and a.id is distinct from p_excluding_appointment_id
  );
end;
$$;

revoke execute on function public.count_upcoming_appointments(uuid, timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.count_upcoming_appointments(uuid, timestamptz, uuid) to service_role;

/** Releases every slot the conversation holds; returns how many of them were still live. */
create or replace function public.release_hold(p_conversation_id uuid, p_now timestamptz default now())
returns int
language plpgsql
set search_path = ''
as $$
declare
  v_live int;
begin
  -- RETURNING sees the new row, so the old expiry comes from the locked pre-image.
  with previous as (
    select sl.id, sl.held_until
      from public.slots sl
     where sl.held_by = p_conversation_id and sl.status = 'held'
     order by sl.id
       for update
  ),
  released as (
    update public.slots s
       set status = 'open', held_by = null, held_until = null
      from previous
     where s.id = previous.id
    returning previous.held_until as old_held_until
  )
  select count(*) filter (where old_held_until >= p_now) into v_live from released;
  return v_live;
end;
$$;

revoke execute on function public.release_hold(uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.release_hold(uuid, timestamptz) to service_role;

/**
 * Holds p_slot_id, and the slots right after it that a longer service needs, for the conversation
 * for the clinic's hold minutes. The conversation's previous hold is released first (one live hold
 * per conversation). The hold itself is ONE conditional update that must take every needed slot;
 * if any was taken meanwhile the function raises BK001 and the whole statement rolls back, so a
 * hold is all or none. A slot that another transaction has locked at that instant also counts as
 * taken (BK001) rather than being waited for. Claiming the slot the conversation already holds
 * renews the hold. Pass p_replacing_appointment_id when rescheduling, so the appointment being
 * moved does not count against the patient's limit.
 *
 * Returns {slot_ids, provider_id, provider_name, service_id, service_name, starts_at, ends_at,
 * held_until, timezone}.
 */
create or replace function public.claim_slot(
  p_conversation_id uuid,
  p_patient_id uuid,
  p_service_id uuid,
  p_slot_id uuid,
  p_now timestamptz default now(),
  p_replacing_appointment_id uuid default null
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_conversation public.conversations;
  v_clinic public.clinics;
  v_service public.services;
  v_first public.slots;
  v_provider_name text;
  v_duration interval;
  v_slot_ids uuid[];
  v_covered_until timestamptz;
  v_gapless boolean;
  v_looks_free boolean;
  v_locked int;
  v_held_until timestamptz;
  v_held int;
begin
  select * into v_conversation from public.conversations where id = p_conversation_id;
  if not found or v_conversation.patient_id is distinct from p_patient_id then
    raise exception 'conversation % of patient % not found', p_conversation_id, p_patient_id using errcode = 'BK009';
  end if;
  select * into v_clinic from public.clinics where id = v_conversation.clinic_id;
  select * into v_service from public.services
   where id = p_service_id and clinic_id = v_conversation.clinic_id and active;
  if not found then
    raise exception 'service % is not offered', p_service_id using errcode = 'BK005';
  end if;
  select * into v_first from public.slots where id = p_slot_id and clinic_id = v_conversation.clinic_id;
  if not found then
    raise exception 'slot % not found', p_slot_id using errcode = 'BK001';
  end if;
  select pr.name into v_provider_name
    from public.providers pr
    join public.provider_services ps on ps.provider_id = pr.id and ps.service_id = p_service_id
   where pr.id = v_first.provider_id and pr.active;
  if not found then
    raise exception 'the practitioner of slot % does not offer service %', p_slot_id, p_service_id using errcode = 'BK005';
  end if;
  if v_first.starts_at < p_now + make_interval(mins => v_clinic.min_notice_minutes) then
    raise exception 'slot % starts too soon', p_slot_id using errcode = 'BK002';
  end if;
  if v_first.starts_at >= p_now + make_interval(days => v_clinic.booking_horizon_days) then
    raise exception 'slot % is beyond the booking horizon', p_slot_id using errcode = 'BK003';
  end if;
  if public.count_upcoming_appointments(p_patient_id, p_now, p_replacing_appointment_id)
       >= v_clinic.max_upcoming_per_patient then
    raise exception 'patient % already has % upcoming appointments', p_patient_id, v_clinic.max_upcoming_per_patient
      using errcode = 'BK004';
  end if;

  -- The consecutive slots the service needs, starting with p_slot_id. This read takes no locks: it
  -- only lets a claim that is bound to fail (a slot already taken) fail at once instead of queueing
  -- behind the winner's lock. The conditional update below is what decides.
  v_duration := make_interval(mins => v_service.duration_minutes);
  select array_agg(run.id order by run.starts_at),
         max(run.ends_at),
         bool_and(run.previous_end is null or run.previous_end = run.starts_at),
         bool_and(run.looks_free)
    into v_slot_ids, v_covered_until, v_gapless, v_looks_free
    from (
      select s.id, s.starts_at, s.ends_at,
             lag(s.ends_at) over (order by s.starts_at) as previous_end,
             public.slot_is_free(s, p_now) or s.held_by = p_conversation_id as looks_free
        from public.slots s
       where s.provider_id = v_first.provider_id
         and s.starts_at >= v_first.starts_at
         and s.starts_at < v_first.starts_at + v_duration
    ) run;
  if not v_gapless or v_covered_until < v_first.starts_at + v_duration or not v_looks_free then
    raise exception 'slot % is not available for service %', p_slot_id, p_service_id using errcode = 'BK001';
  end if;

  perform public.release_hold(p_conversation_id, p_now);

  -- Lock the slots without waiting. A slot locked by another transaction is being claimed,
  -- confirmed or released at this very moment; queueing behind it would only build a lock convoy
  -- (every loser waiting for the one before it) and, with multi-slot claims, risk deadlocks. Such
  -- a claim fails at once as unavailable, and the patient picks another time.
  select count(*) into v_locked
    from (select 1 from public.slots where id = any (v_slot_ids) for update skip locked) locked;
  if v_locked <> cardinality(v_slot_ids) then
    raise exception 'slot % is being booked by someone else', p_slot_id using errcode = 'BK001';
  end if;

  v_held_until := p_now + make_interval(mins => v_clinic.hold_minutes);
  update public.slots s
     set status = 'held', held_by = p_conversation_id, held_until = v_held_until
   where s.id = any (v_slot_ids)
     and (s.status = 'open' or (s.status = 'held' and s.held_until < p_now))
     and public.slot_is_free(s, p_now);
  get diagnostics v_held = row_count;
  if v_held <> cardinality(v_slot_ids) then
    raise exception 'slot % is no longer available', p_slot_id using errcode = 'BK001';
  end if;

  return jsonb_build_object(
    'slot_ids', to_jsonb(v_slot_ids),
    'provider_id', v_first.provider_id,
    'provider_name', v_provider_name,
    'service_id', v_service.id,
    'service_name', v_service.name,
    'starts_at', v_first.starts_at,
    'ends_at', v_first.starts_at + v_duration,
    'held_until', v_held_until,
    'timezone', v_clinic.timezone
  );
end;
$$;

revoke execute on function public.claim_slot(uuid, uuid, uuid, uuid, timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.claim_slot(uuid, uuid, uuid, uuid, timestamptz, uuid) to service_role;

comment on function public.claim_slot(uuid, uuid, uuid, uuid, timestamptz, uuid) is
  'Holds a time (and the following slots a longer service needs) for a patient while they confirm.';
comment on function public.release_hold(uuid, timestamptz) is
  'Gives back the time a conversation is holding.';
