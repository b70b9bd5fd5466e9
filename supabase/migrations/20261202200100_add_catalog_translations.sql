-- Translations of what patients see of the catalog: service and practitioner names per language,
-- and the other words patients use for a service ("checkup", "flu shot", "vacuna"). Plain columns
-- on the rows themselves, so Studio edits them in place and a clinic file can fill them directly.

/**
 * True when p_map is a JSON object from language codes (en, es, pt) to non-empty strings, e.g.
 * {"es": "Consulta general", "pt": "Consulta geral"}. Used by check constraints, which run with the
 * privileges of the role writing the row: the service role (staff only read the catalog).
 */
create or replace function public.is_translation_map(p_map jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select pg_catalog.jsonb_typeof(p_map) = 'object'
     and not exists (
       select 1 from pg_catalog.jsonb_each(p_map) e
        where e.key not in ('en', 'es', 'pt')
           or pg_catalog.jsonb_typeof(e.value) <> 'string'
           or pg_catalog.length(pg_catalog.btrim(e.value #>> '{}')) = 0)
$$;

revoke execute on function public.is_translation_map(jsonb) from public, anon, authenticated;
grant execute on function public.is_translation_map(jsonb) to service_role;

alter table public.services
  add column name_translations jsonb not null default '{}' check (public.is_translation_map(name_translations)),
  add column keywords text[] not null default '{}';

comment on column public.services.name_translations is
  'The service''s name in other languages, for example {"es": "Consulta general", "pt": "Consulta geral"}; a language left out shows the name above.';
comment on column public.services.keywords is
  'Other words patients use for this service, in any language, for example {checkup,"flu shot",vacuna}: "checkup next week" then books it.';

alter table public.providers
  add column name_translations jsonb not null default '{}' check (public.is_translation_map(name_translations));

comment on column public.providers.name_translations is
  'The practitioner''s name with the title in other languages, for example {"es": "Dra. Sarah Mitchell", "pt": "Dra. Sarah Mitchell"}.';
