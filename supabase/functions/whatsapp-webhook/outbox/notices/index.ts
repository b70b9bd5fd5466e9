/**
 * The render entry point's choice of words: the patient's language (else the clinic's), in the
 * clinic's locale. English only until the locale bundles land (the lead adds Spanish and Portuguese
 * there); a language without texts falls back to English rather than leaving a patient unmessaged.
 */
import { en } from "./en.ts";
import { noticeFormat, type NoticeFormat } from "./format.ts";
import type { Language, NoticeTexts } from "./types.ts";

const TEXTS: Partial<Record<Language, NoticeTexts>> = { en };

const LANGUAGES: readonly string[] = ["en", "es", "pt"] satisfies Language[];

function isLanguage(value: string | null): value is Language {
  return value !== null && LANGUAGES.includes(value);
}

export interface NoticeWords {
  language: Language;
  texts: NoticeTexts;
  format: NoticeFormat;
}

/** The words for a patient: `language` (theirs, else the clinic's) in the clinic's `locale` and time zone. */
export function noticeWords(language: string | null, locale: string | null, timeZone: string): NoticeWords {
  const wanted: Language = isLanguage(language) ? language : "en";
  return { language: wanted, texts: TEXTS[wanted] ?? en, format: noticeFormat(locale, timeZone) };
}
