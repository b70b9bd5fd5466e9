-- Messages the system queues on its own schedule, as outbox kinds with parameters (the function writes
-- the text when the bot claims them; 20261202100400_alter_outbox_for_rendering.sql):
--   reminder      before a visit, once per appointment start (a moved appointment is reminded of
--                 its new time), only to patients who may be messaged first
--   rebook_offer  to each patient of an appointment listed in appointments_to_rebook (a closure or a
--                 blocked time over it, its practitioner switched off or no longer working then),
--                 once per appointment, offering the first free times
-- Both are enqueued by pg_cron where it runs and by every claim_outbox of the clinic's number
-- otherwise; a unique index per kind makes running them often and concurrently harmless.

/**
 * Enqueues a reminder for every booked appointment that starts within its clinic's reminder window
 * (optionally of one clinic only) and returns how many were added. Appointments booked after their
 * window had already opened get none: the patient has just seen the confirmation. The text is the
 * function's to write (params: appointmentId, startsAt); the chat is the appointment's own, else the
 * patient's latest on an enabled number, else their number if they consented (outbox_prepare).
 */
create or replace function public.enqueue_reminders(p_now timestamptz default now(), p_clinic_id uuid default null)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_added int;
begin
  select count(public.enqueue_notice(
           'reminder', a.patient_id,
           pg_catalog.jsonb_build_object('appointmentId', a.id, 'startsAt', public.utc_iso(a.starts_at)),
           a.id, null, p_now))::int
    into v_added
    from public.appointments a
    join public.clinics cl on cl.id = a.clinic_id
   where a.status = 'booked'
     and cl.reminder_hours_before > 0
     and (p_clinic_id is null or a.clinic_id = p_clinic_id)
     and a.starts_at > p_now
     and a.starts_at <= p_now + pg_catalog.make_interval(hours => cl.reminder_hours_before)
     and a.created_at <= a.starts_at - pg_catalog.make_interval(hours => cl.reminder_hours_before)
     and not exists (
       select 1 from public.outbox o
        where o.appointment_id = a.id and o.kind = 'reminder' and o.params ->> 'startsAt' = public.utc_iso(a.starts_at));
  return v_added;
end;
$$;

comment on function public.enqueue_reminders(timestamptz, uuid) is
  'Adds the reminder message of each booked appointment entering its reminder window; never twice for one appointment and start.';

revoke execute on function public.enqueue_reminders(timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_reminders(timestamptz, uuid) to service_role;

/**
 * Offers new times to the patient of every appointment in appointments_to_rebook (optionally of one
 * clinic only) that has not been offered yet; returns how many offers were queued. Each offer waits
 * c_grace_minutes before it may be sent, so a closure entered by mistake and removed at once tells
 * nobody (claim_outbox drops an offer whose appointment no longer needs rebooking). Detection reads
 * the view, so it uses the real clock: p_now only dates the offer.
 */
create or replace function public.enqueue_rebook_offers(p_clinic_id uuid default null, p_now timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_grace_minutes constant int := 2;
  v_added int;
begin
  select count(public.enqueue_notice(
           'rebook_offer', a.patient_id,
           public.appointment_notice_params(a) || pg_catalog.jsonb_build_object('reason', r.reason),
           a.id, null, p_now + pg_catalog.make_interval(mins => c_grace_minutes)))::int
    into v_added
    from public.appointments_to_rebook r
    join public.appointments a on a.id = r.appointment_id
   where (p_clinic_id is null or r.clinic_id = p_clinic_id)
     and not exists (select 1 from public.outbox o where o.appointment_id = a.id and o.kind = 'rebook_offer');
  return v_added;
end;
$$;

comment on function public.enqueue_rebook_offers(uuid, timestamptz) is
  'Offers new times, once, to each patient whose appointment can no longer go ahead (view appointments_to_rebook).';

revoke execute on function public.enqueue_rebook_offers(uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.enqueue_rebook_offers(uuid, timestamptz) to service_role;

-- Every five minutes where pg_cron can run (private.schedule_job); without it claim_outbox enqueues
-- the claiming channel's clinic's offers, as it does reminders.
do $$
begin
  if not private.schedule_job('enqueue-rebook-offers', '*/5 * * * *', $job$select public.enqueue_rebook_offers()$job$) then
    raise notice 'rebook offers not scheduled (claim_outbox enqueues them)';
  end if;
end
$$;
