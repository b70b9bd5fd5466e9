-- Slot engine: the bot's booking and cancelling, adapted to staff edits in Studio
-- (20261202100600_add_staff_appointment_edits.sql). Error codes: see 20261122002000_create_slot_generation.sql.
--
-- confirm_hold now inserts the appointment before booking its slots (a slot is booked only under a
-- booked appointment, slots_guard) and marks it booked_by 'patient'; cancel_appointment marks its
-- cancellation cancelled_by 'patient' and leaves freeing the slots to the appointment trigger, the
-- one place that frees the slots of every cancellation, the bot's and staff's alike. Neither queues
-- a notice: the patient did it and the bot's reply tells them. reschedule_appointment is unchanged:
-- it is cancel_appointment then confirm_hold.

/**
 * Books the conversation's live hold for p_service_id: the held slots become 'booked' and one
 * appointment row is inserted (slot_id = the first slot). Returns appointment_details.
 *
 * Idempotent: when the conversation holds nothing but already booked from a hold that would still
 * be live at p_now (a repeated confirmation), that appointment is returned instead of BK006.
 * The patient row is locked so the per-patient limit holds under concurrent confirmations, and the
 * appointments exclusion constraint remains the last guard against overlaps.
 */
create or replace function public.confirm_hold(
  p_conversation_id uuid,
  p_patient_id uuid,
  p_service_id uuid,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_conversation public.conversations;
  v_clinic public.clinics;
  v_service public.services;
  v_slot_ids uuid[];
  v_provider_ids uuid[];
  v_starts_at timestamptz;
  v_covered_until timestamptz;
  v_hold_until timestamptz;
  v_earliest_hold timestamptz;
  v_gapless boolean;
  v_booked int;
  v_appointment_id uuid;
begin
  select * into v_conversation from public.conversations where id = p_conversation_id;
  if not found or v_conversation.patient_id is distinct from p_patient_id then
    raise exception 'conversation % of patient % not found', p_conversation_id, p_patient_id using errcode = 'BK009';
  end if;
  select * into v_clinic from public.clinics where id = v_conversation.clinic_id;
  -- Serialises confirmations of one patient, so two chats cannot both pass the limit check.
  perform 1 from public.patients where id = p_patient_id for update;
  perform 1 from public.slots where held_by = p_conversation_id and status = 'held' order by id for update;

  select array_agg(s.id order by s.starts_at),
         array_agg(distinct s.provider_id),
         min(s.starts_at),
         max(s.ends_at),
         min(s.held_until),
         max(s.held_until),
         bool_and(s.previous_end is null or s.previous_end = s.starts_at)
    into v_slot_ids, v_provider_ids, v_starts_at, v_covered_until, v_earliest_hold, v_hold_until, v_gapless
    from (
      select sl.*, lag(sl.ends_at) over (order by sl.starts_at) as previous_end
        from public.slots sl
       where sl.held_by = p_conversation_id and sl.status = 'held'
    ) s;

  if v_slot_ids is null then
    select a.id into v_appointment_id
      from public.appointments a
     where a.conversation_id = p_conversation_id
       and a.patient_id = p_patient_id
       and a.service_id = p_service_id
       and a.status = 'booked'
       and a.hold_until >= p_now
     order by a.created_at desc
     limit 1;
    if found then
      return public.appointment_details(v_appointment_id);
    end if;
    raise exception 'conversation % holds no slot', p_conversation_id using errcode = 'BK006';
  end if;
  if v_earliest_hold < p_now then
    raise exception 'the hold of conversation % expired at %', p_conversation_id, v_earliest_hold using errcode = 'BK007';
  end if;

  if exists (
    select 1
      from public.slots s
      join public.closures cl
        on cl.clinic_id = s.clinic_id
       and (cl.provider_id is null or cl.provider_id = s.provider_id)
       and cl.starts_at < s.ends_at
       and cl.ends_at > s.starts_at
     where s.id = any (v_slot_ids)
  ) then
    raise exception 'the held time was closed while the patient was confirming' using errcode = 'BK001';
  end if;

  select * into v_service from public.services where id = p_service_id and clinic_id = v_conversation.clinic_id;
  if not found then
    raise exception 'service % is not offered', p_service_id using errcode = 'BK005';
  end if;
  if cardinality(v_provider_ids) <> 1
     or not v_gapless
     or v_covered_until < v_starts_at + make_interval(mins => v_service.duration_minutes)
     or not exists (
       select 1 from public.provider_services ps
        where ps.provider_id = v_provider_ids[1] and ps.service_id = p_service_id
     ) then
    raise exception 'the held slots do not fit service %', p_service_id using errcode = 'BK011';
  end if;
  if v_starts_at <= p_now then
    raise exception 'the held time has already started' using errcode = 'BK002';
  end if;
  if public.count_upcoming_appointments(p_patient_id, p_now) >= v_clinic.max_upcoming_per_patient then
    raise exception 'patient % already has % upcoming appointments', p_patient_id, v_clinic.max_upcoming_per_patient
      using errcode = 'BK004';
  end if;

  -- The appointment first, then its slots: a slot becomes booked only under a booked appointment
  -- (slots_guard). booked_by = 'patient' tells the appointment triggers that the slots are this
  -- function's to book and that the patient needs no notice of their own booking.
  insert into public.appointments (
    clinic_id, slot_id, patient_id, service_id, provider_id, conversation_id, starts_at, ends_at, hold_until, booked_by
  ) values (
    v_conversation.clinic_id, v_slot_ids[1], p_patient_id, p_service_id, v_provider_ids[1], p_conversation_id,
    v_starts_at, v_starts_at + make_interval(mins => v_service.duration_minutes), v_hold_until, 'patient'
  )
  returning id into v_appointment_id;

  update public.slots s
     set status = 'booked', held_by = null, held_until = null
   where s.id = any (v_slot_ids) and s.status = 'held' and s.held_by = p_conversation_id;
  get diagnostics v_booked = row_count;
  if v_booked <> cardinality(v_slot_ids) then
    raise exception 'the hold of conversation % changed while confirming', p_conversation_id using errcode = 'BK007';
  end if;

  return public.appointment_details(v_appointment_id);
end;
$$;

/** Cancels the patient's own upcoming appointment and frees its slots. Returns appointment_details; cancelling a cancelled appointment returns it unchanged. */
create or replace function public.cancel_appointment(
  p_appointment_id uuid,
  p_patient_id uuid,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_appointment public.appointments;
begin
  select * into v_appointment from public.appointments
   where id = p_appointment_id and patient_id = p_patient_id
     for update;
  if not found then
    raise exception 'appointment % of patient % not found', p_appointment_id, p_patient_id using errcode = 'BK008';
  end if;
  if v_appointment.status = 'cancelled' then
    return public.appointment_details(p_appointment_id);
  end if;
  if v_appointment.status <> 'booked' or v_appointment.starts_at <= p_now then
    raise exception 'appointment % is not upcoming', p_appointment_id using errcode = 'BK010';
  end if;

  -- The appointment trigger frees its slots (appointments_after_update); cancelled_by = 'patient'
  -- tells it the patient needs no notice of their own cancellation.
  update public.appointments
     set status = 'cancelled', cancelled_at = p_now, cancelled_by = 'patient'
   where id = p_appointment_id;

  return public.appointment_details(p_appointment_id);
end;
$$;

revoke execute on function public.confirm_hold(uuid, uuid, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.confirm_hold(uuid, uuid, uuid, timestamptz) to service_role;
revoke execute on function public.cancel_appointment(uuid, uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.cancel_appointment(uuid, uuid, timestamptz) to service_role;
