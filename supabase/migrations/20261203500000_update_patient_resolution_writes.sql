-- resolve_patient writes only what changes (issue 10 §2 "no writes that change nothing"; the
-- defect pinned by tests/reliability/redelivery-changes-nothing.test.ts). Replaces the version of
-- 20261202200400_replace_turn_functions.sql, which rewrote the patient row (phone, LID and push
-- name to what they were, updated_at to p_now) on every call: on every turn, and on every
-- redelivery of a message already answered, which must change nothing. Each rewrite was a new row
-- version, index entries and WAL for a turn that learned nothing new. The lookup, lock order,
-- merge and retry on a unique violation are unchanged.

/**
 * The patient a sender is, in a clinic: found by phone or by LID (and then learns the other), merged
 * when the two found different rows (the older row is kept), created when neither exists. The row is
 * written only when the phone, LID or push name it learns differs from what is stored, so a patient
 * writing again from the same number changes nothing.
 */
create or replace function public.resolve_patient(
  p_clinic_id uuid,
  p_phone text,
  p_lid text,
  p_push_name text,
  p_now timestamptz default now()
)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  -- A concurrent first message from the same person may insert the row between our lookup and our
  -- insert; each lost race costs one more lookup.
  c_attempts constant int := 3;
  v_push_name text := nullif(trim(p_push_name), '');
  v_by_phone public.patients;
  v_by_lid public.patients;
  v_keep public.patients;
  v_drop public.patients;
  v_id uuid;
begin
  if p_phone is null and p_lid is null then
    raise exception 'a patient needs a phone number or a LID' using errcode = 'BK009';
  end if;

  for v_attempt in 1..c_attempts loop
    v_by_phone := null;
    v_by_lid := null;
    if p_phone is not null then
      select * into v_by_phone from public.patients
       where clinic_id = p_clinic_id and phone = p_phone for update;
    end if;
    if p_lid is not null then
      select * into v_by_lid from public.patients
       where clinic_id = p_clinic_id and lid = p_lid for update;
    end if;

    if v_by_phone.id is null and v_by_lid.id is null then
      insert into public.patients (clinic_id, phone, lid, push_name, created_at, updated_at)
      values (p_clinic_id, p_phone, p_lid, v_push_name, p_now, p_now)
      on conflict do nothing
      returning id into v_id;
      if v_id is not null then
        return v_id;
      end if;
      continue;
    end if;

    if v_by_phone.id is not null and v_by_lid.id is not null and v_by_phone.id <> v_by_lid.id then
      if v_by_phone.created_at <= v_by_lid.created_at then
        v_keep := v_by_phone;
        v_drop := v_by_lid;
      else
        v_keep := v_by_lid;
        v_drop := v_by_phone;
      end if;
      perform public.merge_patient(v_keep.id, v_drop.id);
      -- The dropped row is gone, so its phone or LID is free for the kept one.
      update public.patients
         set phone = coalesce(phone, v_drop.phone),
             lid = coalesce(lid, v_drop.lid),
             name = coalesce(name, v_drop.name),
             language = coalesce(language, v_drop.language),
             updated_at = p_now
       where id = v_keep.id
      returning * into v_keep;
    elsif v_by_phone.id is not null then
      v_keep := v_by_phone;
    else
      v_keep := v_by_lid;
    end if;

    -- Nothing new learned (the usual case: the same number writing again): no write at all.
    if (p_phone is null or v_keep.phone is not null)
       and (p_lid is null or v_keep.lid is not null)
       and (v_push_name is null or v_push_name is not distinct from v_keep.push_name) then
      return v_keep.id;
    end if;

    begin
      update public.patients
         set phone = coalesce(phone, p_phone),
             lid = coalesce(lid, p_lid),
             push_name = coalesce(v_push_name, push_name),
             updated_at = p_now
       where id = v_keep.id;
      return v_keep.id;
    exception when unique_violation then
      -- Another patient row took this phone or LID a moment ago: look again and merge.
      continue;
    end;
  end loop;
  raise exception 'could not resolve the patient after % attempts', c_attempts using errcode = '40001';
end;
$$;

revoke execute on function public.resolve_patient(uuid, text, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.resolve_patient(uuid, text, text, text, timestamptz) to service_role;
