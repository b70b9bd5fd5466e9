/**
 * Reading a typed answer against a step's options: by number or by label text. Matching is
 * forgiving (case, accents, punctuation, extra words like "option 2") but never guesses between
 * two labels: an ambiguous answer is no answer. Yes and no are read in every language, since a
 * "sí" or an "ok" says the same whatever language the conversation is in.
 */
import { BUNDLES, LANGUAGES } from "../locales/index.ts";

/** One numbered choice of a step, chosen by its id, never by its position. */
export interface Option<Id extends string = string> {
  id: Id;
  label: string;
}

/** Shortest typed fragment that may select a label by being part of it. */
const MIN_FRAGMENT_CHARS = 3;

/** Lower case, accents and punctuation removed, whitespace collapsed. */
export function normalize(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}:]+/gu, " ")
    .trim();
}

/** A number typed alone or with a filler word: "2", "2.", "#2", "option 2", "opción 2", "opção 2". */
function readNumber(typed: string): number | null {
  const match = /^(?:option |number |no |choice |opcion |numero |opcao |n )?(\d{1,3})$/.exec(typed);
  return match ? Number(match[1]) : null;
}

/**
 * The index (0-based) of the chosen label, or null. A number must be in range; text must equal a
 * label, or (unless `exact`) be a fragment of exactly one label, or contain exactly one label.
 */
export function chooseIndex(text: string, labels: readonly string[], exact = false): number | null {
  const typed = normalize(text);
  if (typed === "") return null;
  const number = readNumber(typed);
  if (number !== null) return number >= 1 && number <= labels.length ? number - 1 : null;
  const normalized = labels.map(normalize);
  const exactIndex = normalized.indexOf(typed);
  if (exactIndex >= 0 || exact) return exactIndex >= 0 ? exactIndex : null;
  const unique = (predicate: (label: string) => boolean): number | null => {
    const hits = normalized.flatMap((label, index) => (predicate(label) ? [index] : []));
    return hits.length === 1 ? (hits[0] ?? null) : null;
  };
  if (typed.length >= MIN_FRAGMENT_CHARS) {
    const fragment = unique((label) => ` ${label} `.includes(` ${typed}`));
    if (fragment !== null) return fragment;
  }
  return unique((label) => label.length >= MIN_FRAGMENT_CHARS && ` ${typed} `.includes(` ${label} `));
}

/** The option the text chooses, or null. */
export function choose<Id extends string>(text: string, options: readonly Option<Id>[], exact = false): Option<Id> | null {
  const index = chooseIndex(text, options.map((option) => option.label), exact);
  return index === null ? null : (options[index] ?? null);
}

const YES = new Set(LANGUAGES.flatMap((language) => BUNDLES[language].words.yes.map(normalize)));
const NO = new Set(LANGUAGES.flatMap((language) => BUNDLES[language].words.no.map(normalize)));

export function readYesNo(text: string): "yes" | "no" | null {
  const typed = normalize(text);
  if (YES.has(typed)) return "yes";
  if (NO.has(typed)) return "no";
  return null;
}
