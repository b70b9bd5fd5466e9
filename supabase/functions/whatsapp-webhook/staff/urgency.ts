/**
 * Whether a need for staff is urgent: deterministic, from the patient's own words. Urgent when one of
 * their messages (the one asking, and the two before it) contains, as whole words, a phrase of any
 * language's `urgent` list ("pain", "emergency", "me duele", "sangrando"). An urgent alert goes out
 * at once, even outside the clinic's alert hours; a message that failed for good is always urgent
 * (record_dead_letter). A word list is crude on purpose: staff can read it, and it never guesses.
 */
import { LANGUAGES } from "../locales/types.ts";
import { BUNDLES } from "../locales/index.ts";
import { normalize } from "../flow/choose.ts";

const phrases = [...new Set(LANGUAGES.flatMap((language) => BUNDLES[language].words.urgent.map(normalize)))];

export function isUrgent(texts: readonly string[]): boolean {
  return texts.some((text) => {
    const words = ` ${normalize(text)} `;
    return phrases.some((phrase) => words.includes(` ${phrase} `));
  });
}
