-- The turn, staff-alert and dead-letter functions are for the service role alone: anon and
-- authenticated users cannot call them.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(33);

select function_privs_are('public', f, args, r, p, format('%s: %s may %s', f, r, coalesce(nullif(array_to_string(p, ','), ''), 'nothing')))
  from (values
    ('begin_turn', array['uuid', 'text', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'timestamp with time zone', 'text', 'text']),
    ('turn_catalog', array['uuid', 'text', 'timestamp with time zone']),
    ('complete_turn', array['uuid', 'integer', 'uuid', 'jsonb', 'text', 'text', 'timestamp with time zone', 'text', 'timestamp with time zone', 'text', 'jsonb', 'jsonb']),
    ('answer_staff_message', array['uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'boolean', 'boolean', 'timestamp with time zone']),
    ('record_dead_letter', array['uuid', 'text', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'text', 'text', 'timestamp with time zone']),
    ('raise_staff_alert', array['uuid', 'text', 'boolean', 'uuid', 'timestamp with time zone']),
    ('close_staff_alerts', array['uuid', 'timestamp with time zone']),
    ('forward_to_staff', array['uuid', 'uuid', 'timestamp with time zone']),
    ('staff_sender', array['uuid', 'uuid', 'text', 'text', 'text']),
    ('resolve_patient', array['uuid', 'text', 'text', 'text', 'timestamp with time zone']),
    ('merge_patient', array['uuid', 'uuid'])
  ) fns (f, args)
  cross join (values ('service_role', array['EXECUTE']), ('anon', array[]::text[]), ('authenticated', array[]::text[])) roles (r, p);

select * from finish();
rollback;
