-- search_faqs scores one language tier at a time (issue 10 §2: an FAQ turn was the costliest
-- turn in PostgreSQL, about 10 ms idle, profiled: three to_tsvector calls with accent folding for
-- every entry of the clinic, in every language, on every question). Replaces the version of
-- 20261202200300_replace_search_faqs.sql, which scored all entries and then kept the first tier
-- (the patient's language, the clinic's, any other) that had a relevant one; now the patient's
-- entries are scored first and the others only when none of them is relevant. Same answers, same
-- signature; a clinic writing in three languages scores a third of its entries per question.

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

  -- One language tier at a time, stopping at the first with a relevant entry: scoring (three
  -- to_tsvector calls per entry) is the search's cost, and entries of a later tier could never be
  -- returned once an earlier one has a relevant entry. The answer is the same as scoring all.
  foreach v_tier in array c_tiers loop
    return query
      with entries as (
        select l.id, l.question, l.answer, l.keywords, l.lang
          from (select f.id, f.question, f.answer, f.keywords, coalesce(f.language, v_clinic_language) as lang
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
                 public.faq_document(e.lang, e.question, e.answer, e.keywords),
                 case e.lang when 'es' then v_query_es when 'pt' then v_query_pt else v_query_en end,
                 c_rank_normalization
               ) * c_text_weight as text_score,
               case when v_use_trigrams then extensions.word_similarity(
                 v_folded,
                 pg_catalog.lower(public.fold_accents(e.question || ' ' || pg_catalog.array_to_string(e.keywords, ' ')))
               ) else 0 end as trigram_score,
               c_keyword_weight * (
                 select pg_catalog.count(*)
                   from pg_catalog.unnest(e.keywords) k
                  where pg_catalog.strpos(
                          v_words,
                          ' ' || pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(public.fold_accents(k)), '[^[:alnum:]]+', ' ', 'g')) || ' '
                        ) > 0
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
