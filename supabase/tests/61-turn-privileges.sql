-- The turn functions are for the service role alone: anon and authenticated users cannot call them.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(12);

select function_privs_are('public', f, args, r, p, format('%s: %s may %s', f, r, coalesce(nullif(array_to_string(p, ','), ''), 'nothing')))
  from (values
    ('begin_turn', array['uuid', 'text', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'timestamp with time zone']),
    ('complete_turn', array['uuid', 'integer', 'uuid', 'jsonb', 'text', 'text', 'timestamp with time zone', 'text', 'timestamp with time zone', 'text']),
    ('resolve_patient', array['uuid', 'text', 'text', 'text', 'timestamp with time zone']),
    ('merge_patient', array['uuid', 'uuid'])
  ) fns (f, args)
  cross join (values ('service_role', array['EXECUTE']), ('anon', array[]::text[]), ('authenticated', array[]::text[])) roles (r, p);

select * from finish();
rollback;
