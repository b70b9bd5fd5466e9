-- FAQ search for the whatsapp-webhook function: full-text search over the generated faqs.search
-- vector (question, answer, keywords; 'english'), plus trigram word similarity so short and
-- misspelt questions ("parkng?") still find their entry.

/**
 * The clinic's enabled FAQ entries relevant to p_query, best first, at most p_limit.
 *
 * Full text: the query's words are OR-ed (a patient's sentence rarely contains every word of the
 * entry) and ranked with ts_rank, which rewards words found in the question and keywords (weight
 * A) far above words only found in the answer (weight C). Trigram: the best word similarity of
 * the query against the question and keywords, which tolerates typos that stemming cannot.
 * Keywords: a keyword (or keyword phrase) found verbatim among the query's words counts even when
 * it is an English stop word ("where", "how much") that full-text search ignores.
 * An entry is relevant when its combined score reaches the threshold below; the numbers were
 * tuned against the demo clinic's FAQ (see supabase/tests/51-search-faqs.sql).
 */
create or replace function public.search_faqs(p_clinic_id uuid, p_query text, p_limit int default 3)
returns table (id uuid, question text, answer text, score real)
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
  v_query text := left(coalesce(p_query, ''), c_max_query_chars);
  v_tsquery tsquery;
  -- The query's words, lower case, separated and surrounded by single spaces.
  v_words text := ' ' || pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(v_query), '[^[:alnum:]]+', ' ', 'g')) || ' ';
  v_use_trigrams boolean;
begin
  if p_clinic_id is null or pg_catalog.btrim(v_query) = '' then
    return;
  end if;
  v_use_trigrams := pg_catalog.length(pg_catalog.btrim(v_words)) >= c_min_trigram_query_chars;
  -- plainto_tsquery yields only quoted lexemes joined by '&'; joining them by '|' instead is a
  -- safe rewrite. A query of stop words only becomes an empty tsquery that matches nothing.
  v_tsquery := pg_catalog.replace(
    pg_catalog.plainto_tsquery('pg_catalog.english', v_query)::text, '&', '|'
  )::tsquery;

  return query
    with scored as (
      select f.id,
             f.question,
             f.answer,
             pg_catalog.ts_rank(f.search, v_tsquery, c_rank_normalization) * c_text_weight as text_score,
             extensions.word_similarity(
               pg_catalog.lower(v_query),
               pg_catalog.lower(f.question || ' ' || pg_catalog.array_to_string(f.keywords, ' '))
             ) as trigram_score,
             c_keyword_weight * (
               select pg_catalog.count(*)
                 from pg_catalog.unnest(f.keywords) k
                where pg_catalog.strpos(
                        v_words,
                        ' ' || pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(k), '[^[:alnum:]]+', ' ', 'g')) || ' '
                      ) > 0
             ) as keyword_score
        from public.faqs f
       where f.clinic_id = p_clinic_id
         and f.enabled
    )
    select s.id,
           s.question,
           s.answer,
           (s.text_score + s.keyword_score
            + case when v_use_trigrams and s.trigram_score >= c_min_word_similarity then s.trigram_score else 0 end)::real as score
      from scored s
     where s.text_score + s.keyword_score
           + case when v_use_trigrams and s.trigram_score >= c_min_word_similarity then s.trigram_score else 0 end >= c_min_score
     order by 4 desc, 2
     limit least(greatest(coalesce(p_limit, 3), 1), c_max_limit);
end;
$$;

comment on function public.search_faqs(uuid, text, int) is
  'FAQ entries of a clinic relevant to a patient''s question, best first (full text and trigram similarity).';

revoke execute on function public.search_faqs(uuid, text, int) from public, anon, authenticated;
grant execute on function public.search_faqs(uuid, text, int) to service_role;
