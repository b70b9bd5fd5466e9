/**
 * What a message from an alert phone says: the alert reference it starts with ("#K7Q2 Hello",
 * "k7q2: hello"), the text after it, and whether the text (whole, or after the reference) is a
 * hand-back word in any language ("bot", "menu", "menú"). Pure. Whether the reference names an alert
 * of the clinic is the database's to say (answer_staff_message), which then uses the text after it.
 * References have no vowels (alert_reference in SQL), so no word is taken for one.
 */
import { LANGUAGES } from "../locales/types.ts";
import { BUNDLES } from "../locales/index.ts";
import { normalize } from "../flow/choose.ts";

/** A leading reference, with what separates it from the answer. */
const LEADING_REFERENCE = /^\s*#?([bcdfghjkmnpqrstvwxz2-9]{4})(?![\p{L}\p{N}])[\s:,.;!\-–—]*/iu;

export interface StaffText {
  /** The reference it starts with, upper case; null when it starts with none. */
  reference: string | null;
  /** The text after the reference (the whole text when there is none). */
  rest: string;
  handBack: boolean;
  handBackAfterReference: boolean;
}

const handBackWords = new Set(LANGUAGES.flatMap((language) => BUNDLES[language].words.handBack.map(normalize)));

export function isHandBack(text: string): boolean {
  return handBackWords.has(normalize(text));
}

export function parseStaffText(text: string): StaffText {
  const match = LEADING_REFERENCE.exec(text);
  const reference = match?.[1]?.toUpperCase() ?? null;
  const rest = match ? text.slice(match[0].length).trim() : text.trim();
  return { reference, rest, handBack: isHandBack(text), handBackAfterReference: reference !== null && isHandBack(rest) };
}
