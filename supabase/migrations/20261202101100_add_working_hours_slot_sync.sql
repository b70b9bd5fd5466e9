-- Working-hours edits take effect on the slots at once (issue 7 §1). Slots are generated ahead from
-- working hours (daily, generate_slots), so shortening a practitioner's hours used to leave the
-- removed times open for booking until they had passed. Now an edit or removal of working hours
-- deletes that practitioner's free slots still to come that no working hours cover any more.
-- Booked slots stay: their appointments appear in appointments_to_rebook (reason outside_hours) and
-- the patients are offered new times. Blocked slots stay as staff set them. Hours added or widened
-- become bookable at the next slot generation (daily where pg_cron runs, every start of the local
-- stack, or select public.generate_slots()).

/**
 * After working hours of a practitioner change or go: deletes their open (or expired-hold) slots
 * after now that no working-hours row of theirs covers on the clinic's wall clock. A cancelled
 * appointment that pointed at such a slot loses the pointer (slot_id set null); nothing booked
 * is touched.
 */
create or replace function public.working_hours_remove_uncovered_slots()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from public.slots s
   using public.clinics c
   where c.id = s.clinic_id
     and s.provider_id = old.provider_id
     and s.starts_at > pg_catalog.now()
     and (s.status = 'open' or (s.status = 'held' and s.held_until < pg_catalog.now()))
     and not exists (
       select 1 from public.working_hours wh
        where wh.provider_id = s.provider_id
          and wh.weekday = extract(isodow from s.starts_at at time zone c.timezone)
          and wh.start_time <= (s.starts_at at time zone c.timezone)::time
          and (s.ends_at at time zone c.timezone)::date = (s.starts_at at time zone c.timezone)::date
          and wh.end_time >= (s.ends_at at time zone c.timezone)::time);
  return null;
end;
$$;
revoke execute on function public.working_hours_remove_uncovered_slots() from public, anon, authenticated;

create trigger working_hours_remove_uncovered_slots
  after update or delete on public.working_hours
  for each row execute function public.working_hours_remove_uncovered_slots();
