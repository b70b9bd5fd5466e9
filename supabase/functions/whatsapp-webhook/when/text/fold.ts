/**
 * Case and accent folding that keeps every character where it was, so chrono's match positions
 * in the folded text are positions in the patient's text (the spans the flow cuts out).
 * Patients type "manana", "proxima", "sabado", "as 10" as often as the accented words, so the word
 * tables are written folded and match both. One accent is kept: Portuguese "à"/"às" ("at") against
 * "a"/"as" ("the"), which is the difference between "às duas" (at two) and "as duas" (both).
 */

const KEPT = new Set(["à"]);
const APOSTROPHES = new Set(["\u2019", "\u2018", "\u02bc", "`", "\u00b4"]);
const folded = new Map<string, string>();

function foldUnit(unit: string): string {
  let cached = folded.get(unit);
  if (cached === undefined) {
    cached = unit;
    const lower = unit.toLowerCase();
    if (APOSTROPHES.has(unit)) cached = "'";
    else if (lower.length === 1) {
      const base = lower.normalize("NFD");
      const plain = base.length > 1 && /^[a-z]\p{M}+$/u.test(base) && !KEPT.has(lower) ? base.charAt(0) : lower;
      cached = plain;
    }
    folded.set(unit, cached);
  }
  return cached;
}

/** The text lower-cased, accents but "à" removed, one UTF-16 unit for one: same length, same positions. */
export function fold(text: string): string {
  let out = "";
  for (let index = 0; index < text.length; index += 1) out += foldUnit(text.charAt(index));
  return out;
}
