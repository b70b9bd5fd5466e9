-- Languages: the clinic's default language and formats, a patient's remembered language, and
-- whether patients pick a practitioner. The assistant speaks English, Spanish and Brazilian
-- Portuguese; every text it sends lives in the function (locales/<language>/), none in SQL.

/**
 * A language the assistant speaks. An enum rather than free text so Studio offers a drop-down and
 * a typo cannot silence a patient; adding a language is `alter type ... add value` plus its texts.
 */
create type public.language_code as enum ('en', 'es', 'pt');
comment on type public.language_code is 'A language the assistant speaks: en (English), es (Spanish), pt (Brazilian Portuguese).';

alter table public.clinics
  add column language public.language_code not null default 'en',
  -- BCP 47 as patients' phones use it: language, optional script, optional region (en-US, es-MX, pt-BR, es-419).
  add column locale text not null default 'en-US'
    check (locale ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'),
  add column ask_provider boolean not null default false;

comment on column public.clinics.language is
  'The language the assistant uses with patients who have not chosen one (en, es or pt).';
comment on column public.clinics.locale is
  'How dates and times are written, as a language tag: en-US (12-hour clock, month/day), es-MX, pt-BR, en-GB, …';
comment on column public.clinics.ask_provider is
  'When on, patients booking a service that several practitioners offer are asked whom they want to see; when off, the first free practitioner is booked (patients can still name one).';

alter table public.patients add column language public.language_code;

comment on column public.patients.language is
  'The language the assistant uses with this patient; empty means the clinic''s language. Set when the patient writes in or chooses another language.';

-- Staff may correct a patient's language as they may correct the name.
grant update (language) on public.patients to authenticated;
