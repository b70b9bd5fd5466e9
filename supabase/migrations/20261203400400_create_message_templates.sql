-- The clinic's own wording of the messages it sends first (issue 11 §1; docs/design.md "Messages
-- the clinic sends first"): one template per clinic, kind and language, with placeholders the
-- function fills when it writes the message at claim, in the patient's language and the clinic's
-- locale. A kind without a template in a language is written with the locale bundle's default
-- (supabase/functions/whatsapp-webhook/locales/<language>/notices.ts), which uses the same
-- placeholders. Notices to a day's patients (kind campaign) may have several templates, told apart
-- by name ("doctor_away"), which a campaign chooses.
--
-- Placeholders are checked when a template is saved: an unknown one, or one its kind cannot fill
-- (a hand-back is about no appointment, so it has no {day}), is refused with its name. The same
-- table of placeholders is shared/templates/placeholders.ts on the TypeScript side (the clinic tool
-- and the function); a test keeps the two equal. The numbered choices a message offers (confirm /
-- cancel / reschedule, free times, the main menu) are not part of a template: the function appends
-- them, as the conversation reads them.

/**
 * The placeholders a template of p_kind may use, or null for kinds staff do not word (their own
 * replies, messages to staff phones).
 */
create or replace function public.template_placeholders(p_kind public.outbox_kind)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select case p_kind
    when 'reminder' then array['patient', 'clinic', 'service', 'provider', 'day', 'time']
    when 'appointment_booked' then array['patient', 'clinic', 'service', 'provider', 'day', 'time']
    when 'appointment_cancelled' then array['patient', 'clinic', 'service', 'provider', 'day', 'time']
    when 'appointment_moved' then array['patient', 'clinic', 'service', 'provider', 'day', 'time', 'previous_day', 'previous_time']
    when 'rebook_offer' then array['patient', 'clinic', 'service', 'provider', 'day', 'time', 'reason']
    when 'campaign' then array['patient', 'clinic', 'service', 'provider', 'day', 'time']
    when 'hand_back' then array['patient', 'clinic']
  end
$$;
revoke execute on function public.template_placeholders(public.outbox_kind) from public, anon, authenticated;
-- Staff editing templates and campaigns through the Data API run the checks below as themselves.
grant execute on function public.template_placeholders(public.outbox_kind) to authenticated, service_role;
comment on function public.template_placeholders(public.outbox_kind) is
  'The placeholders a message template of a kind may use; null for kinds that have no template.';

/**
 * What is wrong with p_body as the text of a p_kind message, in words for staff, or null when
 * nothing is: empty, too long, a placeholder nobody knows, or one this kind cannot fill.
 */
create or replace function public.template_problem(p_kind public.outbox_kind, p_body text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  -- Leaves room for the choices the function appends within WhatsApp's 4,096 characters.
  c_max_chars constant int := 3000;
  c_known constant text[] := array['patient', 'clinic', 'service', 'provider', 'day', 'time', 'previous_day', 'previous_time', 'reason'];
  v_allowed text[] := public.template_placeholders(p_kind);
  v_usable text := (select pg_catalog.string_agg('{' || p || '}', ', ') from pg_catalog.unnest(v_allowed) p);
  v_name text;
begin
  if v_allowed is null then
    return pg_catalog.format('%s messages have no template (only the messages the assistant writes do: reminder, appointment_booked, appointment_cancelled, appointment_moved, rebook_offer, hand_back, campaign)', p_kind);
  end if;
  if p_body is null or pg_catalog.btrim(p_body) = '' then
    return 'the text is empty: write the message';
  end if;
  if pg_catalog.length(p_body) > c_max_chars then
    return pg_catalog.format('the text is %s characters long: at most %s', pg_catalog.length(p_body), c_max_chars);
  end if;
  for v_name in select m[1] from pg_catalog.regexp_matches(p_body, '\{([^{}]*)\}', 'g') m loop
    if not v_name = any (c_known) then
      return pg_catalog.format('unknown placeholder {%s}: %s messages can use %s', v_name, p_kind, v_usable);
    end if;
    if not v_name = any (v_allowed) then
      return pg_catalog.format('%s messages cannot fill {%s}: they can use %s', p_kind, v_name, v_usable);
    end if;
  end loop;
  return null;
end;
$$;
revoke execute on function public.template_problem(public.outbox_kind, text) from public, anon, authenticated;
grant execute on function public.template_problem(public.outbox_kind, text) to authenticated, service_role;
comment on function public.template_problem(public.outbox_kind, text) is
  'Why a text cannot be the template of a kind of message (empty, too long, unknown or unfillable placeholder), or null.';

/** How the clinic words a message it sends first, in one language. */
create table public.message_templates (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  kind public.outbox_kind not null,
  name text check (name is null or pg_catalog.length(name) between 1 and 60),
  language public.language_code not null,
  body text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.message_templates enable row level security;
create unique index message_templates_one_per_kind_idx
  on public.message_templates (clinic_id, kind, coalesce(name, ''), language);

comment on table public.message_templates is
  'Your wording of the messages the assistant sends on its own (reminders, notices of changes, rebook offers, hand-backs, notices to a day''s patients), one row per kind and language. Placeholders: {patient}, {clinic}, {service}, {provider}, {day}, {time} (and {previous_day}, {previous_time} for a move, {reason} for a rebook offer). Without a row, the assistant''s own wording is used.';
comment on column public.message_templates.id is 'Internal identifier of the template.';
comment on column public.message_templates.clinic_id is 'The clinic.';
comment on column public.message_templates.kind is
  'Which message: reminder (asks to confirm; the choices are added), appointment_booked, appointment_cancelled, appointment_moved, rebook_offer (the free times are added), hand_back (the main menu is added), campaign (a notice to a day''s patients: give it a name).';
comment on column public.message_templates.name is 'For kind campaign only: the template''s name, which a campaign chooses (doctor_away, closed_today). Empty for the other kinds.';
comment on column public.message_templates.language is 'The language it is written in (en, es, pt): patients get the one in their language.';
comment on column public.message_templates.body is
  'The message, with placeholders in braces: Hi {patient}, your {service} with {provider} is on {day} at {time}. An unknown placeholder, or one this kind cannot fill, is refused when you save.';
comment on column public.message_templates.created_at is 'When it was added.';
comment on column public.message_templates.updated_at is 'When it last changed.';

/**
 * Before a template is saved: its kind can be worded, it has a name exactly when it is a campaign
 * template, no other template of the clinic has its kind, name and language (the unique index
 * stays the guard; this names the one in the way), and its placeholders are ones its kind fills.
 */
create or replace function public.message_templates_check()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_problem text;
begin
  new.name := nullif(pg_catalog.btrim(new.name), '');
  if new.kind = 'campaign' and new.name is null then
    raise exception 'a campaign template needs a name (doctor_away, closed_today): campaigns choose their template by it'
      using errcode = 'ST003';
  end if;
  if new.kind <> 'campaign' and new.name is not null then
    raise exception 'only campaign templates have a name: leave name empty for a % template', new.kind
      using errcode = 'ST003';
  end if;
  v_problem := public.template_problem(new.kind, new.body);
  if v_problem is not null then
    raise exception 'message_templates: %', v_problem using errcode = 'ST003';
  end if;
  if exists (select 1 from public.message_templates t
              where t.clinic_id = new.clinic_id and t.kind = new.kind and t.name is not distinct from new.name
                and t.language = new.language and t.id <> new.id) then
    raise exception 'there is already a % template% in %: edit that one', new.kind,
      coalesce(' named ' || new.name, ''), new.language
      using errcode = 'ST003';
  end if;
  if tg_op = 'UPDATE' then
    new.updated_at := pg_catalog.now();
  end if;
  return new;
end;
$$;
revoke execute on function public.message_templates_check() from public, anon, authenticated;

create trigger message_templates_check
  before insert or update on public.message_templates
  for each row execute function public.message_templates_check();

grant select, insert, update, delete on public.message_templates to service_role;
grant select, delete on public.message_templates to authenticated;
grant insert (clinic_id, kind, name, language, body), update (kind, name, language, body) on public.message_templates to authenticated;

create policy "staff see their clinic's templates" on public.message_templates
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff add templates to their clinic" on public.message_templates
  for insert to authenticated
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff edit their clinic's templates" on public.message_templates
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()))
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff delete their clinic's templates" on public.message_templates
  for delete to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
