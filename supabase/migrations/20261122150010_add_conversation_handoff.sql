-- Turns: when staff took a conversation over. begin_turn counts staff mode's idle period from the
-- later of this moment and the last staff reply (see 20261122150200_create_turn_functions.sql), so
-- staff mode ends when staff go quiet, not when the patient does.
--
-- complete_turn sets handed_off_at on the turn's clock when the patient asks for staff; a trigger
-- sets it when staff take a conversation over themselves (Studio sets only mode), and clears it
-- when the bot has it again. A check keeps it present in staff mode, since a missing moment would
-- silence the bot for good; the trigger fills it in before the check runs, so a change of mode by
-- any path (the turn functions, Studio, SQL) passes.

alter table public.conversations add column handed_off_at timestamptz;
comment on column public.conversations.handed_off_at is
  'When staff took this chat over (set automatically; empty while the assistant answers).';

alter table public.conversations add constraint conversations_handed_off_at_check
  check ((mode = 'human') = (handed_off_at is not null));

/**
 * Keeps handed_off_at in step with mode for changes that do not set it themselves: staff switching
 * a chat to human (now) or back to bot (cleared). complete_turn sets it on its own clock, and a
 * value the statement changed is left alone.
 */
create or replace function public.conversations_track_handoff()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.mode <> 'human' then
    new.handed_off_at := null;
  elsif tg_op = 'INSERT' then
    new.handed_off_at := coalesce(new.handed_off_at, pg_catalog.now());
  elsif old.mode <> 'human' and new.handed_off_at is not distinct from old.handed_off_at then
    new.handed_off_at := pg_catalog.now();
  end if;
  return new;
end;
$$;
revoke execute on function public.conversations_track_handoff() from public, anon, authenticated;

create trigger conversations_track_handoff
  before insert or update of mode on public.conversations
  for each row execute function public.conversations_track_handoff();
