-- A reminder that asks to confirm, sent at a decent hour (issue 11 §2; docs/design.md "Messages the
-- clinic sends first"). Per clinic: reminder_hours_before (24 by default, as before) and quiet hours
-- (20:00-08:00 by default, on the clinic's clock). A reminder due inside the quiet hours goes when
-- they end, or when they start if their end would leave less than the clinic's minimum notice
-- before the visit. All of it is wall-clock arithmetic in the clinic's zone, so it holds across
-- daylight-saving changes: "24 hours before" a 09:00 visit is 09:00 the day before, even on the
-- day the clocks change.
--
-- enqueue_reminders (pg_cron every five minutes, and every claim_outbox) queues a reminder once its
-- moment has come; one per appointment and start (a unique index and on conflict do nothing, so
-- concurrent and repeated runs add it once). The row carries no text: the function writes it at
-- claim, with confirm / cancel / reschedule as numbered choices when the chat is idle.

alter table public.clinics
  add column quiet_hours_start time default '20:00',
  add column quiet_hours_end time default '08:00',
  add constraint clinics_quiet_hours_check check (
    (quiet_hours_start is null) = (quiet_hours_end is null) and (quiet_hours_start is null or quiet_hours_start <> quiet_hours_end));

comment on column public.clinics.quiet_hours_start is
  'Reminders are not sent from this time (clinic clock) until quiet_hours_end; one due then goes at quiet_hours_end, or at this time if the end would be too close to the visit. Empty (both) = no quiet hours.';
comment on column public.clinics.quiet_hours_end is
  'End of the quiet hours (clinic clock); an end before the start means overnight, as the default 20:00–08:00.';
comment on column public.clinics.reminder_hours_before is
  'How many hours before an appointment the reminder asking to confirm is sent, on the clinic''s clock (0 = no reminders). Moved out of the quiet hours.';

/**
 * When a message due at p_due may go, given the clinic's quiet hours (wall-clock times in
 * p_timezone; null = none) and the visit it is about: p_due itself outside the quiet hours; inside
 * them, their end, unless that leaves less than p_min_notice_minutes before p_visit, then their
 * start (which is not after p_due).
 */
create or replace function public.quiet_hours_send_at(
  p_due timestamptz,
  p_visit timestamptz,
  p_timezone text,
  p_quiet_start time,
  p_quiet_end time,
  p_min_notice_minutes int
)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
declare
  v_local timestamp := p_due at time zone p_timezone;
  v_day date := v_local::date;
  v_time time := v_local::time;
  v_quiet_from timestamp;
  v_quiet_until timestamp;
  v_until timestamptz;
begin
  if p_quiet_start is null or p_quiet_end is null or p_quiet_start = p_quiet_end then
    return p_due;
  end if;
  if p_quiet_start < p_quiet_end then
    -- Within one day (13:00-14:00).
    if v_time < p_quiet_start or v_time >= p_quiet_end then
      return p_due;
    end if;
    v_quiet_from := v_day + p_quiet_start;
    v_quiet_until := v_day + p_quiet_end;
  elsif v_time >= p_quiet_start then
    -- Overnight (20:00-08:00), in the evening part.
    v_quiet_from := v_day + p_quiet_start;
    v_quiet_until := (v_day + 1) + p_quiet_end;
  elsif v_time < p_quiet_end then
    -- Overnight, in the morning part.
    v_quiet_from := (v_day - 1) + p_quiet_start;
    v_quiet_until := v_day + p_quiet_end;
  else
    return p_due;
  end if;
  v_until := v_quiet_until at time zone p_timezone;
  if v_until <= p_visit - pg_catalog.make_interval(mins => coalesce(p_min_notice_minutes, 0)) then
    return v_until;
  end if;
  return v_quiet_from at time zone p_timezone;
end;
$$;
revoke execute on function public.quiet_hours_send_at(timestamptz, timestamptz, text, time, time, int) from public, anon, authenticated;
grant execute on function public.quiet_hours_send_at(timestamptz, timestamptz, text, time, time, int) to service_role;
comment on function public.quiet_hours_send_at(timestamptz, timestamptz, text, time, time, int) is
  'When a message due at a moment may go: outside the quiet hours at once, else at their end, or their start if the end is too close to the visit.';

/** When the reminder of a visit at p_starts_at goes at clinic p_clinic (its settings, its zone). */
create or replace function public.reminder_send_at(p_clinic public.clinics, p_starts_at timestamptz)
returns timestamptz
language sql
stable
set search_path = ''
as $$
  select public.quiet_hours_send_at(
    ((p_starts_at at time zone p_clinic.timezone) - pg_catalog.make_interval(hours => p_clinic.reminder_hours_before))
      at time zone p_clinic.timezone,
    p_starts_at, p_clinic.timezone, p_clinic.quiet_hours_start, p_clinic.quiet_hours_end, p_clinic.min_notice_minutes)
$$;
revoke execute on function public.reminder_send_at(public.clinics, timestamptz) from public, anon, authenticated;
grant execute on function public.reminder_send_at(public.clinics, timestamptz) to service_role;
comment on function public.reminder_send_at(public.clinics, timestamptz) is
  'The moment a visit''s reminder goes: reminder_hours_before on the clinic''s clock, moved out of the quiet hours.';

/**
 * Enqueues the reminder of every booked appointment whose reminder moment (reminder_send_at) has
 * come and whose visit has not (optionally of one clinic only); returns how many were added.
 * Appointments booked after their reminder moment get none: the patient has just seen the
 * confirmation. The text is the function's to write (params: appointmentId, startsAt); the chat is
 * the appointment's own, else the patient's latest on an enabled number, else their number if they
 * consented; a patient who stopped reminders gets none (outbox_prepare).
 */
create or replace function public.enqueue_reminders(p_now timestamptz default now(), p_clinic_id uuid default null)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  -- Quiet hours move a reminder earlier by less than a day: visits further ahead than the reminder
  -- time plus this cannot be due yet, which keeps the scan to the coming days.
  c_quiet_margin constant interval := interval '1 day';
  v_added int;
begin
  select count(public.enqueue_notice(
           'reminder', a.patient_id,
           pg_catalog.jsonb_build_object('appointmentId', a.id, 'startsAt', public.utc_iso(a.starts_at)),
           a.id, null, r.send_at))::int
    into v_added
    from public.appointments a
    join public.clinics cl on cl.id = a.clinic_id
    cross join lateral (select public.reminder_send_at(cl, a.starts_at) as send_at) r
   where a.status = 'booked'
     and cl.reminder_hours_before > 0
     and (p_clinic_id is null or a.clinic_id = p_clinic_id)
     and a.starts_at > p_now
     and a.starts_at <= p_now + pg_catalog.make_interval(hours => cl.reminder_hours_before) + c_quiet_margin
     and r.send_at <= p_now
     and a.created_at <= r.send_at
     and not exists (
       select 1 from public.outbox o
        where o.appointment_id = a.id and o.kind = 'reminder' and o.params ->> 'startsAt' = public.utc_iso(a.starts_at));
  return v_added;
end;
$$;
comment on function public.enqueue_reminders(timestamptz, uuid) is
  'Adds the reminder of each booked appointment whose reminder moment has come (outside quiet hours); never twice for one appointment and start.';
revoke execute on function public.enqueue_reminders(timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_reminders(timestamptz, uuid) to service_role;
