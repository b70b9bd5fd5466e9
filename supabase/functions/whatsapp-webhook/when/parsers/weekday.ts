/**
 * Weekdays with what qualifies them: "friday", "on next monday", "este viernes", "el lunes que
 * viene", "na próxima sexta", "segunda-feira", "sexta passada", "every monday", "los lunes".
 * chrono's weekday parsers drop the qualifier ("el lunes que viene" is read as "lunes") and decide
 * "next" one way; resolve/weekday.ts decides each case, unsure where speakers disagree.
 * Names that are also ordinary words ("sat", "sun", "dom") need a preposition or qualifier, and
 * Portuguese "segunda"… "sexta" followed by a noun are ordinals ("a segunda opção").
 */
import type { Parser } from "chrono-node";
import type { IsoWeekday } from "../calendar/days.ts";
import { perWords } from "../lang/compiled.ts";
import type { WeekdayModifier } from "../lang/words.ts";
import { unsure } from "../pieces.ts";
import { resolveWeekday } from "../resolve/weekday.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { pieceParser, type ReadSettings, textAfter } from "./parser.ts";

const compiled = perWords((words) => {
  const names = anyOf([...Object.keys(words.weekdays), ...Object.keys(words.weekdayPlurals)]);
  const before = Object.keys(words.weekdayModifiersBefore);
  const after = Object.keys(words.weekdayModifiersAfter);
  const source = `(?:(${anyOf(words.dayPrepositions)})\\s+)?` +
    (before.length > 0 ? `(?:(${anyOf(before)})\\s+)?` : "()") +
    `(${names})${WORD_END}` +
    (after.length > 0 ? `(?:\\s+(${anyOf(after)})${WORD_END})?` : "()");
  const ordinalNoun = words.weekdayOrdinalNouns.length > 0
    ? new RegExp(`^\\s+(?:de\\s+)?${anyOf(words.weekdayOrdinalNouns)}${WORD_END}`, "iu")
    : null;
  return {
    pattern: wordPattern(source),
    ordinalNoun,
    names: new Map<string, IsoWeekday>(Object.entries(words.weekdays)),
    plurals: new Map<string, IsoWeekday>(Object.entries(words.weekdayPlurals)),
    guarded: new Set(words.guardedWeekdays),
    before: new Map<string, WeekdayModifier>(Object.entries(words.weekdayModifiersBefore)),
    after: new Map<string, WeekdayModifier>(Object.entries(words.weekdayModifiersAfter)),
  };
});

export function weekdayParser(settings: ReadSettings): Parser {
  const table = compiled(settings.words);
  return pieceParser(table.pattern, (match, context) => {
    const [, preposition, modifierBefore, typedName = "", modifierAfter] = match;
    const name = typedName.trim().replace(/\s+/g, " ");
    const plural = lookup(table.plurals, name);
    const weekday = plural ?? lookup(table.names, name);
    if (weekday === undefined) return null;
    const qualified = Boolean(preposition || modifierBefore || modifierAfter);
    if (table.guarded.has(name) && !qualified) return null;
    if (!modifierAfter && !name.includes("feira") && table.ordinalNoun?.test(textAfter(match, context))) return null;
    if (plural !== undefined) return [{ kind: "weekday", weekday, reading: unsure("recurring") }];
    const modifier = (modifierBefore ? lookup(table.before, modifierBefore) : undefined) ??
      (modifierAfter ? lookup(table.after, modifierAfter) : undefined) ?? null;
    return [{ kind: "weekday", weekday, reading: resolveWeekday(settings.today, weekday, modifier, settings.language) }];
  });
}
