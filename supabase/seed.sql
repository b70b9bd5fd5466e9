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

-- ── Languages (issue 8) ─────────────────────────────────────────────────────────────────────
-- The demo clinic speaks English by default, writes dates the US way (12-hour clock, month/day),
-- and books the first free practitioner unless the patient names one. Names patients see, and
-- every FAQ entry, in Spanish and Brazilian Portuguese too. Idempotent like the rest.

update public.clinics
   set language = 'en', locale = 'en-US', ask_provider = false
 where id = 'c11a1c00-0000-4000-8000-000000000001';

update public.services s
   set name_translations = t.names::jsonb, keywords = t.keywords::text[]
  from (values
    ('5e000000-0000-4000-8000-000000000001', '{"es": "Consulta general", "pt": "Consulta geral"}',
     '{consultation,"doctor visit","sick visit","consulta médica"}'),
    ('5e000000-0000-4000-8000-000000000002', '{"es": "Examen físico anual", "pt": "Check-up anual"}',
     '{checkup,check-up,"check up",physical,"yearly physical",chequeo,"chequeo anual","revisión anual","exame anual","exame de rotina"}'),
    ('5e000000-0000-4000-8000-000000000003', '{"es": "Vacunación", "pt": "Vacinação"}',
     '{vaccine,vaccines,shot,"flu shot",jab,vacuna,vacunas,"vacuna de la gripe",vacina,vacinas,"vacina da gripe"}')
  ) as t (id, names, keywords)
 where s.id = t.id::uuid;

update public.providers p
   set name_translations = t.names::jsonb
  from (values
    ('b0000000-0000-4000-8000-000000000001', '{"es": "Dra. Sarah Mitchell", "pt": "Dra. Sarah Mitchell"}'),
    ('b0000000-0000-4000-8000-000000000002', '{"es": "Dr. James Okafor", "pt": "Dr. James Okafor"}'),
    ('b0000000-0000-4000-8000-000000000003', '{"es": "Enfermera Emily Park", "pt": "Enfermeira Emily Park"}')
  ) as t (id, names)
 where p.id = t.id::uuid;

update public.faqs set language = 'en'
 where clinic_id = 'c11a1c00-0000-4000-8000-000000000001' and language is null
   and id between 'fa000000-0000-4000-8000-000000000001' and 'fa000000-0000-4000-8000-000000000012';

insert into public.faqs (id, clinic_id, language, question, answer, keywords) values
  ('fa000000-0000-4000-8000-000000000101', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Cuál es su horario?',
   'Abrimos de lunes a sábado, de 9:00 a. m. a 5:00 p. m. Cerramos los domingos y los días festivos.',
   '{horario,horarios,abren,abierto,cierran,sábado,domingo,hora}'),
  ('fa000000-0000-4000-8000-000000000102', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Dónde está la clínica?',
   'Harbor Family Clinic está en 120 Harbor Street, Suite 4, New York, NY 10004, en la esquina con Water Street, a dos minutos de la estación de metro South Ferry.',
   '{dirección,ubicación,dónde,donde,llegar,metro,mapa}'),
  ('fa000000-0000-4000-8000-000000000103', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Hay estacionamiento?',
   'No tenemos estacionamiento propio, pero el Harbor Garage de al lado (entrada por Water Street) ofrece a los pacientes 2 horas por $10 si trae su boleto a recepción para validarlo.',
   '{estacionamiento,estacionar,aparcar,aparcamiento,parking,carro,coche,garaje}'),
  ('fa000000-0000-4000-8000-000000000104', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Cuánto cuesta una consulta?',
   'Sin seguro: consulta general $120, examen físico anual $220, vacunación $45 más la vacuna. Los análisis de laboratorio los cobra el laboratorio por separado.',
   '{precio,precios,costo,cuesta,cuánto,tarifa,pagar,"sin seguro"}'),
  ('fa000000-0000-4000-8000-000000000105', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Qué seguros aceptan?',
   'Aceptamos Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare y Medicare. Traiga su tarjeta del seguro; facturamos directamente a su aseguradora y usted paga solo su copago.',
   '{seguro,seguros,aseguradora,cobertura,medicare,aetna,cigna,copago,plan}'),
  ('fa000000-0000-4000-8000-000000000106', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Cómo puedo pagar?',
   'Puede pagar en recepción con tarjeta de crédito o débito, Apple Pay o Google Pay, o en efectivo. El pago se hace al final de la visita.',
   '{pago,pagar,tarjeta,efectivo,crédito,débito,factura}'),
  ('fa000000-0000-4000-8000-000000000107', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Cuál es su política de cancelación?',
   'Cancele o cambie su cita al menos 24 horas antes; puede hacerlo aquí mismo en este chat. Las cancelaciones tardías y las citas perdidas pueden tener un cargo de $40.',
   '{cancelación,cancelar,cambiar,tarde,faltar,política,penalidad}'),
  ('fa000000-0000-4000-8000-000000000108', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Qué debo traer a mi cita?',
   'Traiga una identificación con foto, su tarjeta del seguro, una lista de los medicamentos que toma y los resultados o cartas recientes de otros médicos.',
   '{traer,documentos,identificación,tarjeta,medicamentos,medicinas,preparar}'),
  ('fa000000-0000-4000-8000-000000000109', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Qué pasa en mi primera visita?',
   'Llegue 15 minutos antes para llenar un breve cuestionario de salud. El médico revisará su historial, lo examinará y acordará un plan con usted. Una primera visita suele durar unos 30 minutos.',
   '{primera,nuevo,paciente,visita,registro,cuestionario,temprano}'),
  ('fa000000-0000-4000-8000-000000000110', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Atienden a niños?',
   'Sí, atendemos a pacientes de todas las edades, incluidos bebés y niños. Los menores de 18 años deben venir con uno de sus padres o su tutor legal.',
   '{niños,niño,niña,hijos,bebé,bebés,pediatría,familia,menor}'),
  ('fa000000-0000-4000-8000-000000000111', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿La clínica es accesible?',
   'Sí. El edificio tiene acceso sin escalones desde Harbor Street y ascensor hasta nuestro piso, y tenemos un baño accesible. Avísenos si necesita ayuda al llegar.',
   '{accesible,accesibilidad,silla,ruedas,ascensor,discapacidad,escaleras,rampa}'),
  ('fa000000-0000-4000-8000-000000000112', 'c11a1c00-0000-4000-8000-000000000001', 'es',
   '¿Cómo los contacto y qué hago en una emergencia?',
   'Llame a recepción al +1 555 010 0100 en horario de atención, o escriba "personal" aquí para hablar con una persona. En una emergencia llame al 911 o vaya a la sala de emergencias más cercana; no espere una respuesta aquí.',
   '{contacto,teléfono,llamar,correo,emergencia,urgencia,urgente,911}'),
  ('fa000000-0000-4000-8000-000000000201', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Qual é o horário de funcionamento?',
   'Atendemos de segunda a sábado, das 9h às 17h. Fechamos aos domingos e feriados.',
   '{horário,horários,abre,aberto,fecha,funcionamento,sábado,domingo}'),
  ('fa000000-0000-4000-8000-000000000202', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Onde fica a clínica?',
   'A Harbor Family Clinic fica na 120 Harbor Street, Suite 4, New York, NY 10004, na esquina com a Water Street, a dois minutos da estação de metrô South Ferry.',
   '{endereço,localização,onde,chegar,metrô,mapa}'),
  ('fa000000-0000-4000-8000-000000000203', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Tem estacionamento?',
   'Não temos estacionamento próprio, mas o Harbor Garage ao lado (entrada pela Water Street) oferece aos pacientes 2 horas por US$ 10 se você levar o tíquete à recepção para validação.',
   '{estacionamento,estacionar,vaga,carro,garagem,parking}'),
  ('fa000000-0000-4000-8000-000000000204', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Quanto custa uma consulta?',
   'Sem convênio: consulta geral US$ 120, check-up anual US$ 220, vacinação US$ 45 mais a vacina. Exames de laboratório são cobrados à parte pelo laboratório.',
   '{preço,preços,custo,custa,quanto,valor,pagar,particular}'),
  ('fa000000-0000-4000-8000-000000000205', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Quais convênios vocês aceitam?',
   'Aceitamos Aetna, Blue Cross Blue Shield, Cigna, UnitedHealthcare e Medicare. Traga a carteirinha do convênio; cobramos diretamente da operadora e você paga só a coparticipação.',
   '{convênio,convênios,plano,seguro,cobertura,medicare,aetna,cigna,coparticipação}'),
  ('fa000000-0000-4000-8000-000000000206', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Como posso pagar?',
   'Você pode pagar na recepção com cartão de crédito ou débito, Apple Pay ou Google Pay, ou em dinheiro. O pagamento é feito no fim da consulta.',
   '{pagamento,pagar,cartão,dinheiro,crédito,débito,conta}'),
  ('fa000000-0000-4000-8000-000000000207', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Qual é a política de cancelamento?',
   'Cancele ou remarque com pelo menos 24 horas de antecedência; você pode fazer isso aqui mesmo neste chat. Cancelamentos de última hora e faltas podem ser cobrados em US$ 40.',
   '{cancelamento,cancelar,desmarcar,remarcar,atraso,falta,política,multa}'),
  ('fa000000-0000-4000-8000-000000000208', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'O que devo levar para a consulta?',
   'Leve um documento com foto, a carteirinha do convênio, a lista dos remédios que você toma e resultados de exames ou cartas recentes de outros médicos.',
   '{levar,documentos,documento,identidade,carteirinha,remédios,medicamentos,preparar}'),
  ('fa000000-0000-4000-8000-000000000209', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Como é a primeira consulta?',
   'Chegue 15 minutos antes para preencher um breve questionário de saúde. O médico vai revisar seu histórico, examinar você e combinar um plano. A primeira consulta costuma durar cerca de 30 minutos.',
   '{primeira,novo,paciente,consulta,cadastro,questionário,antes}'),
  ('fa000000-0000-4000-8000-000000000210', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Vocês atendem crianças?',
   'Sim, atendemos pacientes de todas as idades, inclusive bebês e crianças. Menores de 18 anos devem vir acompanhados dos pais ou do responsável legal.',
   '{crianças,criança,filho,filhos,bebê,bebês,pediatria,família,menor}'),
  ('fa000000-0000-4000-8000-000000000211', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'A clínica tem acessibilidade?',
   'Sim. O prédio tem acesso sem degraus pela Harbor Street e elevador até o nosso andar, e temos banheiro acessível. Avise se precisar de ajuda na chegada.',
   '{acessível,acessibilidade,cadeira,rodas,elevador,deficiência,escada,rampa}'),
  ('fa000000-0000-4000-8000-000000000212', 'c11a1c00-0000-4000-8000-000000000001', 'pt',
   'Como entro em contato e o que faço numa emergência?',
   'Ligue para a recepção no +1 555 010 0100 no horário de atendimento, ou escreva "atendente" aqui para falar com uma pessoa. Numa emergência ligue para o 911 ou vá ao pronto-socorro mais próximo; não espere resposta aqui.',
   '{contato,telefone,ligar,email,emergência,urgência,urgente,911}')
on conflict (id) do nothing;
-- ── end of languages ──────────────────────────────────────────────────────────────────────────

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
