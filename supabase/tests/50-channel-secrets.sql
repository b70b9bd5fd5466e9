-- channel_secrets: how the webhook authenticates the bot. Only enabled channels answer, with the
-- current secret first, and only the service role may ask.
begin;
create extension if not exists pgtap with schema extensions;
set local search_path to public, extensions;
select plan(7);

insert into public.clinics (id, name, timezone)
values ('50000000-0000-4000-8000-000000000001', 'Harbor Dental', 'Europe/Lisbon');
insert into public.channels (id, clinic_id, phone, secret, previous_secrets, enabled) values
  ('50000000-0000-4000-8000-0000000000c1', '50000000-0000-4000-8000-000000000001', '+351210000001',
   'current-secret-current-secret-0001', '{previous-secret-previous-secret-01}', true),
  ('50000000-0000-4000-8000-0000000000c2', '50000000-0000-4000-8000-000000000001', '+351210000002',
   'disabled-secret-disabled-secret-01', '{}', false);

select results_eq(
  $$select clinic_id, clinic_name, secrets from public.channel_secrets('50000000-0000-4000-8000-0000000000c1')$$,
  $$values ('50000000-0000-4000-8000-000000000001'::uuid, 'Harbor Dental'::text,
            array['current-secret-current-secret-0001', 'previous-secret-previous-secret-01'])$$,
  'an enabled channel yields its clinic and its secrets, current first'
);
select is_empty(
  $$select * from public.channel_secrets('50000000-0000-4000-8000-0000000000c2')$$,
  'a disabled channel yields nothing'
);
select is_empty(
  $$select * from public.channel_secrets('50000000-0000-4000-8000-0000000000ff')$$,
  'an unknown channel yields nothing'
);
select is(
  (select provolatile from pg_proc where oid = 'public.channel_secrets(uuid)'::regprocedure),
  's'::"char",
  'channel_secrets is stable, so the gateway runs it read-only'
);

set local role anon;
select throws_ok(
  $$select * from public.channel_secrets('50000000-0000-4000-8000-0000000000c1')$$,
  '42501', null, 'anon cannot read channel secrets'
);
reset role;
set local role authenticated;
select throws_ok(
  $$select * from public.channel_secrets('50000000-0000-4000-8000-0000000000c1')$$,
  '42501', null, 'signed-in users cannot read channel secrets'
);
reset role;
set local role service_role;
select lives_ok(
  $$select * from public.channel_secrets('50000000-0000-4000-8000-0000000000c1')$$,
  'the service role can read channel secrets'
);
reset role;

select * from finish();
rollback;
