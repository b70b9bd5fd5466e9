-- FAQ entries per language: each row says which language it is written in (empty = the clinic's),
-- and search reads each row with its own language's stemming and without accents, so "¿dónde
-- estacionar?" finds "estacionamiento" and "vacunacion" finds "vacunación".

create extension if not exists unaccent with schema extensions;

alter table public.faqs add column language public.language_code;

comment on column public.faqs.language is
  'The language this entry is written in (en, es or pt); empty means the clinic''s language. Write one entry per language for patients of each.';

-- Staff choose the language of the entries they add or edit.
grant update (language) on public.faqs to authenticated;

/**
 * Text without accents, immutable (unaccent itself is only stable: its rules file could change,
 * which would only happen with a Postgres upgrade, and nothing here is stored or indexed).
 */
create or replace function public.fold_accents(p_text text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select extensions.unaccent('extensions.unaccent'::regdictionary, coalesce(p_text, ''))
$$;

revoke execute on function public.fold_accents(text) from public, anon, authenticated;
grant execute on function public.fold_accents(text) to service_role;

/** The text search configuration (stemming and stop words) of a language. */
create or replace function public.text_search_config(p_language public.language_code)
returns regconfig
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case p_language
           when 'es' then 'pg_catalog.spanish'::regconfig
           when 'pt' then 'pg_catalog.portuguese'::regconfig
           else 'pg_catalog.english'::regconfig
         end
$$;

revoke execute on function public.text_search_config(public.language_code) from public, anon, authenticated;
grant execute on function public.text_search_config(public.language_code) to service_role;

/**
 * The search document of one FAQ entry in its language, accents folded: keywords and question
 * weigh most (A), the answer least (C). Computed when searching rather than stored, because the
 * language is per row and a clinic has dozens of entries, not thousands: one clinic's rows are
 * read through faqs_clinic_id_idx and scored in well under a millisecond each.
 */
create or replace function public.faq_document(
  p_language public.language_code,
  p_question text,
  p_answer text,
  p_keywords text[]
)
returns tsvector
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.setweight(pg_catalog.to_tsvector(public.text_search_config(p_language),
           public.fold_accents(pg_catalog.array_to_string(p_keywords, ' '))), 'A')
      || pg_catalog.setweight(pg_catalog.to_tsvector(public.text_search_config(p_language),
           public.fold_accents(p_question)), 'A')
      || pg_catalog.setweight(pg_catalog.to_tsvector(public.text_search_config(p_language),
           public.fold_accents(p_answer)), 'C')
$$;

revoke execute on function public.faq_document(public.language_code, text, text, text[]) from public, anon, authenticated;
grant execute on function public.faq_document(public.language_code, text, text, text[]) to service_role;

-- faqs.search (English only, 20261122001300_create_faqs.sql) is no longer read by search_faqs.
comment on column public.faqs.search is
  'Legacy English search index (not used for answers any more: entries are searched in their own language).';
