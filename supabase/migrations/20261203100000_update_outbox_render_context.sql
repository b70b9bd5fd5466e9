-- What the function writes outbox texts from, for the conversation flow of STATE_VERSION 2 and for
-- patients in every language (replaces outbox_render_context and first_free_times of
-- 20261202101000_update_outbox_rpcs.sql and appointment_notice_params of
-- 20261202100600_add_staff_appointment_edits.sql; docs/design.md "Outbox kinds", "Integration"):
--   - the flow's states name practitioners by id: the appointment in the context and each free time
--     of a rebook offer carry their provider id, so the "choose a new time" state built at claim is
--     one the flow loads as its own;
--   - a rebook offer caused by a closure or a blocked time offers the same practitioner's first free
--     day when there is one within the horizon (the patient keeps their practitioner), else anyone's;
--   - the catalog (services and practitioners with their translations) lets the function name them
--     in the patient's language; notice params name the practitioner by id too.
-- clinics.language and clinics.locale exist since 20261202200000_add_languages.sql and are read as
-- columns.

/**
 * The params of a notice about p_appointment: {appointmentId, serviceId, serviceName, providerId,
 * providerName, startsAt, endsAt}. The names are the clinic's own at the time of the event; the
 * function translates them by id when it writes the text.
 */
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
    'providerId', p_appointment.provider_id,
    'providerName', (select pr.name from public.providers pr where pr.id = p_appointment.provider_id),
    'startsAt', public.utc_iso(p_appointment.starts_at),
    'endsAt', public.utc_iso(p_appointment.ends_at)
  )
$$;
revoke execute on function public.appointment_notice_params(public.appointments) from public, anon, authenticated;
grant execute on function public.appointment_notice_params(public.appointments) to service_role;

drop function if exists public.first_free_times(uuid, uuid, timestamptz, uuid);

/**
 * The first day after p_now with free times for p_service_id and that day's free start times:
 * {day, providerId, slots: [{slotId, startsAt, providerId}]}, or null when nothing is free within
 * the clinic's booking horizon. With p_only_provider, only p_provider_id's times (providerId is then
 * that practitioner); otherwise anyone's, one slot per start, p_provider_id's preferred
 * (providerId null).
 */
create function public.first_free_times(
  p_clinic_id uuid,
  p_service_id uuid,
  p_now timestamptz,
  p_provider_id uuid default null,
  p_only_provider boolean default false
)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  -- Enough rows for a full day of a few practitioners, or for one practitioner's horizon.
  c_day_limit constant int := 500;
  c_search_limit constant int := 1000;
  v_clinic public.clinics;
  v_only boolean := p_only_provider and p_provider_id is not null;
  v_day date;
begin
  select * into v_clinic from public.clinics where id = p_clinic_id;
  if not found or not exists (select 1 from public.services where id = p_service_id and clinic_id = p_clinic_id and active) then
    return null;
  end if;
  select min((s.starts_at at time zone v_clinic.timezone)::date) into v_day
    from public.available_slots(p_clinic_id, p_service_id, p_now,
                                p_now + pg_catalog.make_interval(days => v_clinic.booking_horizon_days), p_now,
                                case when v_only then c_search_limit else 1 end) s
   where not v_only or s.provider_id = p_provider_id;
  if v_day is null then
    return null;
  end if;
  return (
    select pg_catalog.jsonb_build_object(
             'day', pg_catalog.to_char(v_day, 'YYYY-MM-DD'),
             'providerId', case when v_only then p_provider_id end,
             'slots', pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                        'slotId', t.slot_id, 'startsAt', public.utc_iso(t.starts_at), 'providerId', t.provider_id)
                      order by t.starts_at))
      from (select distinct on (s.starts_at) s.slot_id, s.starts_at, s.provider_id
              from public.available_slots(p_clinic_id, p_service_id,
                                          v_day::timestamp at time zone v_clinic.timezone,
                                          (v_day + 1)::timestamp at time zone v_clinic.timezone,
                                          p_now, c_day_limit) s
             where not v_only or s.provider_id = p_provider_id
             order by s.starts_at, (s.provider_id = p_provider_id) desc nulls last, s.provider_name) t
  );
end;
$$;
revoke execute on function public.first_free_times(uuid, uuid, timestamptz, uuid, boolean) from public, anon, authenticated;
grant execute on function public.first_free_times(uuid, uuid, timestamptz, uuid, boolean) to service_role;
comment on function public.first_free_times(uuid, uuid, timestamptz, uuid, boolean) is
  'The first day with free times for a service (optionally one practitioner''s only), for rebook offers.';

/**
 * Everything the function needs to write the text of outbox row p_row at p_now (docs/design.md,
 * "Outbox kinds"): {clinic: {name, timezone, language, locale}, patient: {name, pushName, language}
 * | null, conversation: {mode, state, version, pausedUntil, lastInboundAt, updatedAt,
 * sessionIdleMinutes} | null, appointment: {id, status, serviceId, serviceName, providerId,
 * providerName, startsAt, endsAt} | null, freeTimes: {day, providerId, slots: [{slotId, startsAt,
 * providerId}]} | null (rebook offers only: the same practitioner's first free day when the visit
 * cannot go ahead because of a closure or a blocked time, else anyone's), catalog: {services:
 * {id: {name, names}}, providers: {id: {name, names}}}}.
 */
create or replace function public.outbox_render_context(p_row public.outbox, p_now timestamptz)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_clinic public.clinics;
  v_patient public.patients;
  v_conversation public.conversations;
  v_appointment public.appointments;
  v_free jsonb;
begin
  select * into v_clinic from public.clinics where id = p_row.clinic_id;
  select * into v_patient from public.patients where id = p_row.patient_id;
  select * into v_conversation from public.conversations where id = p_row.conversation_id;
  select * into v_appointment from public.appointments where id = p_row.appointment_id;
  if p_row.kind = 'rebook_offer' and v_appointment.id is not null then
    if p_row.params ->> 'reason' in ('closed', 'blocked') then
      v_free := public.first_free_times(v_appointment.clinic_id, v_appointment.service_id, p_now, v_appointment.provider_id, true);
    end if;
    v_free := coalesce(v_free,
      public.first_free_times(v_appointment.clinic_id, v_appointment.service_id, p_now, v_appointment.provider_id, false));
  end if;
  return pg_catalog.jsonb_build_object(
    'clinic', pg_catalog.jsonb_build_object(
      'name', v_clinic.name,
      'timezone', v_clinic.timezone,
      'language', v_clinic.language,
      'locale', v_clinic.locale),
    'patient', case when v_patient.id is not null then pg_catalog.jsonb_build_object(
      'name', v_patient.name,
      'pushName', v_patient.push_name,
      'language', v_patient.language) end,
    'conversation', case when v_conversation.id is not null then pg_catalog.jsonb_build_object(
      'mode', v_conversation.mode,
      'state', v_conversation.state,
      'version', v_conversation.version,
      'pausedUntil', public.utc_iso(v_conversation.paused_until),
      'lastInboundAt', public.utc_iso(v_conversation.last_inbound_at),
      'updatedAt', public.utc_iso(v_conversation.updated_at),
      'sessionIdleMinutes', v_clinic.session_idle_minutes) end,
    'appointment', case when v_appointment.id is not null then pg_catalog.jsonb_build_object(
      'id', v_appointment.id,
      'status', v_appointment.status,
      'serviceId', v_appointment.service_id,
      'serviceName', (select sv.name from public.services sv where sv.id = v_appointment.service_id),
      'providerId', v_appointment.provider_id,
      'providerName', (select pr.name from public.providers pr where pr.id = v_appointment.provider_id),
      'startsAt', public.utc_iso(v_appointment.starts_at),
      'endsAt', public.utc_iso(v_appointment.ends_at)) end,
    'freeTimes', v_free,
    'catalog', pg_catalog.jsonb_build_object(
      'services', coalesce((
        select pg_catalog.jsonb_object_agg(sv.id, pg_catalog.jsonb_build_object('name', sv.name, 'names', sv.name_translations))
          from public.services sv where sv.clinic_id = v_clinic.id), '{}'::jsonb),
      'providers', coalesce((
        select pg_catalog.jsonb_object_agg(pr.id, pg_catalog.jsonb_build_object('name', pr.name, 'names', pr.name_translations))
          from public.providers pr where pr.clinic_id = v_clinic.id), '{}'::jsonb))
  );
end;
$$;
revoke execute on function public.outbox_render_context(public.outbox, timestamptz) from public, anon, authenticated;
grant execute on function public.outbox_render_context(public.outbox, timestamptz) to service_role;
