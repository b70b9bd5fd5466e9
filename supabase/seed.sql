-- GENERATED from supabase/clinics/harbor-family-clinic.yaml by `npm run clinic -- seed`: edit that file, not this one, then
--   npm run clinic -- seed supabase/clinics/harbor-family-clinic.yaml > supabase/seed.sql
-- (tests/clinic/seed.test.ts fails while this file is out of date).
--
-- Harbor Family Clinic: clinic c11a1c00-0000-4000-8000-000000000001
--   channel c4a77e10-0000-4000-8000-000000000001 +15550100100 (harbor-main)
--   login   57aff000-0000-4000-8000-000000000001 reception@harborfamilyclinic.example, password "demo-reception-2026" (local demo only)
-- A channel's secret is random, made on the first seed and kept afterwards (the local stack reads
-- it from public.channels into .local/stack.env). Idempotent: every insert skips rows that exist.

-- Demo logins (demo_logins): local only; on a real project staff are invited from the Dashboard.
-- Supabase's pgcrypto lives in the extensions schema; create it where the local stand-in lacks it.
create extension if not exists pgcrypto with schema extensions;

insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at) values
  ('00000000-0000-0000-0000-000000000000', '57aff000-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'reception@harborfamilyclinic.example',
   extensions.crypt('demo-reception-2026', extensions.gen_salt('bf')), now(),
   '{"provider": "email", "providers": ["email"]}', '{"display_name":"Front desk"}', now(), now())
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
       where id = any (array['57aff000-0000-4000-8000-000000000001']::uuid[])
    $sql$;
  end if;
  if to_regclass('auth.identities') is not null then
    execute $sql$
      insert into auth.identities (id, provider_id, user_id, identity_data, provider, created_at, updated_at)
      select u.id, u.id::text, u.id,
             jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now()
        from auth.users u where u.id = any (array['57aff000-0000-4000-8000-000000000001']::uuid[])
      on conflict do nothing
    $sql$;
  end if;
end
$$;

insert into public.clinics (id, name, timezone, language, locale, ask_provider, slot_minutes, hold_minutes, min_notice_minutes, booking_horizon_days, max_upcoming_per_patient, session_idle_minutes, human_idle_minutes, cooloff_minutes, rate_limit_per_minute, reminder_hours_before, alert_hours_start, alert_hours_end, quiet_hours_start, quiet_hours_end) values
  ('c11a1c00-0000-4000-8000-000000000001', 'Harbor Family Clinic', 'America/New_York', 'en', 'en-US', false, 30, 5, 60, 14, 3, 30, 720, 30, 20, 24, '08:00', '20:00', '20:00', '08:00')
on conflict do nothing;

insert into public.providers (id, clinic_id, name, name_translations) values
  ('b0000000-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001', 'Dr. Sarah Mitchell', '{"es": "Dra. Sarah Mitchell", "pt": "Dra. Sarah Mitchell"}'),
  ('b0000000-0000-4000-8000-000000000002', 'c11a1c00-0000-4000-8000-000000000001', 'Dr. James Okafor', '{"es": "Dr. James Okafor", "pt": "Dr. James Okafor"}'),
  ('b0000000-0000-4000-8000-000000000003', 'c11a1c00-0000-4000-8000-000000000001', 'Nurse Emily Park', '{"es": "Enfermera Emily Park", "pt": "Enfermeira Emily Park"}')
on conflict do nothing;

insert into public.services (id, clinic_id, name, name_translations, description, duration_minutes, price_cents, keywords) values
  ('5e000000-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001', 'General consultation', '{"es": "Consulta general", "pt": "Consulta geral"}', 'A visit with a doctor about a new or ongoing health concern.', 30, 12000, array['consultation', 'doctor visit', 'sick visit', 'consulta médica']),
  ('5e000000-0000-4000-8000-000000000002', 'c11a1c00-0000-4000-8000-000000000001', 'Annual physical', '{"es": "Examen físico anual", "pt": "Check-up anual"}', 'A full yearly check-up, including routine blood work orders.', 60, 22000, array['checkup', 'check-up', 'check up', 'physical', 'yearly physical', 'chequeo', 'chequeo anual', 'revisión anual', 'exame anual', 'exame de rotina']),
  ('5e000000-0000-4000-8000-000000000003', 'c11a1c00-0000-4000-8000-000000000001', 'Vaccination', '{"es": "Vacunación", "pt": "Vacinação"}', 'Flu shots, travel and routine vaccines given by our nurse.', 30, 4500, array['vaccine', 'vaccines', 'shot', 'flu shot', 'jab', 'vacuna', 'vacunas', 'vacuna de la gripe', 'vacina', 'vacinas', 'vacina da gripe'])
on conflict do nothing;

insert into public.provider_services (id, clinic_id, provider_id, service_id) values
  ('f909c72d-e0e2-8503-acf6-bce1d7a5cb57', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000001'),
  ('c701669b-1cfa-819c-8556-a4d8138aac24', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000001'),
  ('2368925f-2eed-8fdd-888a-b8763b133537', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000002'),
  ('a9ae09be-4fab-8f4b-8af2-19947ca4ec2f', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000002'),
  ('afdf99be-aea3-81a4-b198-bb29f576dae3', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', '5e000000-0000-4000-8000-000000000003')
on conflict do nothing;

insert into public.working_hours (id, clinic_id, provider_id, weekday, start_time, end_time) values
  ('94b9d3bb-e3b4-8eb0-9c66-1a7e94f62754', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 1, '09:00', '17:00'),
  ('5360a938-1034-83d1-8c29-dd59bd145fa8', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 2, '09:00', '17:00'),
  ('ee3aa4e9-07c1-80dc-b49d-c75c7d6203a5', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 3, '09:00', '17:00'),
  ('d1cf941c-8b76-8089-8d5e-30f1afdc1f6a', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 4, '09:00', '17:00'),
  ('10a302e5-4693-8578-a548-6bb8d0264eaa', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 5, '09:00', '17:00'),
  ('3ead372b-f0a1-88d2-ba59-56a9ba5c90e8', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', 6, '09:00', '17:00'),
  ('085e9b56-ed5a-87cf-ad95-a34b6f102744', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 1, '09:00', '17:00'),
  ('ecd1ed73-8f5e-8e4f-bf4f-632b7c4dbc6a', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 2, '09:00', '17:00'),
  ('c62768ec-42dc-87bd-a5ec-c2089d54cfa4', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 3, '09:00', '17:00'),
  ('bfc33a23-7bf5-8883-9701-ab38f2746c9d', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 4, '09:00', '17:00'),
  ('b6222abf-e4c5-8d47-b5fa-977b478e17fb', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 5, '09:00', '17:00'),
  ('c33e737b-2e3a-8ae6-916f-949b685c9343', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000002', 6, '09:00', '17:00'),
  ('ccbef3b2-b294-8f2e-8ba8-cd2aaacd4dbe', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 1, '09:00', '17:00'),
  ('361c40a6-3725-87d8-ab3b-ce4acc7b6d66', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 2, '09:00', '17:00'),
  ('31dd8086-d8f9-8fc8-8fed-1cde66e4220a', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 3, '09:00', '17:00'),
  ('758ea003-29ef-8d1e-ac3b-1f1c12222d01', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 4, '09:00', '17:00'),
  ('a1b910d2-877c-8b4e-bd5c-fc622d35cd57', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 5, '09:00', '17:00'),
  ('2de1c3b5-4a25-8c2e-a5cc-297bc5fbcf44', 'c11a1c00-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', 6, '09:00', '17:00')
on conflict do nothing;

insert into public.faqs (id, clinic_id, language, question, answer, keywords, enabled) values
  ('fa000000-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'What are your opening hours?', 'We are open Monday to Saturday from 9:00 am to 5:00 pm. We are closed on Sundays and public holidays.', array['hours', 'open', 'opening', 'closing', 'schedule', 'saturday', 'sunday', 'time'], true),
  ('fa000000-0000-4000-8000-000000000002', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'Where is the clinic?', 'Harbor Family Clinic is at 120 Harbor Street, Suite 4, New York, NY 10004, on the corner with Water Street, two minutes from the South Ferry subway station.', array['address', 'location', 'where', 'directions', 'subway', 'map', 'find'], true),
  ('fa000000-0000-4000-8000-000000000003', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'Is there parking?', 'There is no private parking, but the Harbor Garage next door (entrance on Water Street) offers patients 2 hours for $10 if you bring your ticket to reception for validation.', array['parking', 'park', 'car', 'garage', 'drive'], true),
  ('fa000000-0000-4000-8000-000000000004', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'How much does a visit cost?', 'Without insurance: general consultation $120, annual physical $220, vaccination $45 plus the vaccine. Lab tests are billed separately by the laboratory.', array['price', 'prices', 'cost', 'fee', 'fees', 'how much', 'charge', 'self-pay'], true),
  ('fa000000-0000-4000-8000-000000000005', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'Which insurance do you accept?', 'We accept Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare and Medicare. Please bring your insurance card; we bill your insurer directly and you pay only your copay.', array['insurance', 'insurer', 'coverage', 'medicare', 'aetna', 'cigna', 'copay', 'plan'], true),
  ('fa000000-0000-4000-8000-000000000006', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'How can I pay?', 'You can pay at reception by credit or debit card, Apple Pay or Google Pay, or cash. Payment is due at the end of the visit.', array['payment', 'pay', 'card', 'cash', 'credit', 'debit', 'bill'], true),
  ('fa000000-0000-4000-8000-000000000007', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'What is your cancellation policy?', 'Please cancel or reschedule at least 24 hours before your appointment; you can do it right here in this chat. Late cancellations and missed appointments may be charged $40.', array['cancel', 'cancellation', 'reschedule', 'change', 'late', 'missed', 'no-show', 'policy'], true),
  ('fa000000-0000-4000-8000-000000000008', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'What should I bring to my appointment?', 'Please bring a photo ID, your insurance card, a list of the medicines you take and any recent test results or letters from other doctors.', array['bring', 'documents', 'id', 'card', 'medication', 'medicines', 'prepare'], true),
  ('fa000000-0000-4000-8000-000000000009', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'What happens at my first visit?', 'Please arrive 15 minutes early to fill in a short health questionnaire. The doctor will review your history, examine you and agree a plan with you. A first visit usually takes about 30 minutes.', array['first', 'new', 'patient', 'visit', 'register', 'registration', 'questionnaire', 'early'], true),
  ('fa000000-0000-4000-8000-000000000010', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'Do you see children?', 'Yes, we see patients of all ages, including babies and children. A parent or legal guardian must come with patients under 18.', array['children', 'child', 'kids', 'baby', 'babies', 'pediatric', 'family', 'minor'], true),
  ('fa000000-0000-4000-8000-000000000011', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'Is the clinic accessible?', 'Yes. The building has step-free access from Harbor Street and an elevator to our floor, and we have an accessible restroom. Tell us if you need any help on arrival.', array['accessible', 'accessibility', 'wheelchair', 'elevator', 'disabled', 'stairs', 'ramp'], true),
  ('fa000000-0000-4000-8000-000000000012', 'c11a1c00-0000-4000-8000-000000000001', 'en', 'How can I contact you, and what about emergencies?', 'Call reception at +1 555 010 0100 during opening hours, or write "staff" here to talk to a person. In an emergency call 911 or go to the nearest emergency room; do not wait for a reply here.', array['contact', 'phone', 'call', 'email', 'emergency', 'urgent', '911', 'staff'], true),
  ('fa000000-0000-4000-8000-000000000101', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Cuál es su horario?', 'Abrimos de lunes a sábado, de 9:00 a. m. a 5:00 p. m. Cerramos los domingos y los días festivos.', array['horario', 'horarios', 'abren', 'abierto', 'cierran', 'sábado', 'domingo', 'hora'], true),
  ('fa000000-0000-4000-8000-000000000102', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Dónde está la clínica?', 'Harbor Family Clinic está en 120 Harbor Street, Suite 4, New York, NY 10004, en la esquina con Water Street, a dos minutos de la estación de metro South Ferry.', array['dirección', 'ubicación', 'dónde', 'donde', 'llegar', 'metro', 'mapa'], true),
  ('fa000000-0000-4000-8000-000000000103', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Hay estacionamiento?', 'No tenemos estacionamiento propio, pero el Harbor Garage de al lado (entrada por Water Street) ofrece a los pacientes 2 horas por $10 si trae su boleto a recepción para validarlo.', array['estacionamiento', 'estacionar', 'aparcar', 'aparcamiento', 'parking', 'carro', 'coche', 'garaje'], true),
  ('fa000000-0000-4000-8000-000000000104', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Cuánto cuesta una consulta?', 'Sin seguro: consulta general $120, examen físico anual $220, vacunación $45 más la vacuna. Los análisis de laboratorio los cobra el laboratorio por separado.', array['precio', 'precios', 'costo', 'cuesta', 'cuánto', 'tarifa', 'pagar', 'sin seguro'], true),
  ('fa000000-0000-4000-8000-000000000105', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Qué seguros aceptan?', 'Aceptamos Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare y Medicare. Traiga su tarjeta del seguro; facturamos directamente a su aseguradora y usted paga solo su copago.', array['seguro', 'seguros', 'aseguradora', 'cobertura', 'medicare', 'aetna', 'cigna', 'copago', 'plan'], true),
  ('fa000000-0000-4000-8000-000000000106', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Cómo puedo pagar?', 'Puede pagar en recepción con tarjeta de crédito o débito, Apple Pay o Google Pay, o en efectivo. El pago se hace al final de la visita.', array['pago', 'pagar', 'tarjeta', 'efectivo', 'crédito', 'débito', 'factura'], true),
  ('fa000000-0000-4000-8000-000000000107', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Cuál es su política de cancelación?', 'Cancele o cambie su cita al menos 24 horas antes; puede hacerlo aquí mismo en este chat. Las cancelaciones tardías y las citas perdidas pueden tener un cargo de $40.', array['cancelación', 'cancelar', 'cambiar', 'tarde', 'faltar', 'política', 'penalidad'], true),
  ('fa000000-0000-4000-8000-000000000108', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Qué debo traer a mi cita?', 'Traiga una identificación con foto, su tarjeta del seguro, una lista de los medicamentos que toma y los resultados o cartas recientes de otros médicos.', array['traer', 'documentos', 'identificación', 'tarjeta', 'medicamentos', 'medicinas', 'preparar'], true),
  ('fa000000-0000-4000-8000-000000000109', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Qué pasa en mi primera visita?', 'Llegue 15 minutos antes para llenar un breve cuestionario de salud. El médico revisará su historial, lo examinará y acordará un plan con usted. Una primera visita suele durar unos 30 minutos.', array['primera', 'nuevo', 'paciente', 'visita', 'registro', 'cuestionario', 'temprano'], true),
  ('fa000000-0000-4000-8000-000000000110', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Atienden a niños?', 'Sí, atendemos a pacientes de todas las edades, incluidos bebés y niños. Los menores de 18 años deben venir con uno de sus padres o su tutor legal.', array['niños', 'niño', 'niña', 'hijos', 'bebé', 'bebés', 'pediatría', 'familia', 'menor'], true),
  ('fa000000-0000-4000-8000-000000000111', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿La clínica es accesible?', 'Sí. El edificio tiene acceso sin escalones desde Harbor Street y ascensor hasta nuestro piso, y tenemos un baño accesible. Avísenos si necesita ayuda al llegar.', array['accesible', 'accesibilidad', 'silla', 'ruedas', 'ascensor', 'discapacidad', 'escaleras', 'rampa'], true),
  ('fa000000-0000-4000-8000-000000000112', 'c11a1c00-0000-4000-8000-000000000001', 'es', '¿Cómo los contacto y qué hago en una emergencia?', 'Llame a recepción al +1 555 010 0100 en horario de atención, o escriba "personal" aquí para hablar con una persona. En una emergencia llame al 911 o vaya a la sala de emergencias más cercana; no espere una respuesta aquí.', array['contacto', 'teléfono', 'llamar', 'correo', 'emergencia', 'urgencia', 'urgente', '911'], true),
  ('fa000000-0000-4000-8000-000000000201', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Qual é o horário de funcionamento?', 'Atendemos de segunda a sábado, das 9h às 17h. Fechamos aos domingos e feriados.', array['horário', 'horários', 'abre', 'aberto', 'fecha', 'funcionamento', 'sábado', 'domingo'], true),
  ('fa000000-0000-4000-8000-000000000202', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Onde fica a clínica?', 'A Harbor Family Clinic fica na 120 Harbor Street, Suite 4, New York, NY 10004, na esquina com a Water Street, a dois minutos da estação de metrô South Ferry.', array['endereço', 'localização', 'onde', 'chegar', 'metrô', 'mapa'], true),
  ('fa000000-0000-4000-8000-000000000203', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Tem estacionamento?', 'Não temos estacionamento próprio, mas o Harbor Garage ao lado (entrada pela Water Street) oferece aos pacientes 2 horas por US$ 10 se você levar o tíquete à recepção para validação.', array['estacionamento', 'estacionar', 'vaga', 'carro', 'garagem', 'parking'], true),
  ('fa000000-0000-4000-8000-000000000204', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Quanto custa uma consulta?', 'Sem convênio: consulta geral US$ 120, check-up anual US$ 220, vacinação US$ 45 mais a vacina. Exames de laboratório são cobrados à parte pelo laboratório.', array['preço', 'preços', 'custo', 'custa', 'quanto', 'valor', 'pagar', 'particular'], true),
  ('fa000000-0000-4000-8000-000000000205', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Quais convênios vocês aceitam?', 'Aceitamos Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare e Medicare. Traga a carteirinha do convênio; cobramos diretamente da operadora e você paga só a coparticipação.', array['convênio', 'convênios', 'plano', 'seguro', 'cobertura', 'medicare', 'aetna', 'cigna', 'coparticipação'], true),
  ('fa000000-0000-4000-8000-000000000206', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Como posso pagar?', 'Você pode pagar na recepção com cartão de crédito ou débito, Apple Pay ou Google Pay, ou em dinheiro. O pagamento é feito no fim da consulta.', array['pagamento', 'pagar', 'cartão', 'dinheiro', 'crédito', 'débito', 'conta'], true),
  ('fa000000-0000-4000-8000-000000000207', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Qual é a política de cancelamento?', 'Cancele ou remarque com pelo menos 24 horas de antecedência; você pode fazer isso aqui mesmo neste chat. Cancelamentos de última hora e faltas podem ser cobrados em US$ 40.', array['cancelamento', 'cancelar', 'desmarcar', 'remarcar', 'atraso', 'falta', 'política', 'multa'], true),
  ('fa000000-0000-4000-8000-000000000208', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'O que devo levar para a consulta?', 'Leve um documento com foto, a carteirinha do convênio, a lista dos remédios que você toma e resultados de exames ou cartas recentes de outros médicos.', array['levar', 'documentos', 'documento', 'identidade', 'carteirinha', 'remédios', 'medicamentos', 'preparar'], true),
  ('fa000000-0000-4000-8000-000000000209', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Como é a primeira consulta?', 'Chegue 15 minutos antes para preencher um breve questionário de saúde. O médico vai revisar seu histórico, examinar você e combinar um plano. A primeira consulta costuma durar cerca de 30 minutos.', array['primeira', 'novo', 'paciente', 'consulta', 'cadastro', 'questionário', 'antes'], true),
  ('fa000000-0000-4000-8000-000000000210', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Vocês atendem crianças?', 'Sim, atendemos pacientes de todas as idades, inclusive bebês e crianças. Menores de 18 anos devem vir acompanhados dos pais ou do responsável legal.', array['crianças', 'criança', 'filho', 'filhos', 'bebê', 'bebês', 'pediatria', 'família', 'menor'], true),
  ('fa000000-0000-4000-8000-000000000211', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'A clínica tem acessibilidade?', 'Sim. O prédio tem acesso sem degraus pela Harbor Street e elevador até o nosso andar, e temos banheiro acessível. Avise se precisar de ajuda na chegada.', array['acessível', 'acessibilidade', 'cadeira', 'rodas', 'elevador', 'deficiência', 'escada', 'rampa'], true),
  ('fa000000-0000-4000-8000-000000000212', 'c11a1c00-0000-4000-8000-000000000001', 'pt', 'Como entro em contato e o que faço numa emergência?', 'Ligue para a recepção no +1 555 010 0100 no horário de atendimento, ou escreva "atendente" aqui para falar com uma pessoa. Numa emergência ligue para o 911 ou vá ao pronto-socorro mais próximo; não espere resposta aqui.', array['contato', 'telefone', 'ligar', 'email', 'emergência', 'urgência', 'urgente', '911'], true)
on conflict do nothing;

insert into public.message_templates (id, clinic_id, kind, name, language, body) values
  ('72d6e6d1-86a2-8b3c-9bc0-4a9714d908b7', 'c11a1c00-0000-4000-8000-000000000001', 'reminder', null, 'en', 'Hi {patient}! This is {clinic}: a reminder of your *{service}* with {provider} on *{day}* at *{time}*.'),
  ('6be56656-428a-80d4-a0e1-b4ba5a461c1e', 'c11a1c00-0000-4000-8000-000000000001', 'reminder', null, 'es', '¡Hola, {patient}! Le escribimos de {clinic} para recordarle su cita de *{service}* con {provider} el *{day}* a las *{time}*.'),
  ('28dd6a25-6e51-8d40-bd53-a039be195cd1', 'c11a1c00-0000-4000-8000-000000000001', 'reminder', null, 'pt', 'Olá, {patient}! Aqui é da {clinic}: lembrete da sua consulta de *{service}* com {provider} em *{day}* às *{time}*.'),
  ('a4e00888-7943-8757-8b19-572fe23d6506', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_booked', null, 'en', '{clinic} has booked your *{service}* with {provider} on *{day}* at *{time}*. We look forward to seeing you! Reply *menu* to see or change your appointments.'),
  ('bfd4f216-22fe-8ea5-82b7-0d2825f528e0', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_booked', null, 'es', '{clinic} le ha reservado una cita de *{service}* con {provider} el *{day}* a las *{time}*. ¡Le esperamos! Responda *menú* para ver o cambiar sus citas.'),
  ('d214b23a-e6b2-8cd3-a3fd-227935ba4266', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_booked', null, 'pt', 'A {clinic} marcou sua consulta de *{service}* com {provider} em *{day}* às *{time}*. Esperamos por você! Responda *menu* para ver ou mudar suas consultas.'),
  ('b27afdad-4cf1-838a-935f-abe03c7a03ae', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_cancelled', null, 'en', 'Hi {patient}, your *{service}* with {provider} on *{day}* at *{time}* has been cancelled by {clinic}. Reply *menu* to book another time, or *staff* to talk to us.'),
  ('e5d05d23-d737-8c76-b641-ba882c59824c', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_cancelled', null, 'es', 'Hola, {patient}: {clinic} ha cancelado su cita de *{service}* con {provider} del *{day}* a las *{time}*. Responda *menú* para reservar otra hora, o *personal* para hablar con nosotros.'),
  ('1864c33c-ace6-899d-a917-2d075fc62cb2', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_cancelled', null, 'pt', 'Olá, {patient}: a {clinic} cancelou sua consulta de *{service}* com {provider} em *{day}* às *{time}*. Responda *menu* para marcar outro horário, ou *atendente* para falar com a gente.'),
  ('56cf0c5f-c9e4-8556-9dbc-ff0e1a2844b2', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_moved', null, 'en', 'Hi {patient}, {clinic} has moved your *{service}* to *{day}* at *{time}* with {provider} (it was {previous_day} at {previous_time}). Reply *menu* to see or change your appointments, or *staff* to talk to us.'),
  ('38c3e1b7-0308-829a-b4ab-5f2302c2fcd8', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_moved', null, 'es', 'Hola, {patient}: {clinic} ha cambiado su cita de *{service}* al *{day}* a las *{time}* con {provider} (era el {previous_day} a las {previous_time}). Responda *menú* para ver o cambiar sus citas, o *personal* para hablar con nosotros.'),
  ('9232c20c-67d3-8501-9a23-a9bafa7a0c6c', 'c11a1c00-0000-4000-8000-000000000001', 'appointment_moved', null, 'pt', 'Olá, {patient}: a {clinic} mudou sua consulta de *{service}* para *{day}* às *{time}* com {provider} (era {previous_day} às {previous_time}). Responda *menu* para ver ou mudar suas consultas, ou *atendente* para falar com a gente.'),
  ('4991fad5-2c66-8b81-b75d-7792cbcd2dc1', 'c11a1c00-0000-4000-8000-000000000001', 'rebook_offer', null, 'en', 'We''re sorry, {patient}: your *{service}* on *{day}* at *{time}* can''t go ahead: {reason}.'),
  ('c074a082-99c6-8d52-9469-a72568850b66', 'c11a1c00-0000-4000-8000-000000000001', 'rebook_offer', null, 'es', 'Lo sentimos, {patient}: su cita de *{service}* del *{day}* a las *{time}* no puede mantenerse: {reason}.'),
  ('f7a94ee9-63d1-82d1-8f17-4da366846c08', 'c11a1c00-0000-4000-8000-000000000001', 'rebook_offer', null, 'pt', 'Sentimos muito, {patient}: sua consulta de *{service}* em *{day}* às *{time}* não pode acontecer: {reason}.'),
  ('da2322a8-4ed6-8c29-bcb7-58420e76ff96', 'c11a1c00-0000-4000-8000-000000000001', 'hand_back', null, 'en', 'Thanks for waiting, {patient}: our team has finished here, and the assistant is back to help you.'),
  ('b9a6a18e-8601-8444-ad89-a316ad649cd5', 'c11a1c00-0000-4000-8000-000000000001', 'hand_back', null, 'es', 'Gracias por esperar, {patient}: nuestro equipo ha terminado y el asistente vuelve a atenderle.'),
  ('e2cdb433-e426-8dfe-b78b-9855582fc39e', 'c11a1c00-0000-4000-8000-000000000001', 'hand_back', null, 'pt', 'Obrigado por esperar, {patient}: nossa equipe terminou por aqui, e o assistente voltou para ajudar você.'),
  ('5a9359da-19dc-8030-8cad-207346489f43', 'c11a1c00-0000-4000-8000-000000000001', 'campaign', 'provider_away', 'en', 'Hi {patient}, this is {clinic}. We''re sorry: {provider} is unwell and cannot see patients on {day}, so your *{service}* at *{time}* cannot go ahead. We will call you today to find a new time.'),
  ('c46fdeb1-0e54-84eb-8ad7-e7531f728d2f', 'c11a1c00-0000-4000-8000-000000000001', 'campaign', 'provider_away', 'es', 'Hola, {patient}, le escribimos de {clinic}. Lo sentimos: {provider} está enfermo/a y no puede atender el {day}, así que su cita de *{service}* a las *{time}* no puede mantenerse. Le llamaremos hoy para buscar otra hora.'),
  ('7869c1d9-940d-8261-b7d5-fff7f6be0ec9', 'c11a1c00-0000-4000-8000-000000000001', 'campaign', 'provider_away', 'pt', 'Olá, {patient}, aqui é da {clinic}. Sentimos muito: {provider} está doente e não poderá atender em {day}, então sua consulta de *{service}* às *{time}* não vai acontecer. Vamos ligar hoje para marcar outro horário.'),
  ('03fedcba-de61-849f-98d5-bfd901ce2b6d', 'c11a1c00-0000-4000-8000-000000000001', 'campaign', 'closed_today', 'en', 'Hi {patient}, this is {clinic}. We have to close on {day}, so your *{service}* at *{time}* cannot go ahead. We will call you to find a new time.'),
  ('61cfd576-3429-8144-a71f-0a7150cc4c29', 'c11a1c00-0000-4000-8000-000000000001', 'campaign', 'closed_today', 'es', 'Hola, {patient}, le escribimos de {clinic}. Tenemos que cerrar el {day}, así que su cita de *{service}* a las *{time}* no puede mantenerse. Le llamaremos para buscar otra hora.'),
  ('1acf8057-5112-843b-b686-77f7dbf1d86c', 'c11a1c00-0000-4000-8000-000000000001', 'campaign', 'closed_today', 'pt', 'Olá, {patient}, aqui é da {clinic}. Vamos precisar fechar em {day}, então sua consulta de *{service}* às *{time}* não vai acontecer. Vamos ligar para marcar outro horário.')
on conflict do nothing;

insert into public.staff (id, clinic_id, user_id, role, display_name, alert_phone) values
  ('674f2f94-9452-8ec8-9ee9-4d7e1361fe30', 'c11a1c00-0000-4000-8000-000000000001', '57aff000-0000-4000-8000-000000000001', 'receptionist', 'Front desk', '+15550100900')
on conflict do nothing;

insert into public.channels (id, clinic_id, phone, secret, enabled) values
  ('c4a77e10-0000-4000-8000-000000000001', 'c11a1c00-0000-4000-8000-000000000001', '+15550100100', replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), true)
on conflict do nothing;

-- Bookable slots for the booking horizon; the local stack and pg_cron keep them rolling.
select public.generate_slots('c11a1c00-0000-4000-8000-000000000001', (select booking_horizon_days from public.clinics where id = 'c11a1c00-0000-4000-8000-000000000001'));
