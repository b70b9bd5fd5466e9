-- search_faqs reads each entry's searchable forms from the row instead of computing them on every
-- question (issue 10 §2: an FAQ question cost about 2.3 ms in PostgreSQL here, half of it
-- faq_document's three to_tsvector calls with accent folding per entry, the rest mostly folding
-- and normalising the question text and keywords of every entry of the tier). The forms are
-- columns of faqs kept by a trigger, computed when an entry is written with the same expressions
-- the search used; replaces the version of 20261203500300_update_search_faqs_by_language_tier.sql.
-- An entry without a language of its own is searched in the clinic's, which the entry's row does
-- not hold: its document is still computed per question, as before. Same answers, same
-- signature.

alter table public.faqs
  -- faq_document in the entry's own language; null for an entry in the clinic's language (unset).
  add column search_document tsvector,
  -- The question and keywords lower case without accents, for the trigram word similarity.
  add column search_text text not null default '',
  -- The keywords as found among a question's words: each lower case, without accents, runs of
  -- other characters than letters and digits as one space, trimmed, and padded with one space
  -- each side (' flu shot ' is found in ' i need a flu shot ').
  add column search_keywords text[] not null default '{}';

comment on column public.faqs.search_document is
  'search_faqs'' full-text document of the entry (faq_document) in its language; null when the entry has none (the clinic''s). Kept by faqs_search_forms.';
comment on column public.faqs.search_text is
  'The question and keywords folded for search_faqs'' trigram similarity. Kept by faqs_search_forms.';
comment on column public.faqs.search_keywords is
  'The keywords folded, normalised and padded with spaces as search_faqs finds them among a question''s words. Kept by faqs_search_forms.';

/**
 * Computes an FAQ entry's search forms whenever it is written, with the expressions search_faqs
 * used per question before. A trigger rather than generated columns: staff write entries (RLS),
 * and a generated column would run the folding helpers with their rights, which API users are
 * not given (supabase/tests/70-languages-schema.sql); this runs them as the owner, reading nothing.
 */
create function public.faqs_search_forms()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.search_document := case when new.language is not null
                              then public.faq_document(new.language, new.question, new.answer, new.keywords) end;
  new.search_text := pg_catalog.lower(public.fold_accents(new.question || ' ' || pg_catalog.array_to_string(new.keywords, ' ')));
  new.search_keywords := array(
    select ' ' || pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(public.fold_accents(k.k)), '[^[:alnum:]]+', ' ', 'g')) || ' '
      from pg_catalog.unnest(new.keywords) with ordinality k (k, n)
     order by k.n);
  return new;
end;
$$;

revoke execute on function public.faqs_search_forms() from public, anon, authenticated;

-- Every write: a written search form is recomputed too, so none can drift from its entry.
create trigger faqs_search_forms
  before insert or update on public.faqs
  for each row execute function public.faqs_search_forms();

-- The entries there are, leaving their updated_at as it is (the forms are not an edit).
alter table public.faqs disable trigger faqs_touch_updated_at;
update public.faqs set question = question;
alter table public.faqs enable trigger faqs_touch_updated_at;

/**
 * The clinic's enabled FAQ entries relevant to p_query, best first, at most p_limit, in the first
 * of these languages that has a relevant entry: p_language (the patient's; null = the clinic's),
 * the clinic's, any other. Returns each entry's language.
 *
 * Scoring (tuned against the demo clinic's FAQ, see supabase/tests/51-search-faqs.sql and
 * 71-search-faqs-languages.sql): the query's words are OR-ed and ranked with ts_rank, rewarding
 * words found in the question and keywords (weight A) far above words only in the answer (C);
 * the best trigram word similarity against the question and keywords tolerates typos; each
 * keyword found verbatim among the query's words counts even when it is a stop word.
 */
create or replace function public.search_faqs(
  p_clinic_id uuid,
  p_query text,
  p_limit int default 3,
  p_language text default null
)
returns table (id uuid, question text, answer text, language text, score real)
language plpgsql
stable
set search_path = ''
-- A question of stop words only ("where are you?") is normal here, not worth a NOTICE per call.
set client_min_messages = warning
as $$
declare
  -- Below this trigram word similarity a match is noise ("hi" resembles half the questions).
  c_min_word_similarity constant real := 0.6;
  -- An entry needs at least this combined score: roughly one question or keyword word, or a
  -- close trigram match; one common word found only in an answer is not enough.
  c_min_score constant real := 0.45;
  -- Trigrams of a very short query ("no", "ok") are contained in almost any text: ignore them.
  c_min_trigram_query_chars constant int := 4;
  -- Each keyword found verbatim in the query adds this much: one is enough to be relevant.
  c_keyword_weight constant real := 0.5;
  -- Full-text rank counts this many times a trigram similarity: one question word found
  -- (normalized rank about 0.2) then outweighs a loose resemblance.
  c_text_weight constant real := 3;
  -- ts_rank's normalization 32 maps rank r to r / (r + 1), into [0, 1).
  c_rank_normalization constant int := 32;
  -- Longest query examined: a FAQ question is one sentence, not an essay.
  c_max_query_chars constant int := 300;
  -- Most entries returned whatever p_limit asks.
  c_max_limit constant int := 10;
  v_clinic_language public.language_code;
  v_language public.language_code;
  -- The query lower case and without accents, as every entry is compared.
  v_folded text := pg_catalog.lower(public.fold_accents(pg_catalog.left(coalesce(p_query, ''), c_max_query_chars)));
  -- Its words, separated and surrounded by single spaces.
  v_words text;
  v_use_trigrams boolean;
  -- plainto_tsquery yields only quoted lexemes joined by '&'; joining them by '|' instead is a
  -- safe rewrite. A query of stop words only becomes an empty tsquery that matches nothing.
  v_query_en tsquery;
  v_query_es tsquery;
  v_query_pt tsquery;
  v_tier int;
  -- Which languages are searched, in order: 0 the patient's, 1 the clinic's, 2 any other.
  c_tiers constant int[] := array[0, 1, 2];
begin
  if p_language is not null and p_language not in ('en', 'es', 'pt') then
    raise exception 'unknown language %', p_language using errcode = 'BK009';
  end if;
  select c.language into v_clinic_language from public.clinics c where c.id = p_clinic_id;
  if v_clinic_language is null or pg_catalog.btrim(v_folded) = '' then
    return;
  end if;
  v_language := coalesce(p_language::public.language_code, v_clinic_language);
  v_words := ' ' || pg_catalog.btrim(pg_catalog.regexp_replace(v_folded, '[^[:alnum:]]+', ' ', 'g')) || ' ';
  v_use_trigrams := pg_catalog.length(pg_catalog.btrim(v_words)) >= c_min_trigram_query_chars;
  v_query_en := pg_catalog.replace(pg_catalog.plainto_tsquery('pg_catalog.english', v_folded)::text, '&', '|')::tsquery;
  v_query_es := pg_catalog.replace(pg_catalog.plainto_tsquery('pg_catalog.spanish', v_folded)::text, '&', '|')::tsquery;
  v_query_pt := pg_catalog.replace(pg_catalog.plainto_tsquery('pg_catalog.portuguese', v_folded)::text, '&', '|')::tsquery;

  -- One language tier at a time, stopping at the first with a relevant entry: entries of a later
  -- tier could never be returned once an earlier one has a relevant entry.
  foreach v_tier in array c_tiers loop
    return query
      with entries as (
        select l.id, l.question, l.answer, l.keywords, l.lang, l.search_document, l.search_text, l.search_keywords
          from (select f.id, f.question, f.answer, f.keywords, coalesce(f.language, v_clinic_language) as lang,
                       f.search_document, f.search_text, f.search_keywords
                  from public.faqs f
                 where f.clinic_id = p_clinic_id
                   and f.enabled) l
         where case when l.lang = v_language then 0 when l.lang = v_clinic_language then 1 else 2 end = v_tier
      ),
      scored as (
        select e.id,
               e.question,
               e.answer,
               e.lang,
               pg_catalog.ts_rank(
                 -- Stored for an entry with a language of its own; in the clinic's, computed here.
                 coalesce(e.search_document, public.faq_document(e.lang, e.question, e.answer, e.keywords)),
                 case e.lang when 'es' then v_query_es when 'pt' then v_query_pt else v_query_en end,
                 c_rank_normalization
               ) * c_text_weight as text_score,
               case when v_use_trigrams then extensions.word_similarity(v_folded, e.search_text) else 0 end as trigram_score,
               c_keyword_weight * (
                 select pg_catalog.count(*)
                   from pg_catalog.unnest(e.search_keywords) k
                  where pg_catalog.strpos(v_words, k) > 0
               ) as keyword_score
          from entries e
      ),
      relevant as (
        select s.id,
               s.question,
               s.answer,
               s.lang,
               s.text_score + s.keyword_score
                 + case when s.trigram_score >= c_min_word_similarity then s.trigram_score else 0 end as total
          from scored s
      )
      select r.id, r.question, r.answer, r.lang::text, r.total::real
        from relevant r
       where r.total >= c_min_score
       order by r.total desc, r.question
       limit least(greatest(coalesce(p_limit, 3), 1), c_max_limit);
    if found then
      return;
    end if;
  end loop;
end;
$$;

comment on function public.search_faqs(uuid, text, int, text) is
  'FAQ entries of a clinic relevant to a patient''s question, best first, in the patient''s language when the clinic wrote one.';

revoke execute on function public.search_faqs(uuid, text, int, text) from public, anon, authenticated;
grant execute on function public.search_faqs(uuid, text, int, text) to service_role;
