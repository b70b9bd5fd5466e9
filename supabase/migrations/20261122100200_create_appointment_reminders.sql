-- Appointment reminders: one 'reminder' outbox row per booked appointment, enqueued when the
-- appointment enters its clinic's reminder window (clinics.reminder_hours_before).

alter table public.outbox
  add column appointment_id uuid references public.appointments (id) on delete cascade;
comment on column public.outbox.appointment_id is 'For a reminder: the appointment it is about.';

-- The idempotency key: whatever runs enqueue_reminders, however often and concurrently, one
-- appointment gets at most one reminder.
create unique index outbox_one_reminder_per_appointment_idx on public.outbox (appointment_id)
  where kind = 'reminder';

/**
 * Enqueues a reminder for every booked appointment that starts within its clinic's reminder
 * window (optionally of one clinic only) and returns how many were added. Appointments booked
 * after their window had already opened get none: the patient has just seen the confirmation.
 * The chat is the appointment's own conversation, else the patient's latest one on an enabled
 * number of the clinic; a patient the bot cannot address is skipped.
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
  insert into public.outbox (
    clinic_id, channel_id, conversation_id, patient_id, chat_jid, phone, text, kind, send_after, appointment_id
  )
  select a.clinic_id,
         conv.channel_id,
         conv.id,
         a.patient_id,
         conv.chat_jid,
         p.phone,
         -- Written here rather than in the function's replies module because staff read the outbox in
         -- Studio and should see exactly what will be sent. The date reads like the bot's ("Tue 25 Nov, 10:30").
         pg_catalog.format(
           'Reminder: your *%s* at %s is on *%s*. Reply *menu* to see or change your appointments.',
           s.name,
           cl.name,
           pg_catalog.to_char(a.starts_at at time zone cl.timezone, 'Dy FMDD Mon, HH24:MI')
         ),
         'reminder',
         p_now,
         a.id
    from public.appointments a
    join public.clinics cl on cl.id = a.clinic_id
    join public.patients p on p.id = a.patient_id
    join public.services s on s.id = a.service_id
    cross join lateral (
      select c.id, c.channel_id, c.chat_jid
        from public.conversations c
        join public.channels ch on ch.id = c.channel_id and ch.enabled
       where c.patient_id = a.patient_id
         and c.clinic_id = a.clinic_id
       order by (c.id = a.conversation_id) desc, c.last_inbound_at desc nulls last
       limit 1
    ) conv
   where a.status = 'booked'
     and cl.reminder_hours_before > 0
     and (p_clinic_id is null or a.clinic_id = p_clinic_id)
     and a.starts_at > p_now
     and a.starts_at <= p_now + pg_catalog.make_interval(hours => cl.reminder_hours_before)
     and a.created_at <= a.starts_at - pg_catalog.make_interval(hours => cl.reminder_hours_before)
  on conflict (appointment_id) where kind = 'reminder' do nothing;
  get diagnostics v_added = row_count;
  return v_added;
end;
$$;

comment on function public.enqueue_reminders(timestamptz, uuid) is
  'Adds the reminder message of each booked appointment entering its reminder window; never twice for one appointment.';

revoke execute on function public.enqueue_reminders(timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_reminders(timestamptz, uuid) to service_role;

-- Every five minutes where pg_cron can run (private.schedule_job,
-- 20261122000050_create_cron_scheduling.sql). Without pg_cron reminders still go out: claim_outbox
-- also enqueues the claiming channel's clinic's reminders.
do $$
begin
  if not private.schedule_job('enqueue-reminders', '*/5 * * * *', $job$select public.enqueue_reminders()$job$) then
    raise notice 'reminders not scheduled (claim_outbox enqueues them)';
  end if;
end
$$;
