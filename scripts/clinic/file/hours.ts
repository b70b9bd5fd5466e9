/**
 * Weekly hours as a clinic file writes them: weekday keys (`mon`, or a run such as `mon-fri`) to one
 * or more time ranges (`09:00-13:00, 14:00-17:00`, or a list of them), the gap between two ranges
 * being a break. Pure parsing into the rows of `working_hours` (ISO weekday 1 = Monday … 7 = Sunday).
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];

/** One block of working time on one weekday, clinic wall clock, `HH:MM`. */
export interface HoursBlock {
  weekday: number;
  start: string;
  end: string;
}

export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** `09:00-13:00`, with a hyphen or an en dash, spaces allowed around it. */
const RANGE = /^\s*(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})\s*$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `mon` → [1]; `mon-fri` → [1..5]; `fri-mon` wraps over the weekend. */
export function parseWeekdays(key: string): Parsed<number[]> {
  const parts = key.trim().toLowerCase().split(/\s*[-–]\s*/);
  const indexes = parts.map((part) => WEEKDAYS.indexOf(part as WeekdayName));
  if (parts.length > 2 || indexes.some((index) => index < 0)) {
    return { ok: false, message: `"${key}" is not a weekday or a run of weekdays (use ${WEEKDAYS.join(", ")}, or e.g. mon-fri)` };
  }
  const [first, last = first] = indexes as [number, number?];
  const days: number[] = [];
  for (let day = first; ; day = (day + 1) % WEEKDAYS.length) {
    days.push(day + 1);
    if (day === last) break;
  }
  return { ok: true, value: days };
}

const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** `09:00-13:00, 14:00-17:00` or `["09:00-13:00", "14:00-17:00"]` → ranges in time order, no overlaps. */
export function parseRanges(value: string | readonly string[]): Parsed<Array<{ start: string; end: string }>> {
  const texts = typeof value === "string" ? value.split(",") : value;
  const ranges: Array<{ start: string; end: string }> = [];
  for (const text of texts) {
    const match = RANGE.exec(text);
    const [start, end] = [match?.[1] ?? "", match?.[2] ?? ""];
    if (!match || !CLOCK_TIME.test(start) || !CLOCK_TIME.test(end)) {
      return { ok: false, message: `"${text.trim()}" is not a time range like 09:00-13:00 (24-hour clock)` };
    }
    if (minutes(end) <= minutes(start)) {
      return { ok: false, message: `"${text.trim()}" ends before it starts (hours cannot run past midnight)` };
    }
    ranges.push({ start, end });
  }
  if (ranges.length === 0) return { ok: false, message: "give at least one time range, like 09:00-17:00 (leave a day out when nobody works)" };
  ranges.sort((a, b) => minutes(a.start) - minutes(b.start));
  for (let i = 1; i < ranges.length; i++) {
    const [previous, next] = [ranges[i - 1], ranges[i]] as [{ start: string; end: string }, { start: string; end: string }];
    if (minutes(next.start) < minutes(previous.end)) {
      return { ok: false, message: `${previous.start}-${previous.end} and ${next.start}-${next.end} overlap` };
    }
  }
  return { ok: true, value: ranges };
}

/** Blocks sorted by weekday and start: the order rows are compared and written in. */
export function sortBlocks(blocks: readonly HoursBlock[]): HoursBlock[] {
  return [...blocks].sort((a, b) => a.weekday - b.weekday || minutes(a.start) - minutes(b.start));
}

/** `Mon 09:00–13:00`, for messages. */
export function describeBlock(block: HoursBlock): string {
  const day = WEEKDAYS[block.weekday - 1] ?? String(block.weekday);
  return `${day[0]?.toUpperCase()}${day.slice(1)} ${block.start}–${block.end}`;
}
