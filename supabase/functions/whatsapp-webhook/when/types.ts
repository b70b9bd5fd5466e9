/**
 * The public shapes of `when/`: what readWhen is told about the clinic (WhenContext) and what it
 * answers (When). Plain data, so a reading can be stored in a conversation's state unchanged.
 */

export type Language = "en" | "es" | "pt";

/** How the clinic's locale writes a numeric date: 25/12 (day first) or 12/25 (month first). */
export type DateOrder = "day_first" | "month_first";

export type PartOfDay = "morning" | "afternoon" | "evening";

/** A local calendar day, `YYYY-MM-DD`. */
export type Day = string;

export interface WhenContext {
  /** The instant the patient wrote; every day and time is read on the clinic's wall clock. */
  now: Date;
  /** The clinic's IANA zone, e.g. "America/New_York". */
  timeZone: string;
  /** Which words to read. */
  language: Language;
  /** From the clinic's locale (dateOrderFor). */
  dateOrder: DateOrder;
  /**
   * Whether a local day can be booked. Decides an ambiguous numeric date ("3/4") that is past in
   * the locale's reading and bookable in the other; without it the locale's reading stands.
   */
  bookable?: (day: Day) => boolean;
}

/**
 * Why a text that names a day or a time was not read. The flow asks; with `days` it can offer the
 * candidates as choices ("next friday" on a Monday: this Friday or the one after).
 */
export type UnsureReason =
  /** "next friday" while Friday is still ahead this week, or tomorrow, or said on a Sunday (en). */
  | "next_weekday"
  /** "this monday" when Monday has passed this week or is today. */
  | "this_weekday"
  /** "friday" or "this friday" said on a Friday: today or a week from today. */
  | "weekday_is_today"
  /** "the 7th" said on the 7th: today or next month. */
  | "day_of_month_is_today"
  /** A day that does not exist where it falls: "the 31st" in a 30-day month, "30 de febrero". */
  | "no_such_day"
  /** "this week" or "next week" said on a Sunday, where weeks that start on Sunday and Monday disagree. */
  | "week_on_sunday"
  /** "friday the 5th" when the 5th is not a Friday. */
  | "weekday_mismatch"
  /** Two different days ("monday or tuesday", "from the 3rd to the 5th"). */
  | "several_days"
  /** Two different times or a span of times ("10 or 11", "10-11am", "de 3 a 5"). */
  | "several_times"
  /** Two different parts of the day ("morning or afternoon"). */
  | "several_parts"
  /** A time and a part of the day that disagree ("3pm in the morning", "11 de la tarde"). */
  | "time_part_mismatch"
  /** A limit rather than a day or time: "after 3pm", "before friday", "hasta el lunes", "a partir das 14h". */
  | "bound"
  /** A negated day or time: "not tomorrow", "no puedo el lunes", "amanhã não". */
  | "negated"
  /** Digits that are a time in one reading and a date in the other ("10.12"). */
  | "time_or_date"
  /** English "friday 4": the 4th, or at 4? */
  | "weekday_and_number"
  /** A recurring day ("mondays", "every monday", "los lunes", "às segundas"). */
  | "recurring"
  /** "12am": people write it for noon as often as for midnight. */
  | "twelve_am"
  /** A duration from now ("in 2 hours", "in 15h"), which the flow cannot book as said. */
  | "duration"
  /** "this weekend" on a Sunday, "next weekend" on a weekday: which weekend is meant. */
  | "which_weekend";

export interface TimeOfDay {
  /** 0-23 on the clinic's wall clock. */
  hour: number;
  minute: number;
  /**
   * No am/pm, part of day or 24-hour form decided it ("at 3", "10:30", "half past ten", "at 12"):
   * the time is `hour` or (hour + 12) % 24, and the flow tries both against opening hours.
   * `hour` is then 1-12 as typed.
   */
  ambiguousMeridiem: boolean;
}

export interface Span {
  index: number;
  length: number;
}

export type When =
  /** Nothing about a day or a time in the text (bare numbers included: menus use them). */
  | { kind: "none" }
  /**
   * Day- or time-like, but a guess could be wrong: the flow asks. `spans` as below, so express
   * booking can still take the service from "cleaning next friday" and ask only which Friday.
   */
  | { kind: "unsure"; reason: UnsureReason; days?: Day[]; spans: Span[] }
  | {
    kind: "when";
    /** One local day; `past` when it is before the clinic's today. */
    day: { day: Day; past: boolean } | null;
    /** A span of local days, inclusive ("next week"). Never set together with `day`. */
    range: { from: Day; to: Day } | null;
    time: TimeOfDay | null;
    part: PartOfDay | null;
    /** Where in the text the reading came from, in order (UTF-16 indexes into the text as given). */
    spans: Span[];
  };
