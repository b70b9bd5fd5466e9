-- A conversation's state (the step, with the times on offer) and a turn log's states and effects are
-- JSON of one to five kilobytes: past PostgreSQL's two-kilobyte threshold it compresses them, with
-- pglz unless a column says otherwise. Every turn writes the state once and three such values into
-- its log, and reads the state back: lz4 does both several times faster for a few percent more
-- bytes (measured on the turn logs of a saturation run, 15,909 rows: pglz 1.13-1.26 s to insert,
-- lz4 0.59-0.82 s, storing nothing compressed 0.61 s; 33 MB either way). Values already stored keep
-- the method they were written with; PostgreSQL reads both. Supabase builds PostgreSQL with lz4
-- (supabase/postgres#483).

alter table public.conversations alter column state set compression lz4;
alter table public.turns
  alter column state_before set compression lz4,
  alter column state_after set compression lz4,
  alter column effects set compression lz4;
