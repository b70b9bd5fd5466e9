-- Privileges and extensions every later migration relies on.
--
-- Nothing runs until it is granted: functions created from here on are not executable by PUBLIC
-- (Postgres' default) nor by the API roles (Supabase's default), so each migration grants EXECUTE
-- explicitly, normally to service_role alone.

alter default privileges in schema public revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
alter default privileges in schema public revoke all on tables from anon;

-- btree_gist lets the appointments exclusion constraint mix "=" on provider_id with "&&" on a
-- time range; pg_trgm gives typo-tolerant FAQ search. Both live in the extensions schema, as on
-- Supabase, and are referenced with qualified operator classes.
create extension if not exists btree_gist with schema extensions;
create extension if not exists pg_trgm with schema extensions;
