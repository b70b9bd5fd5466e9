/**
 * The flow's one door to reading days and times: the interface of the `when` module (issue 8 §4,
 * built in parallel as supabase/functions/whatsapp-webhook/when/), implemented here over
 * parse-when.ts until it lands. Switching is this file alone: re-export `readWhen` and
 * `dateOrderFor` from ../when/index.ts, then delete this adapter and parse-when.ts.
 *
 * What the adapter adds to chrono: parts of the day ("morning", "por la tarde", "de manhã"), week
 * ranges ("next week", "la próxima semana", "semana que vem"), and where each reading was found,
 * so the intent reader can set them aside.
 */
import { parseWhen } from "./parse-when.ts";
import { addDays, isoWeekday, localDay } from "./time.ts";

export type Language = "en" | "es" | "pt";
export type DateOrder = "day_first" | "month_first";
export type PartOfDay = "morning" | "afternoon" | "evening";

export interface WhenContext {
  now: Date;
  timeZone: string;
  language: Language;
  dateOrder: DateOrder;
  bookable?: (day: string) => boolean;
}

export type Span = { index: number; length: number };

export type When =
  | { kind: "none" }
  /** Date-like but a guess could be wrong: ask. */
  | { kind: "unsure"; reason: string }
  | {
    kind: "when";
    day: { day: string; past: boolean } | null;
    range: { from: string; to: string } | null;
    time: { hour: number; minute: number; ambiguousMeridiem: boolean } | null;
    part: PartOfDay | null;
    spans: Span[];
  };

/** Whether the locale writes numeric dates month first (en-US: 12/25) or day first (25/12). */
export function dateOrderFor(locale: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale, { day: "numeric", month: "numeric", timeZone: "UTC" })
    .formatToParts(new Date(Date.UTC(2026, 11, 25, 12)));
  const order = parts.filter((part) => part.type === "day" || part.type === "month").map((part) => part.type);
  return order[0] === "month" ? "month_first" : "day_first";
}

// Letters that may not touch a matched word (so "manhã" is not read inside "amanhã").
const EDGE_BEFORE = "(?<![\\p{L}\\p{N}])";
const EDGE_AFTER = "(?![\\p{L}\\p{N}])";

const PARTS: Record<Language, Array<[RegExp, PartOfDay]>> = {
  en: [
    [/(?:in the )?morning/iu, "morning"],
    [/(?:in the )?afternoon/iu, "afternoon"],
    [/(?:in the )?evening|tonight/iu, "evening"],
  ],
  es: [
    [/(?:por|en|de) la mañana|temprano/iu, "morning"],
    [/(?:por|en|de) la tarde|tarde/iu, "afternoon"],
    [/(?:por|en|de) la noche|noche/iu, "evening"],
  ],
  pt: [
    [/(?:de|pela|na|no período da) manhã|manhã|cedo/iu, "morning"],
    [/(?:à|a|de|pela|na) tarde|tarde/iu, "afternoon"],
    [/(?:à|a|de|pela|na) noite|noite/iu, "evening"],
  ],
};

type RangeKind = "this_week" | "next_week";
const RANGES: Record<Language, Array<[RegExp, RangeKind]>> = {
  en: [[/next week|the week after|this coming week/iu, "next_week"], [/this week|later this week/iu, "this_week"]],
  es: [[/(?:la )?(?:próxima|proxima) semana|(?:la )?semana que viene/iu, "next_week"], [/esta semana/iu, "this_week"]],
  pt: [[/(?:na |a )?(?:próxima|proxima) semana|(?:na |a )?semana que vem/iu, "next_week"], [/(?:n)?esta semana/iu, "this_week"]],
};

function find(text: string, pattern: RegExp): Span | null {
  const bounded = new RegExp(`${EDGE_BEFORE}(?:${pattern.source})${EDGE_AFTER}`, pattern.flags);
  const match = bounded.exec(text);
  return match ? { index: match.index, length: match[0].length } : null;
}

function weekRange(kind: RangeKind, today: string): { from: string; to: string } {
  const monday = addDays(today, 1 - isoWeekday(today));
  return kind === "this_week"
    ? { from: today, to: addDays(monday, 6) }
    : { from: addDays(monday, 7), to: addDays(monday, 13) };
}

export function readWhen(text: string, ctx: WhenContext): When {
  const spans: Span[] = [];
  let part: PartOfDay | null = null;
  for (const [pattern, value] of PARTS[ctx.language]) {
    const span = find(text, pattern);
    if (span && part === null) {
      part = value;
      spans.push(span);
    }
  }
  let range: { from: string; to: string } | null = null;
  for (const [pattern, kind] of RANGES[ctx.language]) {
    const span = find(text, pattern);
    if (span && range === null) {
      range = weekRange(kind, localDay(ctx.now, ctx.timeZone));
      spans.push(span);
    }
  }
  const parsed = parseWhen(text, ctx.now, ctx.timeZone, {
    language: ctx.language,
    monthFirst: ctx.dateOrder === "month_first",
    skip: spans,
  });
  const time = parsed.time === null ? null : {
    hour: parsed.time.hour,
    minute: parsed.time.minute,
    // "at 3" may be 3:00 or 15:00; "3pm", "15:00" and "15h" are certain.
    ambiguousMeridiem: !parsed.time.meridiemCertain && parsed.time.hour >= 1 && parsed.time.hour <= 12,
  };
  const day = range === null ? parsed.day : null;
  if (day === null && time === null && part === null && range === null) return { kind: "none" };
  return {
    kind: "when",
    day,
    range,
    time,
    part,
    spans: [...spans, ...parsed.spans].sort((a, b) => a.index - b.index),
  };
}
