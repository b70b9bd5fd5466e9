/**
 * Times said in words: "half past ten", "quarter to 3", "ten thirty", British "half ten", "noon",
 * "midday", "midnight", "mediodía", "las tres y media", "las 3 menos cuarto", "cuarto para las 3",
 * "meio-dia", "meio-dia e meia", "três e meia", "quinze para as três". chrono reads only "noon"
 * and "midnight" of these. With digits for minutes ("a las 3 y 10") a prefix is needed, since
 * "3 y 10" is as often two numbers; English "ten to three" needs word minutes, and after "from"
 * it is a span (the bound refiner makes it unsure).
 */
import type { Parser } from "chrono-node";
import type { Words } from "../lang/words.ts";
import { perWords } from "../lang/compiled.ts";
import { anyOf, lookup, WORD_END, wordPattern } from "../text/patterns.ts";
import { AM_PM, HOURS_PER_HALF_DAY, hourWordPattern, LAST_MINUTE, MIDNIGHT, NOON, timePiece, type TypedHour, typedHour } from "./clock.ts";
import { pieceParser, type ReadSettings } from "./parser.ts";

const MINUTES_PER_HOUR = 60;
const HOURS_PER_DAY = 24;

type Shape = "after" | "before" | "past" | "to" | "half" | "alone";

interface Compiled {
  shapes: Array<{ shape: Shape; pattern: RegExp }>;
  noon: Set<string>;
  midnight: Set<string>;
  minuteWords: Map<string, number>;
}

function optional(list: readonly string[]): string {
  return list.length > 0 ? `(?:(${anyOf(list)})\\s+)?` : "()";
}

const compiled = perWords((words): Compiled => {
  const prefix = optional([...words.timePrefixes, ...words.weakTimePrefixes]);
  const noonWords = [...words.noon, ...words.midnight];
  const hour = `(\\d{1,2}|${hourWordPattern(words, true)}|${anyOf(noonWords)})${WORD_END}`;
  const minute = `(\\d{1,2}|${anyOf(Object.keys(words.minuteWords))})${WORD_END}`;
  const amPm = `(?:\\s*(${AM_PM}))?`;
  const shapes: Compiled["shapes"] = [];
  const add = (shape: Shape, source: string) => shapes.push({ shape, pattern: wordPattern(source) });
  for (const joiner of words.minutesAfterHour) {
    const join = joiner === "" ? "\\s+" : `\\s+${anyOf([joiner])}\\s+`;
    add("after", `${prefix}${hour}${join}${minute}${amPm}`);
  }
  if (words.minutesBeforeHourAfter.length > 0) {
    add("before", `${prefix}${hour}\\s+${anyOf(words.minutesBeforeHourAfter)}\\s+${minute}${amPm}`);
  }
  if (words.pastHour.length > 0) add("past", `${prefix}${minute}\\s+${anyOf(words.pastHour)}\\s+${hour}${amPm}`);
  if (words.toHour.length > 0) add("to", `${prefix}${minute}\\s+${anyOf(words.toHour)}\\s+${hour}${amPm}`);
  if (words.halfBeforeHour.length > 0) add("half", `${prefix}${anyOf(words.halfBeforeHour)}\\s+${hour}${amPm}`);
  add("alone", `${prefix}(${anyOf(noonWords)})${WORD_END}`);
  return {
    shapes,
    noon: new Set(words.noon),
    midnight: new Set(words.midnight),
    minuteWords: new Map(Object.entries(words.minuteWords)),
  };
});

function spokenHour(typed: string, words: Words, table: Compiled): TypedHour | null {
  const phrase = typed.replace(/\s+/g, " ");
  if (table.noon.has(phrase)) return { hour: NOON, fixed: true };
  if (table.midnight.has(phrase)) return { hour: MIDNIGHT, fixed: true };
  return typedHour(typed, words);
}

/** `minutes` before `hour`, keeping what is known about the half of the day. */
function minutesBefore(hour: TypedHour, minutes: number): { hour: TypedHour; minute: number } {
  if (!hour.fixed) {
    const previous = hour.hour - 1;
    return { hour: { hour: previous === 0 ? HOURS_PER_HALF_DAY : previous, fixed: false }, minute: MINUTES_PER_HOUR - minutes };
  }
  const total = (hour.hour * MINUTES_PER_HOUR - minutes + HOURS_PER_DAY * MINUTES_PER_HOUR) % (HOURS_PER_DAY * MINUTES_PER_HOUR);
  return { hour: { hour: Math.floor(total / MINUTES_PER_HOUR), fixed: true }, minute: total % MINUTES_PER_HOUR };
}

export function spokenTimeParsers(settings: ReadSettings): Parser[] {
  const words = settings.words;
  const table = compiled(words);
  return table.shapes.map(({ shape, pattern }) =>
    pieceParser(pattern, (match) => {
      const prefix = match[1];
      if (shape === "alone") {
        const hour = spokenHour(match[2] ?? "", words, table);
        return hour ? [{ kind: "time", time: { hour: hour.hour, minute: 0, ambiguousMeridiem: false } }] : null;
      }
      const hourFirst = shape === "after" || shape === "before" || shape === "half";
      const typedHourText = (hourFirst ? match[2] : match[3]) ?? "";
      const typedMinutes = shape === "half" ? "" : (hourFirst ? match[3] : match[2]) ?? "";
      const amPm = shape === "half" ? match[3] : match[4];
      const hour = spokenHour(typedHourText, words, table);
      const digits = /^\d+$/.test(typedMinutes);
      // "3 y 10", "ten 30", "5 to 10": digit minutes are numbers unless a prefix says time.
      if (digits && (prefix === undefined || words.minutesAfterHour.includes("") && shape === "after")) return null;
      if (digits && shape === "to" && settings.language === "en") return null;
      const minutes = shape === "half" ? MINUTES_PER_HOUR / 2 : digits ? Number(typedMinutes) : lookup(table.minuteWords, typedMinutes);
      if (hour === null || minutes === undefined || minutes > LAST_MINUTE) return null;
      // "ten thirty": both must be words, else "2 30" or "ten 2" would become times.
      if (shape === "after" && words.minutesAfterHour.includes("") && /^\d/.test(typedHourText)) return null;
      const at = shape === "before" || shape === "to" ? minutesBefore(hour, minutes) : { hour, minute: minutes };
      const piece = timePiece(at.hour, at.minute, amPm);
      return piece ? [piece] : null;
    })
  );
}
