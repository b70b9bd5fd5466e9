-- enqueue_reminders and enqueue_rebook_offers queue in one order whoever runs them, so concurrent
-- runs never deadlock. Replaces the versions of 20261203400300_schedule_reminders_outside_quiet_hours.sql
-- and 20261202100900_create_proactive_notices.sql; same signatures, answers, comments and grants.
--
-- The jobs over every clinic (pg_cron) and each bot's claim_outbox (its own clinic) queue the same
-- reminders and rebook offers at the same moments, and `on conflict do nothing` waits on a row
-- another transaction has inserted but not committed. Each took the due appointments in whatever
-- order its plan produced them (a sequential scan: the rows' physical order; the clinic's index:
-- their times), so two runs could each hold a row the other was about to insert and wait for each
-- other: PostgreSQL then aborts one of them (40P01, deadlock detected), failing that minute's job
-- or the bot's claim. A clean-clone CI run saw twelve in one round of
-- tests/db/notices-race.test.ts. In one order for all (the appointment's id), the first run to
-- reach a row queues it and the others wait for it to commit, holding nothing it will need.
-- generate_slots orders its inserts for the same reason. Campaigns need no order: a campaign's
-- messages are queued under a lock on the campaign's row (enqueue_campaigns, `skip locked`).

/**
 * Adds the reminder of each booked appointment whose reminder moment has come (outside the
 * clinic's quiet hours), once per appointment and start; returns how many it added. Appointments
 * are taken in the order of their ids, whichever clinics are scanned and however, so concurrent
 * runs queue in the same order and cannot deadlock on each other's rows.
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
  v_due record;
  v_added int := 0;
begin
  for v_due in
    select a.id, a.patient_id, a.starts_at, r.send_at
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
          where o.appointment_id = a.id and o.kind = 'reminder' and o.params ->> 'startsAt' = public.utc_iso(a.starts_at))
     order by a.id
  loop
    if public.enqueue_notice(
         'reminder', v_due.patient_id,
         pg_catalog.jsonb_build_object('appointmentId', v_due.id, 'startsAt', public.utc_iso(v_due.starts_at)),
         v_due.id, null, v_due.send_at) is not null then
      v_added := v_added + 1;
    end if;
  end loop;
  return v_added;
end;
$$;
comment on function public.enqueue_reminders(timestamptz, uuid) is
  'Adds the reminder of each booked appointment whose reminder moment has come (outside quiet hours); never twice for one appointment and start.';
revoke execute on function public.enqueue_reminders(timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_reminders(timestamptz, uuid) to service_role;

/**
 * Offers new times, once, to each patient whose booked appointment can no longer go ahead (view
 * appointments_to_rebook), sendable after c_grace_minutes, so a closure entered by mistake and
 * removed at once tells nobody (claim_outbox drops an offer whose appointment no longer needs
 * rebooking); returns how many it added. Detection reads the view, so it uses the real clock:
 * p_now only dates the offer. In the order of the appointments' ids, as
 * enqueue_reminders, so concurrent runs cannot deadlock on each other's rows.
 */
create or replace function public.enqueue_rebook_offers(p_clinic_id uuid default null, p_now timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  c_grace_minutes constant int := 2;
  v_due record;
  v_added int := 0;
begin
  for v_due in
    select a as appointment, r.reason
      from public.appointments_to_rebook r
      join public.appointments a on a.id = r.appointment_id
     where (p_clinic_id is null or r.clinic_id = p_clinic_id)
       and not exists (select 1 from public.outbox o where o.appointment_id = a.id and o.kind = 'rebook_offer')
     order by a.id
  loop
    if public.enqueue_notice(
         'rebook_offer', (v_due.appointment).patient_id,
         public.appointment_notice_params(v_due.appointment) || pg_catalog.jsonb_build_object('reason', v_due.reason),
         (v_due.appointment).id, null, p_now + pg_catalog.make_interval(mins => c_grace_minutes)) is not null then
      v_added := v_added + 1;
    end if;
  end loop;
  return v_added;
end;
$$;
comment on function public.enqueue_rebook_offers(uuid, timestamptz) is
  'Offers new times, once, to each patient whose appointment can no longer go ahead (view appointments_to_rebook).';
revoke execute on function public.enqueue_rebook_offers(uuid, timestamptz) from public, anon, authenticated;
grant execute on function public.enqueue_rebook_offers(uuid, timestamptz) to service_role;
