-- Views for staff in Studio (issue 7 §6): today's agenda, the week by practitioner, conversations
-- waiting for staff (longest wait first), appointments to rebook, failed outgoing messages.
-- Read-only, security_invoker (each reader sees only what their own RLS allows), times on the
-- clinic's clock, and a plain comment on every column.
--
-- appointments_to_rebook is also what the system acts on: enqueue_rebook_offers
-- (20261202100900_create_rebook_offers.sql) offers each patient listed there new times, once.

/** Today's appointments (clinic local day), in time order. Replaced to add who booked and the ids staff need. */
create or replace view public.todays_agenda with (security_invoker = true) as
select
  a.id as appointment_id,
  a.clinic_id,
  (a.starts_at at time zone c.timezone)::time as local_start,
  (a.ends_at at time zone c.timezone)::time as local_end,
  a.starts_at,
  a.ends_at,
  a.status,
  pr.name as provider_name,
  sv.name as service_name,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  a.booked_by,
  a.provider_id,
  a.patient_id
from public.appointments a
join public.clinics c on c.id = a.clinic_id
join public.providers pr on pr.id = a.provider_id
join public.services sv on sv.id = a.service_id
join public.patients pa on pa.id = a.patient_id
where a.status <> 'cancelled'
  and (a.starts_at at time zone c.timezone)::date = (now() at time zone c.timezone)::date
order by a.starts_at, pr.name;

comment on column public.todays_agenda.booked_by is 'patient = booked on WhatsApp; clinic = booked by staff.';
comment on column public.todays_agenda.provider_id is 'The practitioner (to filter by).';
comment on column public.todays_agenda.patient_id is 'The patient.';

/** The next seven days (today included), practitioner by practitioner, in time order. */
create view public.week_by_provider with (security_invoker = true) as
select
  pr.name as provider_name,
  (a.starts_at at time zone c.timezone)::date as local_date,
  pg_catalog.to_char(a.starts_at at time zone c.timezone, 'Dy') as weekday,
  (a.starts_at at time zone c.timezone)::time as local_start,
  (a.ends_at at time zone c.timezone)::time as local_end,
  sv.name as service_name,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  a.status,
  a.id as appointment_id,
  a.provider_id,
  a.clinic_id
from public.appointments a
join public.clinics c on c.id = a.clinic_id
join public.providers pr on pr.id = a.provider_id
join public.services sv on sv.id = a.service_id
join public.patients pa on pa.id = a.patient_id
where a.status <> 'cancelled'
  and (a.starts_at at time zone c.timezone)::date
      between (now() at time zone c.timezone)::date and (now() at time zone c.timezone)::date + 6
order by pr.name, a.starts_at;

comment on view public.week_by_provider is 'Each practitioner''s appointments for today and the next six days (not cancelled), in time order.';
comment on column public.week_by_provider.provider_name is 'The practitioner.';
comment on column public.week_by_provider.local_date is 'Day, clinic local time.';
comment on column public.week_by_provider.weekday is 'Day of the week.';
comment on column public.week_by_provider.local_start is 'Start time, clinic local time.';
comment on column public.week_by_provider.local_end is 'End time, clinic local time.';
comment on column public.week_by_provider.service_name is 'What.';
comment on column public.week_by_provider.patient_name is 'The patient''s name (or WhatsApp name if they did not give one).';
comment on column public.week_by_provider.patient_phone is 'The patient''s number.';
comment on column public.week_by_provider.status is 'booked, completed or no_show.';
comment on column public.week_by_provider.appointment_id is 'The appointment (to open it in appointments).';
comment on column public.week_by_provider.provider_id is 'The practitioner (to filter by).';
comment on column public.week_by_provider.clinic_id is 'The clinic.';

/**
 * Conversations staff have (mode human), the patient who has waited longest for an answer first.
 * A patient waits from their first message after staff's last reply; before any reply, from the
 * handoff (asking for staff is the request). Answered ones (staff wrote last) come last.
 */
drop view public.conversations_waiting_for_staff;
create view public.conversations_waiting_for_staff with (security_invoker = true) as
select
  cv.id as conversation_id,
  cv.clinic_id,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  waiting.since as waiting_since,
  (waiting.since at time zone c.timezone) as waiting_since_local,
  (cv.handed_off_at at time zone c.timezone) as handed_off_at_local,
  last_message.body as last_message,
  last_message.direction as last_message_direction,
  (last_message.created_at at time zone c.timezone) as last_message_at_local,
  (staff.last_reply_at at time zone c.timezone) as last_staff_reply_at_local,
  cv.handed_off_at,
  cv.last_inbound_at
from public.conversations cv
join public.clinics c on c.id = cv.clinic_id
join public.patients pa on pa.id = cv.patient_id
left join lateral (
  select max(o.created_at) as last_reply_at
    from public.outbox o
   where o.conversation_id = cv.id and o.kind = 'staff_reply'
) staff on true
left join lateral (
  select case
           when staff.last_reply_at is null or staff.last_reply_at < cv.handed_off_at then cv.handed_off_at
           else (select min(m.created_at) from public.messages m
                  where m.conversation_id = cv.id and m.direction = 'in' and m.created_at > staff.last_reply_at)
         end as since
) waiting on true
left join lateral (
  select m.body, m.direction, m.created_at
    from public.messages m
   where m.conversation_id = cv.id
   order by m.created_at desc
   limit 1
) last_message on true
where cv.mode = 'human'
order by waiting.since nulls last, cv.handed_off_at;

comment on view public.conversations_waiting_for_staff is
  'Chats handed to staff (mode = human), the patient waiting longest first. Reply by adding a row to outbox with the conversation_id and your text; set the chat''s mode back to bot when done.';
comment on column public.conversations_waiting_for_staff.conversation_id is 'The chat (use it in outbox to reply, and in conversations to hand it back).';
comment on column public.conversations_waiting_for_staff.clinic_id is 'The clinic.';
comment on column public.conversations_waiting_for_staff.patient_name is 'The patient''s name (or WhatsApp name).';
comment on column public.conversations_waiting_for_staff.patient_phone is 'The patient''s number.';
comment on column public.conversations_waiting_for_staff.waiting_since is 'Since when the patient has waited for an answer (empty when staff answered last).';
comment on column public.conversations_waiting_for_staff.waiting_since_local is 'The same, clinic local time.';
comment on column public.conversations_waiting_for_staff.handed_off_at_local is 'When the chat was handed to staff, clinic local time.';
comment on column public.conversations_waiting_for_staff.last_message is 'The latest message in the chat.';
comment on column public.conversations_waiting_for_staff.last_message_direction is 'in = from the patient; out = from the clinic.';
comment on column public.conversations_waiting_for_staff.last_message_at_local is 'When the latest message was recorded, clinic local time.';
comment on column public.conversations_waiting_for_staff.last_staff_reply_at_local is 'When staff last wrote to the patient, clinic local time.';
comment on column public.conversations_waiting_for_staff.handed_off_at is 'When the chat was handed to staff.';
comment on column public.conversations_waiting_for_staff.last_inbound_at is 'When the patient last wrote.';

/**
 * Booked appointments still to come that cannot go ahead as booked: a closure covers them, one of
 * their slots is blocked, the practitioner was switched off, or the practitioner's working hours no
 * longer cover them (only for practitioners with working hours at all). The first reason found
 * is shown. The patient is offered new times on WhatsApp (offer_status); cancel or move the
 * appointment here if you arrange it another way.
 */
create view public.appointments_to_rebook with (security_invoker = true) as
select
  a.id as appointment_id,
  a.clinic_id,
  coalesce(pa.name, pa.push_name) as patient_name,
  pa.phone as patient_phone,
  sv.name as service_name,
  pr.name as provider_name,
  (a.starts_at at time zone c.timezone)::date as local_date,
  (a.starts_at at time zone c.timezone)::time as local_start,
  why.reason,
  why.detail,
  offer.status as offer_status,
  (offer.sent_at at time zone c.timezone) as offered_at_local,
  a.starts_at,
  a.patient_id,
  a.service_id,
  a.provider_id
from public.appointments a
join public.clinics c on c.id = a.clinic_id
join public.patients pa on pa.id = a.patient_id
join public.services sv on sv.id = a.service_id
join public.providers pr on pr.id = a.provider_id
cross join lateral (
  select r.reason, r.detail
    from (
      select 1 as rank,
             case when cl.provider_id is null then 'closed' else 'provider_away' end as reason,
             coalesce(cl.reason, 'closure') as detail
        from public.closures cl
       where cl.clinic_id = a.clinic_id
         and (cl.provider_id is null or cl.provider_id = a.provider_id)
         and cl.starts_at < a.ends_at and cl.ends_at > a.starts_at
      union all
      select 2, 'blocked', 'slot blocked at ' || pg_catalog.to_char(s.starts_at at time zone c.timezone, 'HH24:MI')
        from public.slots s
       where s.provider_id = a.provider_id and s.status = 'blocked'
         and s.starts_at < a.ends_at and s.ends_at > a.starts_at
      union all
      select 3, 'provider_inactive', 'practitioner switched off'
       where not pr.active
      union all
      select 4, 'outside_hours', 'outside working hours'
       where exists (select 1 from public.working_hours wh where wh.provider_id = a.provider_id)
         and not exists (
           select 1 from public.working_hours wh
            where wh.provider_id = a.provider_id
              and wh.weekday = extract(isodow from a.starts_at at time zone c.timezone)
              and wh.start_time <= (a.starts_at at time zone c.timezone)::time
              and (a.ends_at at time zone c.timezone)::date = (a.starts_at at time zone c.timezone)::date
              and wh.end_time >= (a.ends_at at time zone c.timezone)::time)
    ) r
   order by r.rank
   limit 1
) why
left join lateral (
  select o.status, o.sent_at
    from public.outbox o
   where o.appointment_id = a.id and o.kind = 'rebook_offer'
   order by o.created_at desc
   limit 1
) offer on true
where a.status = 'booked'
  and a.starts_at > now()
order by a.starts_at;

comment on view public.appointments_to_rebook is
  'Booked appointments that cannot go ahead (closure, blocked time, practitioner off or outside working hours). Each patient is offered new times on WhatsApp once; cancel or move the appointment yourself if you arrange it by phone.';
comment on column public.appointments_to_rebook.appointment_id is 'The appointment (open it in appointments to cancel or move it).';
comment on column public.appointments_to_rebook.clinic_id is 'The clinic.';
comment on column public.appointments_to_rebook.patient_name is 'The patient''s name (or WhatsApp name).';
comment on column public.appointments_to_rebook.patient_phone is 'The patient''s number.';
comment on column public.appointments_to_rebook.service_name is 'What was booked.';
comment on column public.appointments_to_rebook.provider_name is 'With whom.';
comment on column public.appointments_to_rebook.local_date is 'Day, clinic local time.';
comment on column public.appointments_to_rebook.local_start is 'Start time, clinic local time.';
comment on column public.appointments_to_rebook.reason is 'closed (the clinic is closed), provider_away (the practitioner is away), blocked (a slot was blocked), provider_inactive, or outside_hours.';
comment on column public.appointments_to_rebook.detail is 'More about the reason (the closure''s reason, the blocked time).';
comment on column public.appointments_to_rebook.offer_status is 'The WhatsApp message offering new times: pending, sending, sent or failed; empty if the patient cannot be messaged (no chat, no consent).';
comment on column public.appointments_to_rebook.offered_at_local is 'When the offer was sent, clinic local time.';
comment on column public.appointments_to_rebook.starts_at is 'Start (date and time).';
comment on column public.appointments_to_rebook.patient_id is 'The patient.';
comment on column public.appointments_to_rebook.service_id is 'The service.';
comment on column public.appointments_to_rebook.provider_id is 'The practitioner.';

/** Messages the system gave up sending, most recent first, with why. */
create view public.failed_outbound_messages with (security_invoker = true) as
select
  o.id as outbox_id,
  o.clinic_id,
  (o.created_at at time zone c.timezone) as created_at_local,
  o.kind,
  coalesce(pa.name, pa.push_name) as patient_name,
  o.phone,
  o.text,
  o.last_error,
  o.attempts,
  o.conversation_id,
  o.appointment_id,
  o.created_at
from public.outbox o
join public.clinics c on c.id = o.clinic_id
left join public.patients pa on pa.id = o.patient_id
where o.status = 'failed'
order by o.created_at desc;

comment on view public.failed_outbound_messages is
  'Messages that could not be sent (WhatsApp refused them, or the bot was offline too long), most recent first. Call the patient, or write a new staff_reply in outbox.';
comment on column public.failed_outbound_messages.outbox_id is 'The message in outbox.';
comment on column public.failed_outbound_messages.clinic_id is 'The clinic.';
comment on column public.failed_outbound_messages.created_at_local is 'When it was written, clinic local time.';
comment on column public.failed_outbound_messages.kind is 'What it was: staff_reply, reminder, appointment_cancelled, …';
comment on column public.failed_outbound_messages.patient_name is 'To whom.';
comment on column public.failed_outbound_messages.phone is 'Their number.';
comment on column public.failed_outbound_messages.text is 'The message (empty if it could not even be written).';
comment on column public.failed_outbound_messages.last_error is 'Why it failed.';
comment on column public.failed_outbound_messages.attempts is 'How many times sending was tried.';
comment on column public.failed_outbound_messages.conversation_id is 'The chat.';
comment on column public.failed_outbound_messages.appointment_id is 'The appointment it was about, if any.';
comment on column public.failed_outbound_messages.created_at is 'When it was written (date, time and offset).';

grant select on public.todays_agenda, public.week_by_provider, public.conversations_waiting_for_staff,
  public.appointments_to_rebook, public.failed_outbound_messages
  to authenticated, service_role;
