-- The demo clinic: Harbor Family Clinic in New York (a time zone with daylight saving), one WhatsApp
-- channel, three practitioners, three services (one spanning two 30-minute slots), Monday–Saturday
-- 09:00–17:00, a dozen FAQ entries and one staff login for Studio.
--
-- Fixed ids (tests and the local stack rely on them):
--   clinic   c11a1c00-0000-4000-8000-000000000001
--   channel  c4a77e10-0000-4000-8000-000000000001   (the bot's x-channel-id)
--   staff    user 57aff000-0000-4000-8000-000000000001, reception@harborfamilyclinic.example,
--            password "demo-reception-2026" (local demo only; change it on a real project)
-- The channel secret is random, generated on the first seed and kept afterwards; the local stack
-- reads it from public.channels into .local/stack.env.
-- Idempotent: every insert skips rows that already exist.

insert into public.clinics (id, name, timezone, slot_minutes, hold_minutes, min_notice_minutes,
                            booking_horizon_days, max_upcoming_per_patient)
values ('c11a1c00-0000-4000-8000-000000000001', 'Harbor Family Clinic', 'America/New_York', 30, 5, 60, 14, 3)
on conflict (id) do nothing;

insert into public.channels (id, clinic_id, phone, secret)
values (
  'c4a77e10-0000-4000-8000-000000000001',
  'c11a1c00-0000-4000-8000-000000000001',
  '+15550100100',
  -- 64 hex characters of randomness from two v4 UUIDs (gen_random_uuid is core, no extension needed).
  replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
)
on conflict (id) do nothing;

insert into public.providers (id, clinic_id, name) values
  ('b0000000-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001', 'Dr. Sarah Mitchell'),
  ('b0000000-0000-4000-8000-000000000002', 'c11a1c00-0000-4000-8000-000000000001', 'Dr. James Okafor'),
  ('b0000000-0000-4000-8000-000000000003', 'c11a1c00-0000-4000-8000-000000000001', 'Nurse Emily Park')
on conflict (id) do nothing;

insert into public.services (id, clinic_id, name, description, duration_minutes, price_cents) values
  ('5e000000-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001',
   'General consultation', 'A visit with a doctor about a new or ongoing health concern.', 30, 12000),
  ('5e000000-0000-4000-8000-000000000002', 'c11a1c00-0000-4000-8000-000000000001',
   'Annual physical', 'A full yearly check-up, including routine blood work orders.', 60, 22000),
  ('5e000000-0000-4000-8000-000000000003', 'c11a1c00-0000-4000-8000-000000000001',
   'Vaccination', 'Flu shots, travel and routine vaccines given by our nurse.', 30, 4500)
on conflict (id) do nothing;

insert into public.provider_services (clinic_id, provider_id, service_id) values
  ('c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000001'),
  ('c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000002'),
  ('c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000001'),
  ('c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000002'),
  ('c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', '5e000000-0000-4000-8000-000000000003')
on conflict (provider_id, service_id) do nothing;

-- Monday (1) to Saturday (6), 09:00–17:00 local time, for every practitioner.
insert into public.working_hours (clinic_id, provider_id, weekday, start_time, end_time)
select 'c11a1c00-0000-4000-8000-000000000001', p.id, d.weekday, time '09:00', time '17:00'
  from public.providers p
 cross join generate_series(1, 6) as d (weekday)
 where p.clinic_id = 'c11a1c00-0000-4000-8000-000000000001'
   and not exists (
     select 1 from public.working_hours wh where wh.provider_id = p.id and wh.weekday = d.weekday
   );

insert into public.faqs (id, clinic_id, question, answer, keywords) values
  ('fa000000-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001',
   'What are your opening hours?',
   'We are open Monday to Saturday from 9:00 am to 5:00 pm. We are closed on Sundays and public holidays.',
   '{hours,open,opening,closing,schedule,saturday,sunday,time}'),
  ('fa000000-0000-4000-8000-000000000002', 'c11a1c00-0000-4000-8000-000000000001',
   'Where is the clinic?',
   'Harbor Family Clinic is at 120 Harbor Street, Suite 4, New York, NY 10004, on the corner with Water Street, two minutes from the South Ferry subway station.',
   '{address,location,where,directions,subway,map,find}'),
  ('fa000000-0000-4000-8000-000000000003', 'c11a1c00-0000-4000-8000-000000000001',
   'Is there parking?',
   'There is no private parking, but the Harbor Garage next door (entrance on Water Street) offers patients 2 hours for $10 if you bring your ticket to reception for validation.',
   '{parking,park,car,garage,drive}'),
  ('fa000000-0000-4000-8000-000000000004', 'c11a1c00-0000-4000-8000-000000000001',
   'How much does a visit cost?',
   'Without insurance: general consultation $120, annual physical $220, vaccination $45 plus the vaccine. Lab tests are billed separately by the laboratory.',
   '{price,prices,cost,fee,fees,how much,charge,self-pay}'),
  ('fa000000-0000-4000-8000-000000000005', 'c11a1c00-0000-4000-8000-000000000001',
   'Which insurance do you accept?',
   'We accept Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare and Medicare. Please bring your insurance card; we bill your insurer directly and you pay only your copay.',
   '{insurance,insurer,coverage,medicare,aetna,cigna,copay,plan}'),
  ('fa000000-0000-4000-8000-000000000006', 'c11a1c00-0000-4000-8000-000000000001',
   'How can I pay?',
   'You can pay at reception by credit or debit card, Apple Pay or Google Pay, or cash. Payment is due at the end of the visit.',
   '{payment,pay,card,cash,credit,debit,bill}'),
  ('fa000000-0000-4000-8000-000000000007', 'c11a1c00-0000-4000-8000-000000000001',
   'What is your cancellation policy?',
   'Please cancel or reschedule at least 24 hours before your appointment; you can do it right here in this chat. Late cancellations and missed appointments may be charged $40.',
   '{cancel,cancellation,reschedule,change,late,missed,no-show,policy}'),
  ('fa000000-0000-4000-8000-000000000008', 'c11a1c00-0000-4000-8000-000000000001',
   'What should I bring to my appointment?',
   'Please bring a photo ID, your insurance card, a list of the medicines you take and any recent test results or letters from other doctors.',
   '{bring,documents,id,card,medication,medicines,prepare}'),
  ('fa000000-0000-4000-8000-000000000009', 'c11a1c00-0000-4000-8000-000000000001',
   'What happens at my first visit?',
   'Please arrive 15 minutes early to fill in a short health questionnaire. The doctor will review your history, examine you and agree a plan with you. A first visit usually takes about 30 minutes.',
   '{first,new,patient,visit,register,registration,questionnaire,early}'),
  ('fa000000-0000-4000-8000-000000000010', 'c11a1c00-0000-4000-8000-000000000001',
   'Do you see children?',
   'Yes, we see patients of all ages, including babies and children. A parent or legal guardian must come with patients under 18.',
   '{children,child,kids,baby,babies,pediatric,family,minor}'),
  ('fa000000-0000-4000-8000-000000000011', 'c11a1c00-0000-4000-8000-000000000001',
   'Is the clinic accessible?',
   'Yes. The building has step-free access from Harbor Street and an elevator to our floor, and we have an accessible restroom. Tell us if you need any help on arrival.',
   '{accessible,accessibility,wheelchair,elevator,disabled,stairs,ramp}'),
  ('fa000000-0000-4000-8000-000000000012', 'c11a1c00-0000-4000-8000-000000000001',
   'How can I contact you, and what about emergencies?',
   'Call reception at +1 555 010 0100 during opening hours, or write "staff" here to talk to a person. In an emergency call 911 or go to the nearest emergency room; do not wait for a reply here.',
   '{contact,phone,call,email,emergency,urgent,911,staff}')
on conflict (id) do nothing;

-- One staff login for Studio. Supabase's pgcrypto lives in the extensions schema; create it
-- where the local stand-in lacks it.
create extension if not exists pgcrypto with schema extensions;

insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values (
  '00000000-0000-0000-0000-000000000000',
  '57aff000-0000-4000-8000-000000000001',
  'authenticated', 'authenticated', 'reception@harborfamilyclinic.example',
  extensions.crypt('demo-reception-2026', extensions.gen_salt('bf')),
  now(),
  '{"provider": "email", "providers": ["email"]}', '{"display_name": "Front desk"}',
  now(), now()
)
on conflict (id) do nothing;

-- Hosted Supabase signs in by email through auth.identities, and its auth server cannot read NULL
-- token columns; the local stand-in has neither, so both steps run only where they apply.
do $$
begin
  if exists (select 1 from information_schema.columns
              where table_schema = 'auth' and table_name = 'users' and column_name = 'confirmation_token') then
    execute $sql$
      update auth.users
         set confirmation_token = coalesce(confirmation_token, ''),
             recovery_token = coalesce(recovery_token, ''),
             email_change_token_new = coalesce(email_change_token_new, ''),
             email_change = coalesce(email_change, '')
       where id = '57aff000-0000-4000-8000-000000000001'
    $sql$;
  end if;
  if to_regclass('auth.identities') is not null then
    execute $sql$
      insert into auth.identities (id, provider_id, user_id, identity_data, provider, created_at, updated_at)
      values (
        '57aff000-0000-4000-8000-000000000001',
        '57aff000-0000-4000-8000-000000000001',
        '57aff000-0000-4000-8000-000000000001',
        '{"sub": "57aff000-0000-4000-8000-000000000001", "email": "reception@harborfamilyclinic.example", "email_verified": true}',
        'email', now(), now()
      )
      on conflict do nothing
    $sql$;
  end if;
end
$$;

insert into public.staff (clinic_id, user_id, role, display_name)
values ('c11a1c00-0000-4000-8000-000000000001', '57aff000-0000-4000-8000-000000000001', 'receptionist', 'Front desk')
on conflict (clinic_id, user_id) do nothing;

-- Two weeks of slots; the local stack calls generate_slots on every start as well (idempotent).
select public.generate_slots('c11a1c00-0000-4000-8000-000000000001', 14);
