-- FAQs: the answers the bot may give. Staff edit this table directly in Studio.

/**
 * The text search document of one FAQ: keywords and question weigh most, the answer least.
 * English stemming, so "appointments" finds "appointment"; queries must use the same 'english'
 * configuration. Immutable (to_tsvector with a fixed configuration) so a generated column can use it.
 */
create or replace function public.faq_search_vector(p_question text, p_answer text, p_keywords text[])
returns tsvector
language sql
immutable
set search_path = ''
as $$
  select
    pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.english', coalesce(pg_catalog.array_to_string(p_keywords, ' '), '')), 'A')
    || pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.english', coalesce(p_question, '')), 'A')
    || pg_catalog.setweight(pg_catalog.to_tsvector('pg_catalog.english', coalesce(p_answer, '')), 'C')
$$;

-- A generated column is computed with the privileges of the role writing the row (on every insert
-- and update), and staff add and edit FAQs, so authenticated needs EXECUTE: without it every staff
-- write to faqs fails with "permission denied for function faq_search_vector". Supabase therefore
-- exposes it as an RPC to logged-in users; harmless, as it is pure and reads no table.
revoke execute on function public.faq_search_vector(text, text, text[]) from public, anon;
grant execute on function public.faq_search_vector(text, text, text[]) to service_role, authenticated;

/** A question patients ask and the clinic's answer. */
create table public.faqs (
  id uuid primary key default gen_random_uuid(),
  clinic_id uuid not null references public.clinics (id) on delete cascade,
  question text not null check (length(trim(question)) > 0),
  answer text not null check (length(trim(answer)) > 0),
  keywords text[] not null default '{}',
  enabled boolean not null default true,
  search tsvector generated always as (public.faq_search_vector(question, answer, keywords)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.faqs enable row level security;
create index faqs_search_idx on public.faqs using gin (search);
create index faqs_question_trgm_idx on public.faqs using gin (question extensions.gin_trgm_ops);
create index faqs_clinic_id_idx on public.faqs (clinic_id) where enabled;

comment on table public.faqs is 'Questions and answers the assistant uses to answer patients. Add, edit or switch off entries here.';
comment on column public.faqs.id is 'Internal identifier of the entry.';
comment on column public.faqs.clinic_id is 'The clinic.';
comment on column public.faqs.question is 'The question as a patient might ask it.';
comment on column public.faqs.answer is 'The clinic''s answer. The assistant only says what is written here.';
comment on column public.faqs.keywords is 'Extra words that should find this entry, for example {parking,car,garage}.';
comment on column public.faqs.enabled is 'When off, the assistant does not use this entry.';
comment on column public.faqs.search is 'Search index built automatically from the question, answer and keywords (do not edit).';
comment on column public.faqs.created_at is 'When the entry was added.';
comment on column public.faqs.updated_at is 'When the entry was last changed.';

/** Stamps updated_at on every edit that does not set it itself (Studio edits do not). */
create or replace function public.faqs_touch_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.updated_at is not distinct from old.updated_at then
    new.updated_at := pg_catalog.now();
  end if;
  return new;
end;
$$;
revoke execute on function public.faqs_touch_updated_at() from public, anon, authenticated;

create trigger faqs_touch_updated_at
  before update on public.faqs
  for each row execute function public.faqs_touch_updated_at();

grant select, insert, update, delete on public.faqs to service_role;
grant select, insert, delete on public.faqs to authenticated;
grant update (question, answer, keywords, enabled, updated_at) on public.faqs to authenticated;

create policy "staff see their clinic's FAQs" on public.faqs
  for select to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
create policy "staff add FAQs for their clinic" on public.faqs
  for insert to authenticated
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff edit their clinic's FAQs" on public.faqs
  for update to authenticated
  using (clinic_id in (select public.current_clinic_ids()))
  with check (clinic_id in (select public.current_clinic_ids()));
create policy "staff remove their clinic's FAQs" on public.faqs
  for delete to authenticated
  using (clinic_id in (select public.current_clinic_ids()));
