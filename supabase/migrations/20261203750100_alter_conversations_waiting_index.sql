-- begin_turn stamps conversations.last_inbound_at on every message. An update can stay on the row's
-- page without touching any index (a HOT update) only when no indexed column changes, and
-- last_inbound_at was a column of conversations_waiting_idx (partial, but PostgreSQL 15 counts
-- every indexed column): so each turn added an entry to each of the table's five indexes and left
-- the old ones for vacuum. The index serves finding one clinic's chats handed to staff
-- (conversations_waiting_for_staff orders by its own computed wait, not by this column), which
-- the clinic alone does; and a fill factor below 100 keeps room on each page for the new versions.

drop index public.conversations_waiting_idx;
create index conversations_waiting_idx on public.conversations (clinic_id) where mode = 'human';
alter table public.conversations set (fillfactor = 80);
