-- A move never offers the appointment's own start (flow/results.ts offerable: free only with
-- another practitioner, it would "move" the appointment to the time it already has). The read-ahead's
-- freeDays keeps each practitioner's first free time of each local day; were that excluded instant a
-- practitioner's first of a day, the firsts would no longer tell whether they have another that day.
-- Replaces the version of 20261203720000_update_turn_read_ahead_free_days.sql; same signature,
-- comment and grants, one key added to freeDays:
--   * excluding: the instant left out before the firsts are taken, or null: the start of the
--     appointment being moved, as the stored step carries it (step.appointment at an appointment's
--     actions, step.draft.rescheduleOf at the practitioner step; flow/state.ts). `found` still
--     counts every free time (the turn log's count, as available_slots' full answer).
-- The function (turn/prefetch.ts, turn/perform.ts) uses freeDays only for a load leaving out the
-- same instant, and asks available_slots otherwise.

/**
 * What the next step of a turn will most likely load, read ahead for begin_turn from the stored
 * step (p_state, the conversation's state as stored) and the patient's text. Returns
 *   {} | {appointments?: [...], faq?: {...}} | {slots: {...}} | {daySlots: {...}} | {freeDays: {...}}
 * appointments: patient_upcoming_appointments(p_patient_id, p_now), at the menu or with no state;
 * faq: {question, language, limit, matches}: search_faqs(clinic, question, limit, language) for the
 *   text trimmed, in the patient's language (the clinic's when unset), when the text at the menu,
 *   with no state or at "ask a question" looks like a question;
 * slots: {serviceId, limit, rows}: available_slots(clinic, serviceId, p_now, infinity, p_now, limit),
 *   every free time within the horizon unless `limit` rows came back (as begin_turn read before);
 * daySlots: {serviceId, from, to, limit, rows}: the same for [from, to), one local day, at the day
 *   step when the text is the number of a listed day (a key of its own, so that a function that
 *   knows only `slots` never takes a day's times for the horizon's).
 * freeDays: {serviceId, from, to, limit, found, rows}: of the horizon's free times (available_slots
 *   over [from, to) = [p_now, p_now + the booking horizon), all there are), the first of each
 *   practitioner on each local day, in available_slots' order, and how many there are (found; the
 *   list may lack later ones when found = limit). Read instead of `slots` where the next step most
 *   likely lists the free days with no wish narrowing them: a service picked with no wish stored, a
 *   practitioner picked by number with no wish stored, "1" (reschedule) at an appointment's actions.
 *   excluding: the start of the appointment being moved (the stored step's appointment or
 *   draft.rescheduleOf), left out before the firsts are taken, or null; `found` counts it.
 * A stored shape it does not recognise reads nothing ahead.
 */
create or replace function public.turn_read_ahead(
  p_clinic_id uuid,
  p_patient_id uuid,
  p_state jsonb,
  p_body text,
  p_now timestamptz default now()
)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  -- Free times read at most (the function asks available_slots for as many).
  c_slot_limit constant int := 1000;
  -- FAQ entries read (the function's FAQ_MATCH_LIMIT; it uses the read only when they agree).
  c_faq_limit constant int := 3;
  -- Days offered as numbered choices at the day step (the flow's MAX_DAY_OPTIONS).
  c_day_options constant int := 7;
  -- First words of a question in English, Spanish and Portuguese, lower case without accents. A
  -- guess only: a question not on the list is searched when the flow asks, as before.
  c_question_words constant text[] := array[
    'what', 'whats', 'when', 'where', 'wheres', 'which', 'who', 'whom', 'whose', 'why', 'how', 'hows',
    'do', 'does', 'did', 'is', 'are', 'can', 'could', 'will', 'would', 'should', 'may', 'have', 'has',
    'que', 'cual', 'cuales', 'cuando', 'donde', 'adonde', 'como', 'cuanto', 'cuanta', 'cuantos', 'cuantas',
    'quien', 'quienes', 'hay', 'tienen', 'aceptan', 'atienden', 'puedo', 'puede', 'pueden', 'es', 'son',
    'qual', 'quais', 'quando', 'onde', 'quanto', 'quantos', 'quantas', 'quem', 'porque', 'tem', 'aceitam',
    'atendem', 'posso', 'pode', 'podem', 'voces', 'existe'];
  v_step jsonb;
  v_kind text;
  -- The text as the flow reads it (the function trims it; a different trim only misses the read).
  v_text text := pg_catalog.regexp_replace(coalesce(p_body, ''), '^[[:space:]]+|[[:space:]]+$', '', 'g');
  -- A number typed alone ("2", "2.", "#2"), as the flow's choice of a numbered option reads it.
  v_number int := pg_catalog.substring(v_text, '^[^[:alnum:]:]*([0-9]{1,3})[^[:alnum:]:]*$')::int;
  v_clinic public.clinics;
  v_service_id uuid;
  v_from timestamptz;
  v_to timestamptz;
  v_day text;
  -- Only the free days are read (freeDays), not every free time.
  v_days_only boolean := false;
  -- A move's own start, never offered: left out of the firsts (freeDays.excluding).
  v_moved jsonb;
  v_excluding timestamptz;
  v_result jsonb := '{}'::jsonb;
begin
  v_step := case when jsonb_typeof(p_state -> 'step') = 'object' then p_state -> 'step' end;
  v_kind := coalesce(v_step ->> 'kind', 'menu');
  select * into v_clinic from public.clinics where id = p_clinic_id;

  if v_kind in ('menu', 'ask_question') then
    if v_kind = 'menu' then
      -- "my appointments", "cancel my appointment".
      v_result := jsonb_build_object('appointments', coalesce((
        select jsonb_agg(jsonb_build_object('id', a.id, 'starts_at', a.starts_at, 'service_id', a.service_id,
                                            'service_name', a.service_name, 'provider_id', a.provider_id,
                                            'provider_name', a.provider_name) order by a.starts_at)
          from public.patient_upcoming_appointments(p_patient_id, p_now) a), '[]'::jsonb));
    end if;
    -- Free text here goes to the FAQ unless it is an option, a command or an intent. Searched only
    -- when it looks like a question, so the menu's other messages ("1", "hi", "book a cleaning")
    -- cost a regular expression, not a search.
    if v_text ~ '[?¿]'
       or pg_catalog.lower(pg_catalog.substring(public.fold_accents(pg_catalog.left(v_text, 40)), '^[A-Za-z]+'))
          = any (c_question_words) then
      v_result := v_result || jsonb_build_object('faq', (
        select jsonb_build_object(
                 'question', v_text,
                 'language', l.language,
                 'limit', c_faq_limit,
                 'matches', coalesce((
                   select jsonb_agg(jsonb_build_object('id', f.id, 'question', f.question, 'answer', f.answer,
                                                       'language', f.language, 'score', f.score))
                     from public.search_faqs(p_clinic_id, v_text, c_faq_limit, l.language) f), '[]'::jsonb))
          from (select coalesce(p.language, v_clinic.language)::text as language
                  from public.patients p where p.id = p_patient_id) l));
    end if;
    return v_result;
  end if;

  if v_kind = 'pick_service' then
    -- The listed services as the flow lists them: bookable ones (an active practitioner offers
    -- them) in begin_turn's order, only the named practitioner's when they offer any. Compared as
    -- text: a stored value is never trusted to be a uuid.
    with bookable as (
      select s.id, s.name, s.name_translations, s.keywords,
             array(select pr.id::text from public.provider_services ps
                     join public.providers pr on pr.id = ps.provider_id and pr.active
                    where ps.service_id = s.id) as provider_ids
        from public.services s
       where s.clinic_id = p_clinic_id and s.active
    ),
    listed as (
      select b.* from bookable b
       where cardinality(b.provider_ids) > 0
         and (v_step ->> 'providerId' is null
              or v_step ->> 'providerId' = any (b.provider_ids)
              or not exists (select 1 from bookable o where v_step ->> 'providerId' = any (o.provider_ids)))
    ),
    -- Text naming exactly one service: its name in any language or a keyword, typed as it is
    -- (case, accents and punctuation aside).
    typed as (
      select pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(public.fold_accents(v_text)), '[^[:alnum:]:]+', ' ', 'g')) as form
    ),
    named as (
      select distinct b.id
        from bookable b, typed t
       where cardinality(b.provider_ids) > 0
         and t.form <> ''
         and t.form in (select pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(public.fold_accents(n)), '[^[:alnum:]:]+', ' ', 'g'))
                          from pg_catalog.unnest(array[b.name] || b.keywords
                                                 || array(select jsonb_each_text.value from jsonb_each_text(b.name_translations))) n)
    )
    select case when v_number >= 1
                then (select l.id from listed l order by l.name offset v_number - 1 limit 1)
                when (select count(*) from named) = 1 then (select n.id from named n)
           end
      into v_service_id;
    if v_service_id is null then
      return v_result;
    end if;
    -- Several practitioners and a clinic that asks which: the next step is that question, which
    -- loads nothing.
    if v_clinic.ask_provider
       and not exists (select 1 from public.provider_services ps
                         join public.providers pr on pr.id = ps.provider_id and pr.active
                        where ps.service_id = v_service_id and pr.id::text = v_step ->> 'providerId')
       and (select count(*) from public.provider_services ps
              join public.providers pr on pr.id = ps.provider_id and pr.active
             where ps.service_id = v_service_id) > 1 then
      return v_result;
    end if;
    -- The free days come next, narrowed by the stored wish only: a number or a name alone adds none.
    v_days_only := public.turn_wish_is_empty(v_step -> 'wish');
  elsif v_kind in ('pick_provider', 'pick_day', 'appointment_actions') then
    -- "2" at an appointment's actions is "cancel": the next step asks to confirm, loading nothing.
    if v_kind = 'appointment_actions' and v_number = 2 then
      return v_result;
    end if;
    select s.id into v_service_id
      from public.services s
     where s.clinic_id = p_clinic_id and s.active
       and s.id::text = coalesce(v_step -> 'draft' ->> 'serviceId', v_step -> 'appointment' ->> 'serviceId');
    if v_service_id is null then
      return v_result;
    end if;
    -- A day picked by its number: the next reply is that day's times, so only that day is read
    -- (its local midnight to the next, the flow's window). Only a day the list can hold: the
    -- stored days are the free days within the horizon.
    if v_kind = 'pick_day' and v_number between 1 and c_day_options
       and jsonb_typeof(v_step -> 'days') = 'array' then
      v_day := v_step -> 'days' ->> (v_number - 1);
      select d::timestamp at time zone v_clinic.timezone, (d + 1)::timestamp at time zone v_clinic.timezone
        into v_from, v_to
        from generate_series((p_now at time zone v_clinic.timezone)::date,
                             (p_now at time zone v_clinic.timezone)::date + v_clinic.booking_horizon_days, interval '1 day') g,
             lateral (select g::date as d) x
       where pg_catalog.to_char(d, 'YYYY-MM-DD') = v_day;
    end if;
    -- "1" at an appointment's actions reschedules it: the free days with no wish. A practitioner
    -- picked by number keeps the stored wish; with none, the free days come next.
    v_days_only := (v_kind = 'appointment_actions' and v_number = 1)
                   or (v_kind = 'pick_provider' and v_number is not null and public.turn_wish_is_empty(v_step -> 'wish'));
  else
    return v_result;
  end if;

  if v_days_only then
    v_moved := case v_kind when 'appointment_actions' then v_step -> 'appointment' when 'pick_provider' then v_step -> 'draft' -> 'rescheduleOf' end;
    if jsonb_typeof(v_moved -> 'startsAt') = 'string' then
      -- A stored value is never trusted to be an instant: one that is not leaves out nothing and
      -- says so (excluding null), and the function then asks available_slots itself.
      begin
        v_excluding := (v_moved ->> 'startsAt')::timestamptz;
      exception when data_exception then
        v_excluding := null;
      end;
    end if;
    -- The horizon's free times, kept: each practitioner's first on each local day (the clinic's),
    -- after leaving out the moved appointment's start.
    return jsonb_build_object('freeDays', (
      select jsonb_build_object(
               'serviceId', v_service_id,
               'from', p_now,
               'to', p_now + make_interval(days => v_clinic.booking_horizon_days),
               'limit', c_slot_limit,
               'found', count(*),
               'excluding', v_excluding,
               'rows', coalesce(jsonb_agg(jsonb_build_object('slot_id', f.slot_id, 'starts_at', f.starts_at,
                                                             'provider_id', f.provider_id)
                                          order by f.starts_at, f.provider_name, f.provider_id) filter (where f.first_of_day),
                                '[]'::jsonb))
        from (select a.*,
                     a.starts_at = min(a.starts_at) filter (where a.starts_at is distinct from v_excluding)
                                     over (partition by a.provider_id, (a.starts_at at time zone v_clinic.timezone)::date)
                       as first_of_day
                from public.available_slots(p_clinic_id, v_service_id, p_now, 'infinity', p_now, c_slot_limit) a) f));
  end if;

  -- A day: its window, named. Otherwise the whole horizon, from now (begin_turn's `slots` as before).
  return jsonb_build_object(case when v_from is null then 'slots' else 'daySlots' end, (
    select jsonb_build_object(
             'serviceId', v_service_id,
             'limit', c_slot_limit,
             'rows', coalesce(jsonb_agg(jsonb_build_object('slot_id', f.slot_id, 'starts_at', f.starts_at,
                                                           'provider_id', f.provider_id)
                                        order by f.starts_at, f.provider_name, f.provider_id), '[]'::jsonb))
             || case when v_from is null then '{}'::jsonb else jsonb_build_object('from', v_from, 'to', v_to) end
      from public.available_slots(p_clinic_id, v_service_id, coalesce(v_from, p_now), coalesce(v_to, 'infinity'), p_now,
                                  c_slot_limit) f));
end;
$$;

comment on function public.turn_read_ahead(uuid, uuid, jsonb, text, timestamptz) is
  'What the next step of a turn will most likely load (upcoming appointments, free times, FAQ matches), read ahead for begin_turn.';

revoke execute on function public.turn_read_ahead(uuid, uuid, jsonb, text, timestamptz) from public, anon, authenticated;
grant execute on function public.turn_read_ahead(uuid, uuid, jsonb, text, timestamptz) to service_role;
