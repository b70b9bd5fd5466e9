-- Notices to a day's patients (issue 11 §3; docs/design.md "Messages the clinic sends first"). Staff
-- insert one campaigns row: the clinic, the day (and optionally one practitioner), a notice template
-- (message_templates, kind campaign, by name) or their own text, and when to send it. At that time
-- (pg_cron every minute, and every claim_outbox) enqueue_campaigns queues one outbox row per patient
-- booked that day (with that practitioner) whose visit is still to come, once (a unique index per
-- campaign and patient, and the campaign row locked while it is queued). The bot paces them like
-- every proactive message. Only patients with an appointment in the audience can be reached: there
-- is no list of numbers to send to, and outbox rows of kind campaign come only from here.
--
-- The row shows queued (waiting to be sent), sent and failed counts, kept true by triggers on the
-- outbox as the bot acknowledges each message, and skipped (audience patients who could not be
-- messaged: they stopped notices, or never wrote and gave no consent); campaign_recipients lists
-- each patient and what happened, so staff can phone those the notice did not reach.
--
-- Editing in Studio:
--   scheduled  anything may change (checked again as on insert), or the row may be deleted;
--   sending    only status = cancelled: what has not gone yet is withdrawn, what the bot is sending
--              goes; the rest of the row is the record of what was sent;
--   done       nothing changes; the row cannot be deleted;
--   cancelled  nothing changes; deleted only if nothing was ever queued.
-- The counts, queued_at and cancelled_at are the system's (refused when typed). Templates are
-- written into each message when the bot takes it, so fixing a template's typo mid-way fixes the
-- messages not sent yet; a template a campaign still needs cannot be deleted or renamed.

create type public.campaign_status as enum ('scheduled', 'sending', 'done', 'cancelled');
comment on type public.campaign_status is
  'scheduled = waiting for send_at; sending = queued, the bot is sending; done = every message sent or failed; cancelled = stopped by staff.';

/** A notice staff send to the patients booked on one day (optionally with one practitioner). */
create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  day date not null,
  provider_id uuid,
  template_name text,
  text text check (text is null or pg_catalog.length(text) <= 3000),
  send_at timestamptz not null default now(),
  status public.campaign_status not null default 'scheduled',
  queued_count int not null default 0 check (queued_count >= 0),
  sent_count int not null default 0 check (sent_count >= 0),
  failed_count int not null default 0 check (failed_count >= 0),
  skipped_count int not null default 0 check (skipped_count >= 0),
  queued_at timestamptz,
  cancelled_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (provider_id, clinic_id) references public.providers (id, clinic_id) on delete cascade,
  check ((status = 'cancelled') = (cancelled_at is not null))
);
alter table public.campaigns enable row level security;
create index campaigns_due_idx on public.campaigns (send_at) where status = 'scheduled';
create index campaigns_clinic_day_idx on public.campaigns (clinic_id, day);

comment on table public.campaigns is
  'Notices to the patients booked on a day ("Dr. Mitchell is ill today: we will call you to rebook"). Insert a row: clinic_id, day, provider_id (or empty for everyone that day), template_name or text, send_at (empty = now). Each patient booked that day gets it once, in their language when the template has it, paced by the bot. Patients who stopped notices are skipped. Set status to cancelled to stop it.';
comment on column public.campaigns.id is 'Internal identifier of the campaign.';
comment on column public.campaigns.clinic_id is 'The clinic.';
comment on column public.campaigns.day is 'The day whose patients are told (clinic calendar): those booked that day whose visit is still to come when it is sent.';
comment on column public.campaigns.provider_id is 'Only the patients of this practitioner that day; empty: every patient booked that day.';
comment on column public.campaigns.template_name is 'A notice template (message_templates, kind campaign) by its name: each patient gets it in their language. Or leave empty and write text.';
comment on column public.campaigns.text is 'Your own words, sent to everyone as written; placeholders {patient}, {clinic}, {service}, {provider}, {day}, {time} are filled per patient. Or leave empty and choose template_name.';
comment on column public.campaigns.send_at is 'When to send it (empty: now). Give an offset (2026-12-08 07:30-05): Studio reads a time without one as UTC.';
comment on column public.campaigns.status is 'scheduled, sending, done or cancelled (filled in; set it to cancelled to stop the campaign).';
comment on column public.campaigns.queued_count is 'Messages waiting to be sent (filled in).';
comment on column public.campaigns.sent_count is 'Messages sent (filled in).';
comment on column public.campaigns.failed_count is 'Messages WhatsApp did not take after several tries (filled in; see campaign_recipients).';
comment on column public.campaigns.skipped_count is 'Patients of the day who could not be messaged: they stopped notices, or never wrote to you and gave no consent (filled in; call them).';
comment on column public.campaigns.queued_at is 'When the messages were queued (filled in).';
comment on column public.campaigns.cancelled_at is 'When it was cancelled (filled in).';
comment on column public.campaigns.created_by is 'Who added it (empty when added in Studio).';
comment on column public.campaigns.created_at is 'When it was added.';
comment on column public.campaigns.updated_at is 'When it last changed.';

alter table public.outbox add column campaign_id uuid references public.campaigns (id) on delete cascade;
comment on column public.outbox.campaign_id is 'For a notice to a day''s patients: its campaign.';
-- Once per campaign and patient, whoever runs enqueue_campaigns, however often.
create unique index outbox_one_campaign_message_idx on public.outbox (campaign_id, patient_id) where kind = 'campaign';

/** Switches campaign bookkeeping on or off for this transaction; returns the previous setting. */
create or replace function public.campaign_bookkeeping(p_on boolean)
returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_previous text := coalesce(pg_catalog.current_setting('app.campaign_bookkeeping', true), '');
begin
  perform pg_catalog.set_config('app.campaign_bookkeeping', case when p_on then 'on' else '' end, true);
  return v_previous;
end;
$$;
revoke execute on function public.campaign_bookkeeping(boolean) from public, anon, authenticated;
grant execute on function public.campaign_bookkeeping(boolean) to service_role;
comment on function public.campaign_bookkeeping(boolean) is
  'Marks the rest of the transaction as the system keeping campaign rows (status, counts) up to date; staff edits of those columns are refused otherwise.';

/** Whether the system (not a person) is writing campaign rows in this transaction. */
create or replace function public.campaign_bookkeeping_on()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(pg_catalog.current_setting('app.campaign_bookkeeping', true), '') = 'on'
$$;
revoke execute on function public.campaign_bookkeeping_on() from public, anon, authenticated;
grant execute on function public.campaign_bookkeeping_on() to service_role;
comment on function public.campaign_bookkeeping_on() is 'True while the system keeps campaign rows up to date in this transaction.';

/**
 * Before a campaign is added or changed by a person: what may change in which status (header), and
 * what it says is checked as on insert: a template or a text (not both), a template that exists,
 * a text whose placeholders a notice fills, a practitioner of the clinic, a day not past, and a send
 * time before that day ends. Rows of a clinic the writer cannot see are left to RLS to refuse.
 */
create or replace function public.campaigns_check()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_timezone text;
  v_today date;
  v_problem text;
  v_names text;
  v_content_changed boolean;
begin
  -- campaign_bookkeeping_on(), read directly: staff writing through the Data API run this as
  -- themselves and may not execute the helper.
  if coalesce(pg_catalog.current_setting('app.campaign_bookkeeping', true), '') = 'on' then
    new.updated_at := pg_catalog.now();
    return new;
  end if;

  if tg_op = 'INSERT' then
    if new.status <> 'scheduled' or new.queued_count <> 0 or new.sent_count <> 0 or new.failed_count <> 0
       or new.skipped_count <> 0 or new.queued_at is not null or new.cancelled_at is not null then
      raise exception 'status, the counts, queued_at and cancelled_at are filled in: leave them empty' using errcode = 'ST003';
    end if;
    v_content_changed := true;
  else
    if new.clinic_id is distinct from old.clinic_id then
      raise exception 'a campaign stays with its clinic' using errcode = 'ST003';
    end if;
    if (new.queued_count, new.sent_count, new.failed_count, new.skipped_count, new.queued_at, new.created_at)
       is distinct from (old.queued_count, old.sent_count, old.failed_count, old.skipped_count, old.queued_at, old.created_at) then
      raise exception 'the counts, queued_at and created_at are filled in: leave them as they are' using errcode = 'ST003';
    end if;
    v_content_changed := (new.day, new.provider_id, new.template_name, new.text, new.send_at)
                         is distinct from (old.day, old.provider_id, old.template_name, old.text, old.send_at);
    if new.status is distinct from old.status then
      if new.status <> 'cancelled' then
        raise exception 'status changes by itself (scheduled, sending, done): to stop the campaign, set it to cancelled'
          using errcode = 'ST003';
      end if;
      if old.status = 'done' then
        raise exception 'this campaign has already gone to everyone (% sent, % failed): there is nothing left to stop',
          old.sent_count, old.failed_count using errcode = 'ST003';
      end if;
      if v_content_changed then
        raise exception 'cancel the campaign, or change it, not both at once' using errcode = 'ST003';
      end if;
      new.cancelled_at := pg_catalog.now();
      new.updated_at := pg_catalog.now();
      return new;
    end if;
    if new.cancelled_at is distinct from old.cancelled_at then
      raise exception 'cancelled_at is filled in: to cancel, set status to cancelled' using errcode = 'ST003';
    end if;
    if v_content_changed and old.status <> 'scheduled' then
      if old.status = 'cancelled' then
        raise exception 'this campaign is cancelled: add a new one instead' using errcode = 'ST003';
      end if;
      raise exception 'this campaign has already gone out (% sent, % waiting): it can no longer change. To send a correction, add a new campaign.',
        old.sent_count, old.queued_count using errcode = 'ST003';
    end if;
    new.updated_at := pg_catalog.now();
  end if;

  if not v_content_changed then
    return new;
  end if;
  select c.timezone into v_timezone from public.clinics c where c.id = new.clinic_id;
  if not found then
    return new; -- not the writer's clinic: RLS refuses the row
  end if;
  v_today := (pg_catalog.now() at time zone v_timezone)::date;

  new.template_name := nullif(pg_catalog.btrim(new.template_name), '');
  if new.text is not null and pg_catalog.btrim(new.text) = '' then
    new.text := null;
  end if;
  if (new.template_name is null) = (new.text is null) then
    raise exception 'give either template_name (a notice template) or text (your own words)%',
      case when new.text is null then '' else ', not both' end
      using errcode = 'ST003';
  end if;
  if new.template_name is not null
     and not exists (select 1 from public.message_templates t
                      where t.clinic_id = new.clinic_id and t.kind = 'campaign' and t.name = new.template_name) then
    select pg_catalog.string_agg(distinct t.name, ', ' order by t.name) into v_names
      from public.message_templates t where t.clinic_id = new.clinic_id and t.kind = 'campaign';
    raise exception 'no notice template named "%" (message_templates of kind campaign): %', new.template_name,
      coalesce('there are ' || v_names, 'there are none yet: add one, or write text') using errcode = 'ST003';
  end if;
  if new.text is not null then
    v_problem := public.template_problem('campaign', new.text);
    if v_problem is not null then
      raise exception 'campaigns.text: %', v_problem using errcode = 'ST003';
    end if;
  end if;
  if new.provider_id is not null
     and not exists (select 1 from public.providers p where p.id = new.provider_id and p.clinic_id = new.clinic_id) then
    raise exception 'provider_id is not a practitioner of this clinic' using errcode = 'ST003';
  end if;
  if new.day < v_today then
    raise exception '% has passed: a notice is for today or a day to come', pg_catalog.to_char(new.day, 'Dy FMDD Mon YYYY')
      using errcode = 'ST003';
  end if;
  if new.send_at >= (new.day + 1)::timestamp at time zone v_timezone then
    raise exception 'send_at (%) is after % has ended: a notice about a day goes out before it ends',
      pg_catalog.to_char(new.send_at at time zone v_timezone, 'Dy FMDD Mon YYYY HH24:MI'), pg_catalog.to_char(new.day, 'Dy FMDD Mon YYYY')
      using errcode = 'ST003', hint = 'Give send_at with an offset (2026-12-08 07:30-05), or leave it empty for now.';
  end if;
  return new;
end;
$$;
revoke execute on function public.campaigns_check() from public, anon, authenticated;

create trigger campaigns_check
  before insert or update on public.campaigns
  for each row execute function public.campaigns_check();

/**
 * After a campaign is cancelled while sending: the messages not handed to the bot yet are
 * withdrawn (those the bot is sending go). SKIP LOCKED: a row a claim holds right now is being
 * sent. Security definer: staff cancelling through the Data API may not delete outbox rows.
 */
create or replace function public.campaigns_after_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.status = 'cancelled' and old.status = 'sending' then
    delete from public.outbox o
     where o.id in (select s.id from public.outbox s
                     where s.campaign_id = new.id and s.status = 'pending'
                       for update skip locked);
  end if;
  return null;
end;
$$;
revoke execute on function public.campaigns_after_update() from public, anon, authenticated;

create trigger campaigns_after_update
  after update of status on public.campaigns
  for each row execute function public.campaigns_after_update();

/** Before a campaign is deleted: only one that never went out (the rest are the record of what was sent). */
create or replace function public.campaigns_before_delete()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from public.clinics c where c.id = old.clinic_id) then
    return old; -- the whole clinic is being deleted
  end if;
  if old.queued_at is not null then
    raise exception 'this campaign went to % patients: it stays as the record of what was sent',
      old.sent_count + old.queued_count + old.failed_count
      using errcode = 'ST004', hint = 'To stop what has not gone yet, set status to cancelled.';
  end if;
  return old;
end;
$$;
revoke execute on function public.campaigns_before_delete() from public, anon, authenticated;

create trigger campaigns_before_delete
  before delete on public.campaigns
  for each row execute function public.campaigns_before_delete();

/** Which count an outbox status belongs to. */
create or replace function public.campaign_count_of(p_status public.outbox_status)
returns text
language sql
immutable
set search_path = ''
as $$
  select case p_status when 'pending' then 'queued' when 'sending' then 'queued' when 'sent' then 'sent' when 'failed' then 'failed' end
$$;
revoke execute on function public.campaign_count_of(public.outbox_status) from public, anon, authenticated;
grant execute on function public.campaign_count_of(public.outbox_status) to service_role;
comment on function public.campaign_count_of(public.outbox_status) is 'The campaign count (queued, sent, failed) an outbox status adds to.';

/**
 * After a campaign message is added, changes status or goes: the campaign's counts follow, and a
 * campaign whose last message went is done. Security definer: the writer (the bot's ack, a
 * cancellation by staff, a patient's opt-out) may not write campaign counts itself.
 */
create or replace function public.outbox_count_campaign()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_before text := case when tg_op in ('UPDATE', 'DELETE') then public.campaign_count_of(old.status) end;
  v_after text := case when tg_op in ('INSERT', 'UPDATE') then public.campaign_count_of(new.status) end;
  v_campaign_id uuid := case when tg_op = 'DELETE' then old.campaign_id else new.campaign_id end;
  v_delta_queued int;
  v_previous text;
begin
  if v_before is not distinct from v_after then
    return null;
  end if;
  v_delta_queued := (v_after is not distinct from 'queued')::int - (v_before is not distinct from 'queued')::int;
  v_previous := public.campaign_bookkeeping(true);
  update public.campaigns c
     set queued_count = c.queued_count + v_delta_queued,
         sent_count = c.sent_count + (v_after is not distinct from 'sent')::int - (v_before is not distinct from 'sent')::int,
         failed_count = c.failed_count + (v_after is not distinct from 'failed')::int - (v_before is not distinct from 'failed')::int,
         status = case when c.status = 'sending' and c.queued_count + v_delta_queued = 0 then 'done' else c.status end
   where c.id = v_campaign_id;
  perform public.campaign_bookkeeping(v_previous = 'on');
  return null;
end;
$$;
revoke execute on function public.outbox_count_campaign() from public, anon, authenticated;

create trigger outbox_count_campaign_insert
  after insert on public.outbox
  for each row when (new.campaign_id is not null)
  execute function public.outbox_count_campaign();
create trigger outbox_count_campaign_update
  after update of status on public.outbox
  for each row when (new.campaign_id is not null and old.status is distinct from new.status)
  execute function public.outbox_count_campaign();
create trigger outbox_count_campaign_delete
  after delete on public.outbox
  for each row when (old.campaign_id is not null)
  execute function public.outbox_count_campaign();

/**
 * Before an outbox row is added (before outbox_prepare, by name): a campaign message comes only
 * from its campaign (enqueue_campaigns), never from a row typed in, and nothing else may claim to
 * belong to a campaign. So no list of numbers can be messaged: only the campaign's audience.
 */
create or replace function public.outbox_campaign_check()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- Nested: staff adding a reply run this trigger as themselves, and may not execute the helper.
  if new.kind = 'campaign' or new.campaign_id is not null then
    if not public.campaign_bookkeeping_on() then
      raise exception 'notices to a day''s patients are sent by adding a campaigns row, not outbox rows'
        using errcode = 'ST005';
    end if;
    if new.kind <> 'campaign' or new.campaign_id is null then
      raise exception 'a campaign message needs its campaign, and only a campaign message has one' using errcode = 'ST005';
    end if;
  end if;
  return new;
end;
$$;
revoke execute on function public.outbox_campaign_check() from public, anon, authenticated;

create trigger outbox_campaign_check
  before insert on public.outbox
  for each row execute function public.outbox_campaign_check();

/**
 * Queues the campaigns whose send time has come (optionally of one clinic only): one outbox row
 * per patient booked on the campaign's day (with its practitioner) whose visit is still to come,
 * addressed and filtered by outbox_prepare (consent, opt-out); the row's appointment is the
 * patient's first of the day. Each campaign is locked (SKIP LOCKED: another run has it) and leaves
 * scheduled in the same transaction, and the unique index per campaign and patient stays the last
 * guard, so concurrent and repeated runs queue each message once. Returns how many were queued.
 */
create or replace function public.enqueue_campaigns(p_now timestamptz default now(), p_clinic_id uuid default null)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_campaign public.campaigns;
  v_timezone text;
  v_audience int;
  v_queued int;
  v_total int := 0;
  v_previous text;
begin
  for v_campaign in
    select * from public.campaigns c
     where c.status = 'scheduled' and c.send_at <= p_now and (p_clinic_id is null or c.clinic_id = p_clinic_id)
     order by c.send_at, c.created_at
       for update skip locked
  loop
    select cl.timezone into v_timezone from public.clinics cl where cl.id = v_campaign.clinic_id;
    v_previous := public.campaign_bookkeeping(true);
    with audience as (
      select distinct on (a.patient_id) a.patient_id, a.id
        from public.appointments a
       where a.clinic_id = v_campaign.clinic_id
         and a.status = 'booked'
         and a.starts_at >= v_campaign.day::timestamp at time zone v_timezone
         and a.starts_at < (v_campaign.day + 1)::timestamp at time zone v_timezone
         and a.starts_at > p_now
         and (v_campaign.provider_id is null or a.provider_id = v_campaign.provider_id)
       order by a.patient_id, a.starts_at
    ),
    queued as (
      insert into public.outbox (kind, clinic_id, patient_id, appointment_id, campaign_id, params, send_after)
      select 'campaign', v_campaign.clinic_id, au.patient_id, au.id, v_campaign.id,
             pg_catalog.jsonb_build_object('campaignId', v_campaign.id), p_now
        from audience au
      on conflict do nothing
      returning 1
    )
    select (select count(*) from audience)::int, (select count(*) from queued)::int into v_audience, v_queued;
    update public.campaigns c
       set status = case when c.queued_count > 0 then 'sending'::public.campaign_status else 'done' end,
           queued_at = p_now,
           skipped_count = v_audience - v_queued
     where c.id = v_campaign.id;
    perform public.campaign_bookkeeping(v_previous = 'on');
    v_total := v_total + v_queued;
  end loop;
  return v_total;
end;
$$;
revoke execute on function public.enqueue_campaigns(timestamptz, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_campaigns(timestamptz, uuid) to service_role;
comment on function public.enqueue_campaigns(timestamptz, uuid) is
  'Queues each campaign whose send time has come: one message per patient booked that day, once.';

-- Every minute where pg_cron can run (private.schedule_job); without it claim_outbox queues the
-- claiming channel's clinic's campaigns, as it does reminders.
do $$
begin
  if not private.schedule_job('enqueue-campaigns', '* * * * *', $job$select public.enqueue_campaigns()$job$) then
    raise notice 'campaigns not scheduled (claim_outbox enqueues them)';
  end if;
end
$$;

/**
 * Before a campaign template is deleted or renamed: a campaign that has not finished and names it
 * keeps at least one language of it, or its messages could not be written.
 */
create or replace function public.message_templates_keep_in_use()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_campaign public.campaigns;
begin
  if old.kind <> 'campaign' or (tg_op = 'UPDATE' and new.kind = old.kind and new.name is not distinct from old.name) then
    return coalesce(new, old);
  end if;
  if exists (select 1 from public.message_templates t
              where t.clinic_id = old.clinic_id and t.kind = 'campaign' and t.name = old.name and t.id <> old.id) then
    return coalesce(new, old);
  end if;
  select * into v_campaign from public.campaigns c
   where c.clinic_id = old.clinic_id and c.template_name = old.name and c.status in ('scheduled', 'sending')
   order by c.send_at limit 1;
  if found then
    raise exception 'the campaign for % (%) uses the template "%": cancel it, or give it another template, first',
      pg_catalog.to_char(v_campaign.day, 'Dy FMDD Mon YYYY'), v_campaign.status, old.name
      using errcode = 'ST004';
  end if;
  return coalesce(new, old);
end;
$$;
revoke execute on function public.message_templates_keep_in_use() from public, anon, authenticated;

create trigger message_templates_keep_in_use
  before update or delete on public.message_templates
  for each row execute function public.message_templates_keep_in_use();

/**
 * Each patient of each campaign and what happened: the patients booked that day (with its
 * practitioner), and anyone a message was queued for. Before the send time it is a preview.
 */
create view public.campaign_recipients with (security_invoker = true) as
with audience as (
  select c.id as campaign_id, a.patient_id, min(a.starts_at) as starts_at, min(a.created_at) as booked_at
    from public.campaigns c
    join public.clinics cl on cl.id = c.clinic_id
    join public.appointments a
      on a.clinic_id = c.clinic_id and a.status = 'booked'
     and a.starts_at >= c.day::timestamp at time zone cl.timezone
     and a.starts_at < (c.day + 1)::timestamp at time zone cl.timezone
     and (c.provider_id is null or a.provider_id = c.provider_id)
   group by c.id, a.patient_id
),
messages as (
  select o.campaign_id, o.patient_id, o.status, o.sent_at, o.last_error, o.appointment_id
    from public.outbox o
   where o.kind = 'campaign' and o.campaign_id is not null
)
select
  c.id as campaign_id,
  c.clinic_id,
  p.id as patient_id,
  coalesce(p.name, p.push_name) as patient_name,
  p.phone as patient_phone,
  (coalesce(au.starts_at, (select a.starts_at from public.appointments a where a.id = m.appointment_id))
     at time zone cl.timezone)::time as local_start,
  case
    when m.status in ('pending', 'sending') then 'queued'
    when m.status = 'sent' then 'sent'
    when m.status = 'failed' then 'failed'
    when p.opted_out_at is not null then 'not sent: stopped notices'
    when not (p.messaging_consent and p.phone is not null)
         and not exists (select 1 from public.conversations cv join public.channels ch on ch.id = cv.channel_id and ch.enabled
                          where cv.patient_id = p.id) then 'not sent: cannot be messaged'
    when c.status = 'scheduled' then 'to be sent'
    when c.status = 'cancelled' then 'not sent: cancelled'
    when au.booked_at > c.queued_at then 'not sent: booked after the notice went'
    when au.starts_at <= c.queued_at then 'not sent: visit had begun'
    else 'not sent'
  end as status,
  m.sent_at,
  m.last_error,
  c.day
from public.campaigns c
join public.clinics cl on cl.id = c.clinic_id
join (select campaign_id, patient_id from audience union select campaign_id, patient_id from messages) r on r.campaign_id = c.id
join public.patients p on p.id = r.patient_id
left join audience au on au.campaign_id = c.id and au.patient_id = r.patient_id
left join messages m on m.campaign_id = c.id and m.patient_id = r.patient_id
order by c.created_at desc, local_start, patient_name;

comment on view public.campaign_recipients is
  'Who each campaign is for and what happened: queued, sent, failed, or not sent and why (stopped notices, cannot be messaged). Before the send time it shows who will get it. Filter by campaign_id; call those it did not reach.';
comment on column public.campaign_recipients.campaign_id is 'The campaign.';
comment on column public.campaign_recipients.clinic_id is 'The clinic.';
comment on column public.campaign_recipients.patient_id is 'The patient.';
comment on column public.campaign_recipients.patient_name is 'Their name (else their WhatsApp name).';
comment on column public.campaign_recipients.patient_phone is 'Their number, to call.';
comment on column public.campaign_recipients.local_start is 'Their appointment that day, clinic local time.';
comment on column public.campaign_recipients.status is 'to be sent, queued, sent, failed, or not sent: stopped notices / cannot be messaged / cancelled / booked after the notice went / visit had begun.';
comment on column public.campaign_recipients.sent_at is 'When their message was sent.';
comment on column public.campaign_recipients.last_error is 'Why sending failed, if it did.';
comment on column public.campaign_recipients.day is 'The campaign''s day.';

grant select, insert, update, delete on public.campaigns to service_role;
grant select, delete on public.campaigns to authenticated;
grant insert (clinic_id, day, provider_id, template_name, text, send_at),
      update (day, provider_id, template_name, text, send_at, status) on public.campaigns to authenticated;
grant select on public.campaign_recipients to authenticated, service_role;

create policy "staff see their clinic's campaigns" on public.campaigns
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff add campaigns to their clinic" on public.campaigns
  for insert to authenticated
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff change their clinic's campaigns" on public.campaigns
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()))
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff delete their clinic's campaigns" on public.campaigns
  for delete to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
