/**
 * Building chrono parser patterns from word tables. Phrases are written folded (text/fold.ts) with
 * single spaces; a space matches any run of whitespace. JavaScript's \b only knows ASCII letters,
 * so word edges are written with Unicode letter classes ("mañana" must not match inside "amanhã").
 */

/** Not preceded by a letter or digit. */
export const WORD_START = "(?<![\\p{L}\\p{N}])";
/** Not followed by a letter or digit. */
export const WORD_END = "(?![\\p{L}\\p{N}])";

function escape(phrase: string): string {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
}

/** A non-capturing alternation of phrases, longest first so that "day after tomorrow" beats "day". */
export function anyOf(phrases: readonly string[]): string {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  return `(?:${sorted.map(escape).join("|")})`;
}

/** A case-insensitive Unicode pattern that starts at a word edge. */
export function wordPattern(source: string): RegExp {
  return new RegExp(`${WORD_START}${source}`, "iu");
}

/** Whether `index` in `text` is at a word edge (chrono may scan from inside a word). */
export function startsWord(text: string, index: number): boolean {
  return index === 0 || !/[\p{L}\p{N}]/u.test(text.charAt(index - 1));
}

/** Looks a phrase up in a table keyed by folded phrases, whatever the whitespace typed. */
export function lookup<T>(table: ReadonlyMap<string, T>, typed: string): T | undefined {
  return table.get(typed.trim().replace(/\s+/g, " "));
}
