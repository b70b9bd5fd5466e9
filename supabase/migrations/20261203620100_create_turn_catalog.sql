-- The clinic's catalog as begin_turn hands it to a turn, in a function of its own (issue 10 §2,
-- docs/design.md "Faster turns"): the catalog part of 20261203500200's begin_turn (clinic settings,
-- hours, open weekdays, closed days, services and practitioners with translations), moved unchanged,
-- and left out when the caller already holds the current one. begin_turn calls it from
-- 20261203650000 on, passing the key of the function's copy (p_catalog_key).

/**
 * The clinic's catalog as a turn needs it, with its key: {catalogKey} alone when p_catalog_key (the
 * key of the function's copy) is the current one, else
 *   {catalogKey,
 *    clinic: {id, name, timezone, holdMinutes, horizonDays, minNoticeMinutes, sessionIdleMinutes,
 *             humanIdleMinutes, cooloffMinutes, rateLimitPerMinute, language, locale, askProvider,
 *             hours: [{weekday, opens 'HH:MM', closes 'HH:MM'}], openWeekdays, closedDays},
 *    services: [{id, name, names: {lang: name}, keywords, durationMinutes, providerIds}],
 *    providers: [{id, name, names: {lang: name}}]}.
 * The key is the clinic, its catalog version (a new one with every change to the tables read here,
 * 20261203620000) and its local date at p_now: closed days are counted from that date over the
 * horizon, and nothing else here depends on the time. The clinic is in it so that a key can never
 * vouch for another clinic's catalog (a channel moved between clinics, a clinic copied with its
 * version). Stable, so every read below sees one snapshot, the calling statement's: the key always
 * names the catalog built with it.
 */
create function public.turn_catalog(p_clinic_id uuid, p_catalog_key text, p_now timestamptz default now())
returns jsonb
language plpgsql
stable
set search_path = ''
-- As begin_turn's context query was: a dozen sub-selects on ids and instants, one generic plan.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_clinic public.clinics;
  v_key text;
begin
  select * into v_clinic from public.clinics where id = p_clinic_id;
  v_key := v_clinic.id::text || '/' || v_clinic.catalog_version::text || '/'
           || to_char((p_now at time zone v_clinic.timezone)::date, 'YYYY-MM-DD');
  if v_key = p_catalog_key then
    return jsonb_build_object('catalogKey', v_key);
  end if;
  return jsonb_build_object(
    'catalogKey', v_key,
    'clinic', jsonb_build_object(
      'id', v_clinic.id,
      'name', v_clinic.name,
      'timezone', v_clinic.timezone,
      'holdMinutes', v_clinic.hold_minutes,
      'horizonDays', v_clinic.booking_horizon_days,
      'minNoticeMinutes', v_clinic.min_notice_minutes,
      'sessionIdleMinutes', v_clinic.session_idle_minutes,
      'humanIdleMinutes', v_clinic.human_idle_minutes,
      'cooloffMinutes', v_clinic.cooloff_minutes,
      'rateLimitPerMinute', v_clinic.rate_limit_per_minute,
      'language', v_clinic.language,
      'locale', v_clinic.locale,
      'askProvider', v_clinic.ask_provider,
      -- The clinic's hours per weekday (any active practitioner working), for "staff will answer
      -- from …" when a patient is handed to staff.
      'hours', coalesce((
        select jsonb_agg(jsonb_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'),
                                            'closes', to_char(h.closes, 'HH24:MI')) order by h.weekday)
          from (select wh.weekday, min(wh.start_time) as opens, max(wh.end_time) as closes
                  from public.working_hours wh
                  join public.providers pr on pr.id = wh.provider_id and pr.active
                 where wh.clinic_id = v_clinic.id
                 group by wh.weekday) h), '[]'::jsonb),
      'openWeekdays', coalesce((
        select jsonb_agg(distinct wh.weekday order by wh.weekday)
          from public.working_hours wh
          join public.providers pr on pr.id = wh.provider_id and pr.active
         where wh.clinic_id = v_clinic.id), '[]'::jsonb),
      -- Local days within the horizon on which a clinic-wide closure covers all working hours.
      'closedDays', coalesce((
        select jsonb_agg(to_char(d.day, 'YYYY-MM-DD') order by d.day)
          from (select g::date as day
                  from generate_series((p_now at time zone v_clinic.timezone)::date,
                                       (p_now at time zone v_clinic.timezone)::date + v_clinic.booking_horizon_days,
                                       interval '1 day') g) d
          join lateral (
            select min(wh.start_time) as opens, max(wh.end_time) as closes
              from public.working_hours wh
             where wh.clinic_id = v_clinic.id and wh.weekday = extract(isodow from d.day)
          ) h on h.opens is not null
         where exists (
           select 1 from public.closures cl
            where cl.clinic_id = v_clinic.id and cl.provider_id is null
              and cl.starts_at <= (d.day + h.opens) at time zone v_clinic.timezone
              and cl.ends_at >= (d.day + h.closes) at time zone v_clinic.timezone)), '[]'::jsonb)
    ),
    -- Bookable services (an active practitioner offers them) with their translations, the other
    -- words patients use for them, and who offers each.
    'services', coalesce((
      select jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'names', s.name_translations,
                                          'keywords', to_jsonb(s.keywords), 'durationMinutes', s.duration_minutes,
                                          'providerIds', o.provider_ids)
                       order by s.name)
        from public.services s
        join lateral (
          select jsonb_agg(pr.id order by pr.name, pr.id) as provider_ids
            from public.provider_services ps
            join public.providers pr on pr.id = ps.provider_id and pr.active
           where ps.service_id = s.id) o on o.provider_ids is not null
       where s.clinic_id = v_clinic.id and s.active), '[]'::jsonb),
    -- Practitioners patients can book (active, offering an active service), with translations.
    'providers', coalesce((
      select jsonb_agg(jsonb_build_object('id', pr.id, 'name', pr.name, 'names', pr.name_translations)
                       order by pr.name, pr.id)
        from public.providers pr
       where pr.clinic_id = v_clinic.id and pr.active
         and exists (select 1 from public.provider_services ps
                       join public.services s on s.id = ps.service_id and s.active
                      where ps.provider_id = pr.id)), '[]'::jsonb)
  );
end;
$$;

revoke execute on function public.turn_catalog(uuid, text, timestamptz) from public, anon, authenticated;
grant execute on function public.turn_catalog(uuid, text, timestamptz) to service_role;
