/**
 * Runs a language's corpus at every fixed clock in every zone, and counts right / unread / wrong:
 * - right: the reading expected (or `none`, or `unsure`, where that is expected);
 * - unread: `none` or `unsure` where a reading (or `unsure`) was expected: the flow asks again;
 * - wrong: a reading that differs from the expected one, or anything but `none` for a text that
 *   names no day or time. Wrong readings are what must never happen.
 */
import { readWhen } from "../read-when.ts";
import type { DateOrder, Day, Language, When } from "../types.ts";
import { dateOrderAt, instantAt, WALL_CLOCKS, ZONES } from "./clocks.ts";
import type { Row } from "./expect.ts";
import { type Expected, expectedAt, judge, type Verdict } from "./oracle.ts";

/** The corpus's clinics take bookings this many days ahead. */
export const HORIZON_DAYS = 14;

export interface Finding {
  text: string;
  zone: string;
  wall: string;
  expected: Expected;
  actual: When;
}

export interface CorpusCounts {
  language: Language;
  utterances: number;
  clocks: number;
  readings: Record<Verdict, number>;
  /** An utterance is wrong if it is wrong at any clock, unread if unread at any (and never wrong). */
  byUtterance: Record<Verdict, number>;
  wrong: Finding[];
  unread: Finding[];
}

function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface Sample {
  text: string;
  zone: string;
  wall: string;
  today: Day;
  dateOrder: DateOrder;
  actual: When;
}

/** Every row read at every clock in every zone, in a fixed order. */
export function* readCorpus(language: Language, rows: readonly Row[]): Generator<Sample & { expect: Row[1] }> {
  for (const zone of ZONES) {
    const dateOrder = dateOrderAt(language, zone);
    for (const wall of WALL_CLOCKS) {
      const now = instantAt(wall, zone);
      const today = wall.slice(0, 10);
      const bookable = (day: Day) => day >= today && day <= addDays(today, HORIZON_DAYS);
      for (const [text, expect] of rows) {
        const actual = readWhen(text, { now, timeZone: zone, language, dateOrder, bookable });
        yield { text, zone, wall, today, dateOrder, actual, expect };
      }
    }
  }
}

export function runCorpus(language: Language, rows: readonly Row[]): CorpusCounts {
  const counts: CorpusCounts = {
    language,
    utterances: rows.length,
    clocks: ZONES.length * WALL_CLOCKS.length,
    readings: { right: 0, unread: 0, wrong: 0 },
    byUtterance: { right: 0, unread: 0, wrong: 0 },
    wrong: [],
    unread: [],
  };
  const worst = new Map<string, Verdict>();
  for (const { text, zone, wall, today, dateOrder, actual, expect } of readCorpus(language, rows)) {
    const expected = expectedAt(expect, { today, language, dateOrder, horizonDays: HORIZON_DAYS });
    const verdict = judge(text, actual, expected);
    counts.readings[verdict] += 1;
    if (verdict !== "right") counts[verdict].push({ text, zone, wall, expected, actual });
    const before = worst.get(text);
    if (before !== "wrong" && (before !== "unread" || verdict === "wrong")) worst.set(text, verdict);
  }
  for (const verdict of worst.values()) counts.byUtterance[verdict] += 1;
  return counts;
}

export function summary(counts: CorpusCounts): string {
  const { readings: r, byUtterance: u } = counts;
  return `corpus ${counts.language}: ${counts.utterances} utterances × ${counts.clocks} clocks: ` +
    `right ${r.right}, unread ${r.unread}, wrong ${r.wrong} ` +
    `(by utterance: right ${u.right}, unread ${u.unread}, wrong ${u.wrong})`;
}
