-- A message to a chat goes out on that chat's number (outbox_conversation_fkey, 20261203750000).
-- The key alone refuses a row naming a chat and another of the clinic's numbers with PostgreSQL's
-- "violates foreign key constraint" and a tuple of ids; staff writing in Studio's Table Editor get
-- this instead, in the words of the other refusals of outbox_prepare (ST005): which number the chat
-- is on, and that leaving the number empty sends it there. Runs after outbox_prepare (triggers of
-- one event fire in name order), which fills the number from the chat when none is given.

/** Refuses, saying why, a message to a chat on another number than the chat's. */
create function public.outbox_prepare_chat_number()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_chat_phone text;
begin
  if new.conversation_id is null or new.channel_id is null then
    return new;
  end if;
  select ch.phone into v_chat_phone
    from public.conversations c
    join public.channels ch on ch.id = c.channel_id
   where c.id = new.conversation_id and c.channel_id <> new.channel_id;
  if found then
    raise exception 'this chat is on the clinic''s number %: a message to it goes out on that number, so leave channel_id empty',
      v_chat_phone
      using errcode = 'ST005';
  end if;
  return new;
end;
$$;
revoke execute on function public.outbox_prepare_chat_number() from public, anon, authenticated;

create trigger outbox_prepare_chat_number
  before insert or update of conversation_id, channel_id on public.outbox
  for each row execute function public.outbox_prepare_chat_number();
