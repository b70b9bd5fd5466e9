-- The schema's guarantees that do not depend on data: RLS everywhere, nothing for anon, RPCs for
-- the service role alone, comments for Studio, and the constraints that make double booking impossible.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(15);

select is_empty(
  $$select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity$$,
  'every table in public has row level security on'
);
select is_empty(
  $$select table_name, privilege_type from information_schema.role_table_grants
     where grantee = 'anon' and table_schema = 'public'$$,
  'anon holds no privilege on any table or view in public'
);
select is_empty(
  $$select table_name, column_name from information_schema.column_privileges
     where grantee = 'anon' and table_schema = 'public'$$,
  'anon holds no privilege on any column in public'
);
-- Supabase offers every function in public that a role may execute as an RPC to that role, so these
-- two lists are exact: a new grant to anon or authenticated must be added here on purpose.
select is_empty(
  $$select p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute')$$,
  'anon can execute no function in public'
);
select set_eq(
  $$select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and has_function_privilege('authenticated', p.oid, 'execute')$$,
  array['current_clinic_ids()', 'faq_search_vector(text,text,text[])', 'template_placeholders(outbox_kind)',
        'template_problem(outbox_kind,text)'],
  'staff can execute only what their RLS policies (current_clinic_ids), FAQ writes (faq_search_vector) and template checks (template_problem) need'
);
-- The private schema holds helpers for migrations (private.schedule_job); it is not exposed
-- through the API, and no API role may reach into it or run what is in it.
select is_empty(
  $$select r from unnest(array['anon', 'authenticated', 'service_role']) r
     where has_schema_privilege(r, 'private', 'usage') or has_schema_privilege(r, 'private', 'create')$$,
  'no API role may use the private schema'
);
select is_empty(
  $$select r, p.oid::regprocedure from pg_proc p join pg_namespace n on n.oid = p.pronamespace,
          unnest(array['anon', 'authenticated', 'service_role']) r
     where n.nspname = 'private' and has_function_privilege(r, p.oid, 'execute')$$,
  'no API role can execute any function in private'
);
select is_empty(
  $$select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'v')
       and not has_table_privilege('service_role', c.oid, 'select')$$,
  'the service role can read every table and view'
);
select is_empty(
  $$select f from unnest(array[
      'generate_slots(uuid,integer,timestamp with time zone)',
      'available_slots(uuid,uuid,timestamp with time zone,timestamp with time zone,timestamp with time zone,integer)',
      'claim_slot(uuid,uuid,uuid,uuid,timestamp with time zone,uuid)',
      'confirm_hold(uuid,uuid,uuid,timestamp with time zone)',
      'release_hold(uuid,timestamp with time zone)',
      'cancel_appointment(uuid,uuid,timestamp with time zone)',
      'reschedule_appointment(uuid,uuid,uuid,timestamp with time zone)',
      'patient_upcoming_appointments(uuid,timestamp with time zone)',
      'claim_outbox(uuid,integer,timestamp with time zone,integer)',
      'render_outbox(uuid,jsonb,timestamp with time zone)',
      'ack_outbox(uuid,uuid,text,text,timestamp with time zone,text)'
    ]) f
    where not has_function_privilege('service_role', ('public.' || f)::regprocedure, 'execute')$$,
  'the service role can execute every slot engine and outbox RPC'
);
select is_empty(
  $$select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'v') and obj_description(c.oid, 'pg_class') is null$$,
  'every table and view has a comment for Studio'
);
select is_empty(
  $$select c.relname || '.' || a.attname from pg_attribute a
      join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'v') and a.attnum > 0 and not a.attisdropped
       and col_description(c.oid, a.attnum) is null$$,
  'every column has a comment for Studio'
);
select is_empty(
  $$select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'v'
       and not coalesce(c.reloptions @> array['security_invoker=true'], false)$$,
  'every view runs with the reader''s privileges (security_invoker)'
);
-- Where pg_cron is enabled (Supabase preloads it; the migrations enable it), both jobs exist.
select case
  when exists (select 1 from pg_extension where extname = 'pg_cron') then set_eq(
    $$select jobname || ' ' || schedule from cron.job where database = current_database()$$,
    array['generate-slots-daily 15 0 * * *', 'enqueue-reminders */5 * * * *', 'enqueue-rebook-offers */5 * * * *',
          'enqueue-campaigns * * * * *'],
    'pg_cron generates slots daily, enqueues reminders and rebook offers every five minutes and campaigns every minute')
  else skip('pg_cron is not enabled in this database', 1)
end;
select col_is_pk('public', 'appointments', 'id', 'appointments are keyed by id');
select ok(
  exists (select 1 from pg_constraint where conname = 'appointments_no_overlap' and contype = 'x'),
  'appointments carry the no-overlap exclusion constraint'
);

select * from finish();
rollback;
