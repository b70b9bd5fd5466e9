-- Staff edit appointments in Studio (issue 7 §1; ARCHITECTURE.md "Staff actions in Studio"). Studio's
-- Table Editor writes as the database owner, so the database makes each direct edit safe and
-- meaningful, whatever the row editor sends:
--   cancel    status -> cancelled: cancelled_at and cancelled_by filled, the future slots open again,
--             the patient told (appointment_cancelled)
--   outcome   status -> completed / no_show: nothing else happens
--   move      a new starts_at or starts_at_local (and/or provider_id, service_id): the new slots are
--             claimed, the old ones freed, ends_at and slot_id follow, the patient told
--             (appointment_moved); a clash or a closed time is an error naming the conflict
--   book      insert patient_id, service_id, provider_id and the start (starts_at with an offset, or
--             starts_at_local, the clinic's wall clock): everything else is filled, the slots are
--             claimed, the patient told (appointment_booked) if they may be messaged
--   delete    an appointment that is still to come, or a patient who has one, is refused with a
--             message saying to cancel first; past history goes with its patient, and deleting a
--             whole clinic deletes everything
--
-- Studio's insert form demands a value for every NOT NULL column, even one a trigger fills, so the
-- columns the triggers fill are nullable with a check constraint instead (checked after the triggers).
--
-- Slots are claimed under the bot's guarantees: the needed consecutive slots are locked without
-- waiting (a slot another transaction is booking counts as taken), then ONE conditional update must
-- take all of them or the edit fails, and the exclusion constraint on booked appointments stays the
-- last guard. The friendly check that runs first only chooses the words of the error.
--
-- Who did it: the bot's RPCs say so (booked_by / cancelled_by = 'patient'); any other writer is the
-- clinic. Only the clinic's edits are announced to the patient: the bot already answered the patient
-- for what they did themselves.
--
-- Error codes (stable; Studio shows the message):
--   ST001 time_taken        the time is booked or being booked by someone else
--   ST002 time_closed       no bookable time there: closure, blocked slot, outside working hours
--   ST003 invalid_edit      an edit that cannot be made as asked (message says what to do instead)
--   ST004 delete_refused    deleting something still to come: cancel it first
--   ST005 cannot_message    (outbox) the patient may not be messaged first, or a malformed message
--   ST006 not_offered       the practitioner does not offer the service, or either is inactive/unknown
--
-- The triggers run with the writer's rights (security invoker): Studio's postgres and the service
-- role may do all they do, and staff through the Data API may only record an outcome (RLS), which
-- touches nothing else.
--
-- Lock order: appointment row, then its slots (as cancel_appointment and reschedule_appointment);
-- slots are locked with SKIP LOCKED when claimed, so a staff edit never waits for a booking in flight.

alter table public.appointments
  alter column clinic_id drop not null,
  alter column slot_id drop not null,
  alter column starts_at drop not null,
  alter column ends_at drop not null,
  add column starts_at_local timestamp,
  add column booked_by text,
  add column cancelled_by text;

-- Existing rows: every booking so far came from the bot, every cancellation from a patient.
update public.appointments a
   set starts_at_local = a.starts_at at time zone c.timezone,
       booked_by = 'patient',
       cancelled_by = case when a.status = 'cancelled' then 'patient' end
  from public.clinics c
 where c.id = a.clinic_id;

alter table public.appointments
  add constraint appointments_filled_check check (
    clinic_id is not null and starts_at is not null and ends_at is not null
    and starts_at_local is not null and booked_by is not null),
  -- A booked appointment always has its first slot; a cancelled one may lose it when the slot goes
  -- (working hours shortened).
  add constraint appointments_slot_check check (status <> 'booked' or slot_id is not null),
  add constraint appointments_booked_by_check check (booked_by in ('patient', 'clinic')),
  add constraint appointments_cancelled_by_check check (
    (status = 'cancelled') = (cancelled_by is not null) and cancelled_by in ('patient', 'clinic')),
  drop constraint appointments_slot_id_fkey,
  add constraint appointments_slot_id_fkey foreign key (slot_id) references public.slots (id) on delete set null;

comment on column public.appointments.clinic_id is 'The clinic (filled in from the patient).';
comment on column public.appointments.slot_id is 'The first time slot of the appointment (filled in; longer services take the following slots too).';
comment on column public.appointments.starts_at is
  'Start (date, time and offset). To book or move, type either this with an offset (2026-12-08 09:00-05) or starts_at_local.';
comment on column public.appointments.starts_at_local is
  'Start on the clinic''s own clock (as the clinic''s wall clock shows it, e.g. 2026-12-08 09:00). To book or move an appointment, type this; starts_at follows.';
comment on column public.appointments.ends_at is 'End time (filled in from the service''s length).';
comment on column public.appointments.status is
  'booked, cancelled (set it to cancel: the time is freed and the patient told), completed (the patient came) or no_show (the patient did not come).';
comment on column public.appointments.booked_by is 'patient = booked on WhatsApp; clinic = booked by staff (filled in).';
comment on column public.appointments.cancelled_by is 'patient = cancelled on WhatsApp; clinic = cancelled by staff (filled in).';
comment on column public.appointments.cancelled_at is 'When it was cancelled (filled in).';
comment on table public.appointments is
  'Appointments. Patients book, cancel and reschedule on WhatsApp; staff book a caller (add a row: patient, service, provider, start), move (change the start or provider) or cancel (set status to cancelled) here, and the patient is told.';

/** "Tue 8 Dec 2026 10:00" in p_timezone: how error messages for staff say a time. */
create or replace function public.staff_when(p_instant timestamptz, p_timezone text)
returns text
language sql
stable
set search_path = ''
as $$
  select pg_catalog.to_char(p_instant at time zone p_timezone, 'Dy FMDD Mon YYYY HH24:MI')
$$;
revoke execute on function public.staff_when(timestamptz, text) from public, anon, authenticated;
grant execute on function public.staff_when(timestamptz, text) to service_role;

/**
 * Why p_provider_id cannot take [p_starts_at, p_ends_at) at p_now, as an error a receptionist
 * understands (raised), or the consecutive slots it would occupy (returned, in time order).
 * Slots this same appointment already occupies (booked, of p_own_provider_id, starting in
 * [p_own_starts_at, p_own_ends_at)) count as its own. Reads without locking: the claim decides.
 */
create or replace function public.check_staff_booking(
  p_clinic_id uuid,
  p_provider_id uuid,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_now timestamptz,
  p_own_provider_id uuid default null,
  p_own_starts_at timestamptz default null,
  p_own_ends_at timestamptz default null
)
returns uuid[]
language plpgsql
stable
set search_path = ''
as $$
declare
  v_clinic public.clinics;
  v_provider text;
  v_run uuid[];
  v_first_start timestamptz;
  v_covered_until timestamptz;
  v_gapless boolean;
  v_day_opens timestamptz;
  v_day_closes timestamptz;
  v_closure record;
  v_slot record;
  v_taken record;
begin
  select * into v_clinic from public.clinics where id = p_clinic_id;
  select pr.name into v_provider from public.providers pr where pr.id = p_provider_id;
  if p_starts_at <= p_now then
    raise exception '% has already passed', public.staff_when(p_starts_at, v_clinic.timezone)
      using errcode = 'ST003', hint = 'Choose a time in the future.';
  end if;

  select cl.starts_at, cl.ends_at, cl.reason, cl.provider_id into v_closure
    from public.closures cl
   where cl.clinic_id = p_clinic_id
     and (cl.provider_id is null or cl.provider_id = p_provider_id)
     and cl.starts_at < p_ends_at and cl.ends_at > p_starts_at
   order by cl.starts_at
   limit 1;
  if found then
    raise exception '% is closed from % to %',
      case when v_closure.provider_id is null then 'The clinic' else v_provider end,
      public.staff_when(v_closure.starts_at, v_clinic.timezone),
      public.staff_when(v_closure.ends_at, v_clinic.timezone) || coalesce(' (' || v_closure.reason || ')', '')
      using errcode = 'ST002', hint = 'Choose another time, or change the closure in closures.';
  end if;

  select array_agg(s.id order by s.starts_at), min(s.starts_at), max(s.ends_at),
         bool_and(s.previous_end is null or s.previous_end = s.starts_at)
    into v_run, v_first_start, v_covered_until, v_gapless
    from (select sl.*, lag(sl.ends_at) over (order by sl.starts_at) as previous_end
            from public.slots sl
           where sl.provider_id = p_provider_id
             and sl.starts_at >= p_starts_at and sl.starts_at < p_ends_at) s;
  if v_run is null or v_first_start <> p_starts_at or not v_gapless or v_covered_until < p_ends_at then
    select min(sl.starts_at), max(sl.ends_at) into v_day_opens, v_day_closes
      from public.slots sl
     where sl.provider_id = p_provider_id
       and (sl.starts_at at time zone v_clinic.timezone)::date = (p_starts_at at time zone v_clinic.timezone)::date;
    if v_day_opens is null then
      raise exception '% has no bookable times on %', v_provider,
        pg_catalog.to_char(p_starts_at at time zone v_clinic.timezone, 'Dy FMDD Mon YYYY')
        using errcode = 'ST002',
              hint = 'Check working_hours for that weekday (times are made up to booking_horizon_days ahead).';
    end if;
    raise exception '% has no bookable time from % to % (bookable that day: % to %, starting every % minutes)',
      v_provider, public.staff_when(p_starts_at, v_clinic.timezone),
      pg_catalog.to_char(p_ends_at at time zone v_clinic.timezone, 'HH24:MI'),
      pg_catalog.to_char(v_day_opens at time zone v_clinic.timezone, 'HH24:MI'),
      pg_catalog.to_char(v_day_closes at time zone v_clinic.timezone, 'HH24:MI'),
      v_clinic.slot_minutes
      using errcode = 'ST002';
  end if;

  for v_slot in
    select sl.* from public.slots sl where sl.id = any (v_run) order by sl.starts_at
  loop
    if v_slot.status = 'blocked' then
      raise exception '%''s time at % is blocked', v_provider, public.staff_when(v_slot.starts_at, v_clinic.timezone)
        using errcode = 'ST002', hint = 'Choose another time, or set that slot back to open in slots.';
    end if;
    if v_slot.status = 'held' and v_slot.held_until >= p_now then
      raise exception 'A patient is booking % at % on WhatsApp right now (held until %)',
        v_provider, public.staff_when(v_slot.starts_at, v_clinic.timezone),
        pg_catalog.to_char(v_slot.held_until at time zone v_clinic.timezone, 'HH24:MI')
        using errcode = 'ST001', hint = 'Choose another time, or try again once the hold has ended.';
    end if;
    if v_slot.status = 'booked'
       and not coalesce(v_slot.provider_id = p_own_provider_id
                        and v_slot.starts_at >= p_own_starts_at and v_slot.starts_at < p_own_ends_at, false) then
      select sv.name as service, coalesce(pa.name, pa.push_name, pa.phone, 'a patient') as patient,
             a.starts_at, a.ends_at
        into v_taken
        from public.appointments a
        join public.services sv on sv.id = a.service_id
        join public.patients pa on pa.id = a.patient_id
       where a.provider_id = p_provider_id and a.status = 'booked'
         and a.starts_at < v_slot.ends_at and a.ends_at > v_slot.starts_at
       limit 1;
      if found then
        raise exception '% is already booked then: % for % at % to %', v_provider, v_taken.service, v_taken.patient,
          public.staff_when(v_taken.starts_at, v_clinic.timezone),
          pg_catalog.to_char(v_taken.ends_at at time zone v_clinic.timezone, 'HH24:MI')
          using errcode = 'ST001', hint = 'Choose another time or practitioner, or move that appointment first.';
      end if;
      raise exception '%''s time at % is already taken', v_provider, public.staff_when(v_slot.starts_at, v_clinic.timezone)
        using errcode = 'ST001';
    end if;
  end loop;
  return v_run;
end;
$$;
revoke execute on function public.check_staff_booking(uuid, uuid, timestamptz, timestamptz, timestamptz, uuid, timestamptz, timestamptz)
  from public, anon, authenticated;
grant execute on function public.check_staff_booking(uuid, uuid, timestamptz, timestamptz, timestamptz, uuid, timestamptz, timestamptz)
  to service_role;

/**
 * Books the slots under appointment p_new for the clinic (after an insert or a move): locks the
 * slots it needs that it does not already occupy without waiting, then one conditional update takes
 * all of them, or the whole edit fails with the reason (check_staff_booking says which). p_old is
 * the appointment before a move (null for a new one); its slots outside the new time are freed.
 */
create or replace function public.claim_staff_booking(p_new public.appointments, p_old public.appointments, p_now timestamptz)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_needed uuid[];
  v_locked int;
  v_booked int;
begin
  select coalesce(array_agg(sl.id order by sl.starts_at), '{}') into v_needed
    from public.slots sl
   where sl.provider_id = p_new.provider_id
     and sl.starts_at >= p_new.starts_at and sl.starts_at < p_new.ends_at
     and not (p_old.id is not null and sl.status = 'booked' and sl.provider_id = p_old.provider_id
              and sl.starts_at >= p_old.starts_at and sl.starts_at < p_old.ends_at);

  select count(*) into v_locked
    from (select 1 from public.slots where id = any (v_needed) order by id for update skip locked) locked;
  if v_locked <> cardinality(v_needed) then
    raise exception 'Someone is booking that time right now' using errcode = 'ST001', hint = 'Try again in a moment.';
  end if;
  update public.slots s
     set status = 'booked', held_by = null, held_until = null
   where s.id = any (v_needed)
     and (s.status = 'open' or (s.status = 'held' and s.held_until < p_now))
     and public.slot_is_free(s, p_now);
  get diagnostics v_booked = row_count;
  if v_booked <> cardinality(v_needed) then
    -- Raises the specific reason; if the picture changed again meanwhile, the generic one below.
    perform public.check_staff_booking(p_new.clinic_id, p_new.provider_id, p_new.starts_at, p_new.ends_at, p_now,
                                       p_old.provider_id, p_old.starts_at, p_old.ends_at);
    raise exception 'That time was just taken' using errcode = 'ST001';
  end if;

  if p_old.id is not null then
    update public.slots s
       set status = 'open'
     where s.provider_id = p_old.provider_id and s.status = 'booked'
       and s.starts_at >= p_old.starts_at and s.starts_at < p_old.ends_at
       and not (s.provider_id = p_new.provider_id and s.starts_at >= p_new.starts_at and s.starts_at < p_new.ends_at);
  end if;
end;
$$;
revoke execute on function public.claim_staff_booking(public.appointments, public.appointments, timestamptz)
  from public, anon, authenticated;
grant execute on function public.claim_staff_booking(public.appointments, public.appointments, timestamptz) to service_role;

/** The facts of an appointment that notices carry in params (ISO instants in UTC). */
create or replace function public.appointment_notice_params(p_appointment public.appointments)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object(
    'appointmentId', p_appointment.id,
    'serviceId', p_appointment.service_id,
    'serviceName', (select sv.name from public.services sv where sv.id = p_appointment.service_id),
    'providerName', (select pr.name from public.providers pr where pr.id = p_appointment.provider_id),
    'startsAt', public.utc_iso(p_appointment.starts_at),
    'endsAt', public.utc_iso(p_appointment.ends_at)
  )
$$;
revoke execute on function public.appointment_notice_params(public.appointments) from public, anon, authenticated;
grant execute on function public.appointment_notice_params(public.appointments) to service_role;

/**
 * Before an appointment is inserted. The bot's confirm_hold (booked_by = 'patient') has claimed its
 * slots already and gives every column; only starts_at_local is filled in. Anyone else books for
 * the clinic: the row is completed from patient, service, provider and start, and checked.
 */
create or replace function public.appointments_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_timezone text;
  v_duration int;
  v_ends_at timestamptz;
  v_run uuid[];
  v_now timestamptz := pg_catalog.now();
begin
  select p.clinic_id into new.clinic_id from public.patients p where p.id = new.patient_id;
  if new.clinic_id is null then
    raise exception 'no patient with id %', new.patient_id using errcode = 'ST003', hint = 'Pick the patient from patients.';
  end if;
  select c.timezone into v_timezone from public.clinics c where c.id = new.clinic_id;

  if new.booked_by = 'patient' then
    new.starts_at_local := new.starts_at at time zone v_timezone;
    if new.status = 'cancelled' then
      new.cancelled_by := coalesce(new.cancelled_by, 'patient');
    end if;
    return new;
  end if;
  if new.booked_by is not null and new.booked_by <> 'clinic' then
    raise exception 'booked_by is filled in: leave it empty' using errcode = 'ST003';
  end if;
  new.booked_by := 'clinic';
  if new.status <> 'booked' then
    raise exception 'a new appointment is booked: leave status empty (set it afterwards to record the outcome)'
      using errcode = 'ST003';
  end if;

  -- The start: starts_at with an offset, or the clinic's wall clock in starts_at_local.
  if new.starts_at is null and new.starts_at_local is null then
    raise exception 'give the start: starts_at_local (the clinic''s clock, e.g. 2026-12-08 09:00) or starts_at with an offset'
      using errcode = 'ST003';
  end if;
  if new.starts_at is null then
    new.starts_at := new.starts_at_local at time zone v_timezone;
    if new.starts_at at time zone v_timezone <> new.starts_at_local then
      raise exception '% does not exist in % (the clocks change that day)', new.starts_at_local, v_timezone
        using errcode = 'ST003';
    end if;
  elsif new.starts_at_local is not null and new.starts_at_local <> new.starts_at at time zone v_timezone then
    raise exception 'starts_at (%) and starts_at_local (%) disagree: give only one of them',
      public.staff_when(new.starts_at, v_timezone), new.starts_at_local
      using errcode = 'ST003';
  end if;
  new.starts_at_local := new.starts_at at time zone v_timezone;

  v_duration := public.offered_duration(new.clinic_id, new.provider_id, new.service_id);
  v_ends_at := new.starts_at + pg_catalog.make_interval(mins => v_duration);
  if new.ends_at is not null and new.ends_at <> v_ends_at then
    raise exception 'ends_at follows the service''s length (% minutes): leave it empty', v_duration using errcode = 'ST003';
  end if;
  new.ends_at := v_ends_at;

  v_run := public.check_staff_booking(new.clinic_id, new.provider_id, new.starts_at, new.ends_at, v_now);
  if new.slot_id is not null and new.slot_id <> v_run[1] then
    raise exception 'slot_id follows the start: leave it empty' using errcode = 'ST003';
  end if;
  new.slot_id := v_run[1];
  new.cancelled_at := null;
  new.cancelled_by := null;
  new.hold_until := null;
  return new;
end;
$$;
revoke execute on function public.appointments_before_insert() from public, anon, authenticated;

/**
 * How long p_service_id takes when p_provider_id gives it at p_clinic_id, in minutes; raises ST006
 * when either is unknown, inactive, of another clinic, or the practitioner does not offer it.
 */
create or replace function public.offered_duration(p_clinic_id uuid, p_provider_id uuid, p_service_id uuid)
returns int
language plpgsql
stable
set search_path = ''
as $$
declare
  v_service public.services;
  v_provider public.providers;
begin
  select * into v_service from public.services where id = p_service_id and clinic_id = p_clinic_id;
  if not found then
    raise exception 'no service with id % at this clinic', p_service_id using errcode = 'ST006';
  end if;
  select * into v_provider from public.providers where id = p_provider_id and clinic_id = p_clinic_id;
  if not found then
    raise exception 'no practitioner with id % at this clinic', p_provider_id using errcode = 'ST006';
  end if;
  if not v_service.active then
    raise exception '% is switched off (services.active)', v_service.name using errcode = 'ST006';
  end if;
  if not v_provider.active then
    raise exception '% is switched off (providers.active)', v_provider.name using errcode = 'ST006';
  end if;
  if not exists (select 1 from public.provider_services ps where ps.provider_id = p_provider_id and ps.service_id = p_service_id) then
    raise exception '% does not offer %', v_provider.name, v_service.name
      using errcode = 'ST006', hint = 'Choose a practitioner who does (provider_services), or add it there.';
  end if;
  return v_service.duration_minutes;
end;
$$;
revoke execute on function public.offered_duration(uuid, uuid, uuid) from public, anon, authenticated;
grant execute on function public.offered_duration(uuid, uuid, uuid) to service_role;

/** After an appointment is inserted: a clinic booking claims its slots and tells the patient. */
create or replace function public.appointments_after_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.booked_by = 'clinic' and new.status = 'booked' then
    perform public.claim_staff_booking(new, null, pg_catalog.now());
    perform public.enqueue_notice('appointment_booked', new.patient_id, public.appointment_notice_params(new), new.id);
  end if;
  return null;
end;
$$;
revoke execute on function public.appointments_after_insert() from public, anon, authenticated;

/**
 * Before an appointment is updated: keeps starts_at and starts_at_local in step, fills in a
 * cancellation, and checks a move (a new start, practitioner or service) before it is made.
 * Updates by the booking engine (cancel_appointment, reschedule_appointment, merge_patient) change
 * none of the timing columns and pass straight through.
 */
create or replace function public.appointments_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_timezone text;
  v_now timestamptz := pg_catalog.now();
  v_moved boolean;
  v_duration int;
  v_run uuid[];
begin
  if new.clinic_id is distinct from old.clinic_id then
    raise exception 'an appointment stays with its clinic' using errcode = 'ST003';
  end if;
  if new.booked_by is distinct from old.booked_by then
    raise exception 'booked_by is filled in: leave it as it is' using errcode = 'ST003';
  end if;
  select c.timezone into v_timezone from public.clinics c where c.id = new.clinic_id;

  -- The start, whichever of the two columns was edited.
  if new.starts_at is distinct from old.starts_at and new.starts_at_local is distinct from old.starts_at_local then
    if new.starts_at_local <> new.starts_at at time zone v_timezone then
      raise exception 'starts_at (%) and starts_at_local (%) disagree: change only one of them',
        public.staff_when(new.starts_at, v_timezone), new.starts_at_local
        using errcode = 'ST003';
    end if;
  elsif new.starts_at_local is distinct from old.starts_at_local then
    new.starts_at := new.starts_at_local at time zone v_timezone;
    if new.starts_at at time zone v_timezone <> new.starts_at_local then
      raise exception '% does not exist in % (the clocks change that day)', new.starts_at_local, v_timezone
        using errcode = 'ST003';
    end if;
  end if;
  new.starts_at_local := new.starts_at at time zone v_timezone;

  if old.status = 'cancelled' and new.status <> 'cancelled' then
    raise exception 'a cancelled appointment stays cancelled: add a new appointment instead' using errcode = 'ST003';
  end if;
  v_moved := new.starts_at is distinct from old.starts_at
             or new.provider_id is distinct from old.provider_id
             or new.service_id is distinct from old.service_id;

  if new.status = 'cancelled' and old.status <> 'cancelled' then
    if v_moved or new.ends_at is distinct from old.ends_at then
      raise exception 'cancel or move, not both at once' using errcode = 'ST003';
    end if;
    new.cancelled_at := coalesce(new.cancelled_at, v_now);
    new.cancelled_by := coalesce(new.cancelled_by, 'clinic');
    return new;
  end if;
  if new.cancelled_by is distinct from old.cancelled_by or new.cancelled_at is distinct from old.cancelled_at then
    raise exception 'cancelled_at and cancelled_by are filled in: to cancel, set status to cancelled' using errcode = 'ST003';
  end if;

  if not v_moved then
    if new.ends_at is distinct from old.ends_at then
      raise exception 'ends_at follows the service''s length: to change it, change service_id' using errcode = 'ST003';
    end if;
    if new.slot_id is distinct from old.slot_id then
      raise exception 'slot_id follows the start: to move the appointment, change starts_at_local' using errcode = 'ST003';
    end if;
    return new;
  end if;

  -- A move.
  if old.status <> 'booked' or new.status <> 'booked' then
    raise exception 'only a booked appointment can be moved (this one is %)', old.status using errcode = 'ST003';
  end if;
  if old.starts_at <= v_now then
    raise exception 'this appointment has already started (%): it cannot be moved', public.staff_when(old.starts_at, v_timezone)
      using errcode = 'ST003';
  end if;
  v_duration := public.offered_duration(new.clinic_id, new.provider_id, new.service_id);
  if new.ends_at is distinct from old.ends_at
     and new.ends_at <> new.starts_at + pg_catalog.make_interval(mins => v_duration) then
    raise exception 'ends_at follows the service''s length (% minutes): leave it as it is', v_duration using errcode = 'ST003';
  end if;
  new.ends_at := new.starts_at + pg_catalog.make_interval(mins => v_duration);
  v_run := public.check_staff_booking(new.clinic_id, new.provider_id, new.starts_at, new.ends_at, v_now,
                                      old.provider_id, old.starts_at, old.ends_at);
  new.slot_id := v_run[1];
  return new;
end;
$$;
revoke execute on function public.appointments_before_update() from public, anon, authenticated;

/**
 * After an appointment is updated: a cancellation frees the slots still to come and, when the clinic
 * cancelled a visit still to come, tells the patient; a move takes the new slots, frees the old ones
 * and tells the patient.
 */
create or replace function public.appointments_after_update()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_params jsonb;
begin
  if new.status = 'cancelled' and old.status <> 'cancelled' then
    -- Its slots: the practitioner's booked slots within its time (the exclusion constraint
    -- guarantees no other booked appointment covers them), from the moment of the cancellation on.
    update public.slots s
       set status = 'open'
     where s.provider_id = old.provider_id and s.status = 'booked'
       and s.starts_at >= old.starts_at and s.starts_at < old.ends_at
       and s.starts_at > new.cancelled_at;
    if new.cancelled_by = 'clinic' and old.status = 'booked' and old.starts_at > new.cancelled_at then
      perform public.enqueue_notice('appointment_cancelled', new.patient_id, public.appointment_notice_params(old), new.id);
    end if;
  elsif new.status = 'booked'
        and (new.starts_at, new.ends_at, new.provider_id) is distinct from (old.starts_at, old.ends_at, old.provider_id) then
    perform public.claim_staff_booking(new, old, pg_catalog.now());
    v_params := public.appointment_notice_params(new);
    v_params := v_params || pg_catalog.jsonb_build_object(
      'previousStartsAt', public.utc_iso(old.starts_at),
      'previousProviderName', (select pr.name from public.providers pr where pr.id = old.provider_id)
    );
    perform public.enqueue_notice('appointment_moved', new.patient_id, v_params, new.id);
  end if;
  return null;
end;
$$;
revoke execute on function public.appointments_after_update() from public, anon, authenticated;

/**
 * Before an appointment is deleted: one that is still to come is refused (cancel it first, so its
 * time is freed and the patient told). Past and cancelled ones may go; so may everything of a clinic
 * being deleted.
 */
create or replace function public.appointments_before_delete()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_timezone text;
begin
  select c.timezone into v_timezone from public.clinics c where c.id = old.clinic_id;
  if not found then
    return old; -- the whole clinic is being deleted
  end if;
  if old.status = 'booked' and old.ends_at > pg_catalog.now() then
    raise exception 'this appointment (%) is still booked: cancel it first (set status to cancelled), then delete it',
      public.staff_when(old.starts_at, v_timezone)
      using errcode = 'ST004',
            hint = 'Cancelling frees its time and tells the patient; deleting would do neither.';
  end if;
  return old;
end;
$$;
revoke execute on function public.appointments_before_delete() from public, anon, authenticated;

/**
 * At commit: a booked appointment still to come lies on its practitioner's slots, every one of them
 * booked (or blocked: waiting to be rebooked). The booking engine and the triggers above always
 * leave it so; this catches a row written around them (an insert that claims booked_by 'patient'
 * without booking the slots, say), which would otherwise let the bot offer the same time again.
 * Deferred, because confirm_hold books the slots just after inserting the appointment.
 */
create or replace function public.appointments_check_slots()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_row public.appointments;
  v_covered interval;
begin
  select * into v_row from public.appointments where id = new.id;
  if v_row.status is distinct from 'booked' or v_row.starts_at <= pg_catalog.now() then
    return null;
  end if;
  select coalesce(sum(least(s.ends_at, v_row.ends_at) - greatest(s.starts_at, v_row.starts_at)), interval '0')
    into v_covered
    from public.slots s
   where s.provider_id = v_row.provider_id and s.status in ('booked', 'blocked')
     and s.starts_at < v_row.ends_at and s.ends_at > v_row.starts_at;
  if v_covered < v_row.ends_at - v_row.starts_at then
    raise exception 'appointment % is booked on time whose slots are not booked', v_row.id
      using errcode = 'ST003',
            hint = 'Book by adding the appointment with patient, service, provider and start; leave booked_by and slot_id empty.';
  end if;
  return null;
end;
$$;
revoke execute on function public.appointments_check_slots() from public, anon, authenticated;

create constraint trigger appointments_check_slots
  after insert or update of status, starts_at, ends_at, provider_id on public.appointments
  deferrable initially deferred
  for each row execute function public.appointments_check_slots();

create trigger appointments_before_insert
  before insert on public.appointments
  for each row execute function public.appointments_before_insert();
create trigger appointments_after_insert
  after insert on public.appointments
  for each row execute function public.appointments_after_insert();
create trigger appointments_before_update
  before update on public.appointments
  for each row execute function public.appointments_before_update();
create trigger appointments_after_update
  after update on public.appointments
  for each row execute function public.appointments_after_update();
create trigger appointments_before_delete
  before delete on public.appointments
  for each row execute function public.appointments_before_delete();

/**
 * Before a patient is deleted: refused while they have an appointment still to come (cancel it
 * first). Their past appointments, chats and messages go with them; everything goes when the whole
 * clinic is deleted.
 */
create or replace function public.patients_before_delete()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_upcoming record;
  v_timezone text;
begin
  select c.timezone into v_timezone from public.clinics c where c.id = old.clinic_id;
  if not found then
    return old; -- the whole clinic is being deleted
  end if;
  select count(*) as n, min(a.starts_at) as first_at into v_upcoming
    from public.appointments a
   where a.patient_id = old.id and a.status = 'booked' and a.ends_at > pg_catalog.now();
  if v_upcoming.n > 0 then
    raise exception '% has % appointment(s) still booked (the first on %): cancel them first, then delete the patient',
      coalesce(old.name, old.push_name, old.phone, 'This patient'), v_upcoming.n, public.staff_when(v_upcoming.first_at, v_timezone)
      using errcode = 'ST004',
            hint = 'In appointments, set status to cancelled: that frees the times and tells the patient.';
  end if;
  return old;
end;
$$;
revoke execute on function public.patients_before_delete() from public, anon, authenticated;

create trigger patients_before_delete
  before delete on public.patients
  for each row execute function public.patients_before_delete();

/**
 * Keeps slots in step with appointments whoever edits them. A slot becomes booked only under a
 * booked appointment (book by adding the appointment); a booked slot under a booked appointment
 * may be blocked (the appointment then waits to be rebooked: view appointments_to_rebook) but not
 * opened or deleted (cancel or move the appointment instead). The booking engine's own updates
 * always satisfy this: it books slots after inserting the appointment, frees them after cancelling.
 */
create or replace function public.slots_guard()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_slot public.slots := case when tg_op = 'DELETE' then old else new end;
  v_owner record;
begin
  -- Only a change into or out of booked concerns appointments (holds come and go without a look).
  if tg_op = 'UPDATE' and not ((new.status = 'booked') <> (old.status = 'booked')) then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.status = 'booked' and new.status = 'blocked' then
    return new;
  end if;
  if tg_op = 'DELETE' and old.status <> 'booked' then
    return old;
  end if;
  if tg_op = 'DELETE' and not exists (select 1 from public.clinics c where c.id = old.clinic_id) then
    return old; -- the whole clinic is being deleted
  end if;
  select a.id, a.starts_at, sv.name as service, coalesce(pa.name, pa.push_name, pa.phone, 'a patient') as patient, c.timezone
    into v_owner
    from public.appointments a
    join public.services sv on sv.id = a.service_id
    join public.patients pa on pa.id = a.patient_id
    join public.clinics c on c.id = a.clinic_id
   where a.provider_id = v_slot.provider_id and a.status = 'booked'
     and a.starts_at < v_slot.ends_at and a.ends_at > v_slot.starts_at
   limit 1;
  if tg_op = 'UPDATE' and new.status = 'booked' and v_owner.id is null then
    raise exception 'a slot is booked by adding an appointment (patient, service, provider, start), not by setting its status'
      using errcode = 'ST003';
  end if;
  if v_owner.id is not null and (tg_op = 'DELETE' or (old.status = 'booked' and new.status in ('open', 'held'))) then
    raise exception 'this time belongs to % for % on %: cancel or move that appointment instead',
      v_owner.service, v_owner.patient, public.staff_when(v_owner.starts_at, v_owner.timezone)
      using errcode = 'ST003',
            hint = 'To close the time and ask the patient to rebook, set the slot to blocked.';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;
revoke execute on function public.slots_guard() from public, anon, authenticated;

create trigger slots_guard
  before update of status or delete on public.slots
  for each row execute function public.slots_guard();

/** A new clinic time zone moves every appointment's wall-clock start with it (the instants stay). */
create or replace function public.clinics_sync_local_starts()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.appointments a
     set starts_at_local = a.starts_at at time zone new.timezone
   where a.clinic_id = new.id;
  return null;
end;
$$;
revoke execute on function public.clinics_sync_local_starts() from public, anon, authenticated;

create trigger clinics_sync_local_starts
  after update of timezone on public.clinics
  for each row when (new.timezone is distinct from old.timezone)
  execute function public.clinics_sync_local_starts();
