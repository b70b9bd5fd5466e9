-- Turns, part 1: who wrote. WhatsApp may address one person by phone number, by LID (a private id)
-- or both; they must stay one patient.

/**
 * The patient of p_clinic_id known by p_phone and/or p_lid, created if new. When the phone and the
 * LID belong to two different patients (first seen by LID, later by number, say) the two are merged
 * into the older one: conversations, messages, appointments and outbox rows move, a known name is
 * kept. p_push_name (the WhatsApp profile name) is stored apart from the name given when booking.
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
      values (p_clinic_id, p_phone, p_lid, nullif(trim(p_push_name), ''), p_now, p_now)
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
             updated_at = p_now
       where id = v_keep.id;
    elsif v_by_phone.id is not null then
      v_keep := v_by_phone;
    else
      v_keep := v_by_lid;
    end if;

    begin
      update public.patients
         set phone = coalesce(phone, p_phone),
             lid = coalesce(lid, p_lid),
             push_name = coalesce(nullif(trim(p_push_name), ''), push_name),
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

/**
 * Moves everything of patient p_drop_id onto p_keep_id (same clinic) and deletes p_drop_id. A
 * conversation on a channel where the kept patient already has one is folded into it (its messages
 * move, its held slots are released); otherwise it changes hands.
 */
create or replace function public.merge_patient(p_keep_id uuid, p_drop_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_conversation public.conversations;
  v_target uuid;
begin
  for v_conversation in
    select * from public.conversations where patient_id = p_drop_id for update
  loop
    select id into v_target from public.conversations
     where channel_id = v_conversation.channel_id and patient_id = p_keep_id;
    if v_target is null then
      update public.conversations set patient_id = p_keep_id where id = v_conversation.id;
    else
      update public.messages set conversation_id = v_target where conversation_id = v_conversation.id;
      update public.appointments set conversation_id = v_target where conversation_id = v_conversation.id;
      update public.outbox set conversation_id = v_target where conversation_id = v_conversation.id;
      update public.slots set status = 'open', held_by = null, held_until = null
       where held_by = v_conversation.id and status = 'held';
      delete from public.conversations where id = v_conversation.id;
    end if;
  end loop;
  update public.appointments set patient_id = p_keep_id where patient_id = p_drop_id;
  update public.outbox set patient_id = p_keep_id where patient_id = p_drop_id;
  delete from public.patients where id = p_drop_id;
end;
$$;

revoke execute on function public.merge_patient(uuid, uuid) from public, anon, authenticated;
grant execute on function public.merge_patient(uuid, uuid) to service_role;

comment on function public.resolve_patient(uuid, text, text, text, timestamptz) is
  'Finds or creates the patient for a WhatsApp sender, merging the records of one person seen by number and by private id.';
comment on function public.merge_patient(uuid, uuid) is
  'Folds one patient record into another (same person seen under two WhatsApp identities).';
