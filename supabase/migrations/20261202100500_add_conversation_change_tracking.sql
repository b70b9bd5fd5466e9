-- Takeover and hand-back (issue 7 §3): a change of a conversation's mode, pause or state made outside
-- a turn increases its version, so a turn that read the conversation before the change loses its
-- race at complete_turn (version check) and is retried against the new mode and state. Without it,
-- a staff takeover that landed while a turn ran was silently undone: complete_turn wrote back the
-- mode and pause it had read.
--
-- "Outside a turn" means: the statement did not change version itself. complete_turn (owned by the
-- turn functions) and ack_outbox (applying a message's next state) increase version in their own
-- update, and manage everything else that goes with their change; Studio's row editor, the Data API
-- and plain SQL do not, and this trigger does it for them.
--
-- Handing a conversation back to the bot (mode human -> bot) outside a turn also restarts it at the
-- main menu rather than the step the patient left (their answer to a two-hour-old question would
-- otherwise be read in a stale step), lifts any cool-off, releases a forgotten hold, and queues a
-- hand_back message that tells the patient and shows the main menu. The patient's own way back
-- ("menu") and the return after staff went quiet are turns: the turn's reply tells them, and no
-- hand_back is queued.

/**
 * Before an update of a conversation: bumps version for a change of mode, paused_until or state the
 * statement did not version itself, and turns a hand-back into a fresh start with a message.
 * Security definer: staff switching mode through the Data API may not write outbox rows of this kind
 * or release slots themselves. It changes only the row being updated and that row's own messages.
 */
create or replace function public.conversations_track_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.version <> old.version then
    return new;
  end if;
  if new.mode is not distinct from old.mode
     and new.paused_until is not distinct from old.paused_until
     and new.state is not distinct from old.state then
    return new;
  end if;
  new.version := old.version + 1;
  if new.updated_at is not distinct from old.updated_at then
    new.updated_at := pg_catalog.now();
  end if;
  if old.mode = 'human' and new.mode = 'bot' then
    new.state := '{}';
    new.paused_until := null;
    perform public.release_hold(new.id, pg_catalog.now());
    perform public.enqueue_notice('hand_back', new.patient_id, '{}', null, new.id);
  end if;
  return new;
end;
$$;
revoke execute on function public.conversations_track_changes() from public, anon, authenticated;

create trigger conversations_track_changes
  before update on public.conversations
  for each row execute function public.conversations_track_changes();

comment on column public.conversations.version is
  'Change counter the assistant uses to avoid two answers overwriting each other; it goes up by itself when you change mode or paused_until (do not edit).';
comment on column public.conversations.mode is
  'bot = the assistant answers; human = staff answer and the assistant stays quiet. Setting it back to bot tells the patient and shows them the main menu.';
