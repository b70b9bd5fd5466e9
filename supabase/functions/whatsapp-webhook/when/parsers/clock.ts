/**
 * Shared pieces of the time parsers: hours typed as digits or words, am/pm, and the rule for
 * `ambiguousMeridiem`: an hour from 1 to 12 with nothing that fixes the half of the day (am/pm, a
 * 24-hour hour, a leading zero as in "09:00") could be either, and the flow tries both.
 */
import type { Words } from "../lang/words.ts";
import { perWords } from "../lang/compiled.ts";
import { type Piece, unsure } from "../pieces.ts";
import { anyOf, lookup } from "../text/patterns.ts";

export const LAST_HOUR = 23;
export const LAST_MINUTE = 59;
export const HOURS_PER_HALF_DAY = 12;
export const NOON = 12;
export const MIDNIGHT = 0;

/** "am", "a.m.", "a. m.", "pm", "p.m." (Spanish writes "p. m."). */
export const AM_PM = "(?:a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![\\p{L}\\p{N}])";

export const hourWords = perWords((words) => {
  const table = new Map<string, number>();
  for (const [word, value] of Object.entries(words.numbers)) {
    if (value >= 1 && value <= HOURS_PER_HALF_DAY) table.set(word, value);
  }
  return table;
});

/** Hour words other than "one" ("one", "una", "uma" are also articles). */
export function plainHourWords(words: Words): string[] {
  return [...hourWords(words).keys()].filter((word) => !words.oneWords.includes(word));
}

export function hourWordPattern(words: Words, withOne: boolean): string {
  const list = withOne ? [...hourWords(words).keys()] : plainHourWords(words);
  return anyOf(list);
}

export interface TypedHour {
  hour: number;
  /** The half of the day is fixed: a 24-hour hour, a leading zero, noon or midnight. */
  fixed: boolean;
}

/** An hour as typed (digits or a word), or null when it is not one. */
export function typedHour(typed: string, words: Words): TypedHour | null {
  if (/^\d{1,2}$/.test(typed)) {
    const hour = Number(typed);
    if (hour > LAST_HOUR) return null;
    return { hour, fixed: hour === MIDNIGHT || hour > HOURS_PER_HALF_DAY || typed.startsWith("0") };
  }
  const hour = lookup(hourWords(words), typed);
  return hour === undefined ? null : { hour, fixed: false };
}

/** The time piece for an hour and minute, applying am/pm when typed. */
export function timePiece(typed: TypedHour, minute: number, amPm: string | undefined): Piece | null {
  if (minute < 0 || minute > LAST_MINUTE) return null;
  if (amPm !== undefined) {
    if (typed.hour === MIDNIGHT || typed.hour > HOURS_PER_HALF_DAY) return null;
    const pm = amPm.toLowerCase().startsWith("p");
    if (!pm && typed.hour === NOON) return unsure("twelve_am");
    const hour = pm ? (typed.hour === NOON ? NOON : typed.hour + HOURS_PER_HALF_DAY) : typed.hour;
    return { kind: "time", time: { hour, minute, ambiguousMeridiem: false } };
  }
  return { kind: "time", time: { hour: typed.hour, minute, ambiguousMeridiem: !typed.fixed } };
}
