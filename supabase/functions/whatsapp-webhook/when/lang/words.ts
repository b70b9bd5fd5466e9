/**
 * Everything one language contributes to reading days and times: words and phrases only, written
 * folded (text/fold.ts: lower case, no accents but "à"). The parsers own the shapes ("<weekday>",
 * "<number> <unit>", "<hour> y <minutes>"); a language fills them in. Adding a language is one file
 * of this type, and the compiler says what is missing.
 */
import type { IsoWeekday } from "../calendar/days.ts";
import type { PartOfDay } from "../types.ts";

export type Period = "this_week" | "next_week" | "this_month" | "next_month" | "this_weekend" | "next_weekend";

/** How a weekday is qualified: "next friday", "el viernes que viene", "sexta passada", "every monday". */
export type WeekdayModifier = "next" | "coming" | "this" | "last" | "recurring";

export interface Words {
  /** Whole phrases naming a day by its distance from today, e.g. "day after tomorrow" → 2. */
  relativeDays: Readonly<Record<string, number>>;
  /** Phrases that name today and a part of it at once: "tonight", "esta tarde". */
  todayParts: Readonly<Record<string, PartOfDay>>;
  /** "in 3 days": words before the count ("in", "dentro de", "daqui a") and after it ("from now"). */
  countBefore: readonly string[];
  countAfter: readonly string[];
  /** Units of a count: days and weeks give a day; hours and minutes are a duration (unsure). */
  units: Readonly<Record<string, "day" | "week" | "duration">>;
  /** Number words, for counts, hours and minutes. */
  numbers: Readonly<Record<string, number>>;
  /** Number words that also mean "a"/"one" ("one", "una", "uma"): hours only with a clear time shape. */
  oneWords: readonly string[];

  /** Weekday names (full and safe abbreviations), and the plural forms that mean "every". */
  weekdays: Readonly<Record<string, IsoWeekday>>;
  weekdayPlurals: Readonly<Record<string, IsoWeekday>>;
  /** Names read only after a preposition or modifier: "sat", "sun", "wed" are also words. */
  guardedWeekdays: readonly string[];
  /** Words that, following a guarded weekday name, show it is an ordinal ("segunda opção"). */
  weekdayOrdinalNouns: readonly string[];
  /** Prepositions before a named day that add nothing ("on", "for", "el", "na", "para"). */
  dayPrepositions: readonly string[];
  weekdayModifiersBefore: Readonly<Record<string, WeekdayModifier>>;
  weekdayModifiersAfter: Readonly<Record<string, WeekdayModifier>>;

  /** Day of the month: markers that make the number a day ("el día", "dia"), markers that do so
   * only when a fitting word follows ("el", "the"), ordinal suffixes ("th", "º"). */
  dayMarkers: readonly string[];
  weakDayMarkers: readonly string[];
  ordinalSuffixes: readonly string[];
  /** Whether "7th" alone (a suffix, no marker) names a day. */
  suffixNamesDay: boolean;
  /** Ordinal words usable as a day of the month in dates ("first", "primero"). */
  ordinalWords: Readonly<Record<string, number>>;

  months: Readonly<Record<string, number>>;
  /** Whether dates are also written month first in words ("december 3", "diciembre 3"). */
  monthBeforeDay: boolean;
  /** Words between day, month and year: "of", "de", "del". */
  dateJoiners: readonly string[];

  periods: Readonly<Record<string, Period>>;

  /** Before a time: "at", "a las", "às". Weak ones ("as": also "the") need a fitting word after. */
  timePrefixes: readonly string[];
  weakTimePrefixes: readonly string[];
  /** After an hour: "o'clock", "horas", "h", "en punto". */
  hourSuffixes: readonly string[];
  noon: readonly string[];
  midnight: readonly string[];
  /** "<hour> <joiner> <minutes>": "y"/"e" (and "" for "ten thirty"). */
  minutesAfterHour: readonly string[];
  /** "<hour> menos <minutes>". */
  minutesBeforeHourAfter: readonly string[];
  /** "<minutes> past <hour>" and "<minutes> to <hour>" / "cuarto para las <hour>". */
  pastHour: readonly string[];
  toHour: readonly string[];
  /** Minute words in spoken times: "half" 30, "quarter" 15, "media", "cuarto", "meia". */
  minuteWords: Readonly<Record<string, number>>;
  /** British "half ten" = 10:30. */
  halfBeforeHour: readonly string[];

  parts: Readonly<Record<string, PartOfDay>>;
  /** Greetings that contain a part of the day but name none: "good morning", "buenas tardes". */
  greetings: readonly string[];

  /** Words that negate a day or time said near them. */
  negations: readonly string[];
  /** Words just before a day or time that make it a limit: "after", "antes de", "a partir das". */
  bounds: readonly string[];
  /** "or": a day, time or part next to it is one of several ("tomorrow or the day after"). */
  alternatives: readonly string[];
  /** Words before a name that make a date in it a place: "rua 7 de setembro", "calle 5 de mayo". */
  places: readonly string[];
  /** Words joining two numbers into a span or a choice: "to", "or", "a", "ou". */
  joiners: readonly string[];
  /** Words that may follow a weakly marked day or time ("the 7th at 10", "el 7 por la tarde"). */
  followers: readonly string[];
}
