/**
 * Wall-clock arithmetic in the clinic's time zone with Intl only (no tz database of our own).
 * A calendar day is a `YYYY-MM-DD` string; instants are `Date`s. Converting a wall-clock time to an
 * instant works across daylight-saving changes: the zone's offset is looked up at the candidate
 * instant and corrected once more, which settles for every real zone.
 */
import { BoundedMemo } from "../../../../shared/bounded-memo.ts";

export const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Wall clocks already read, per zone and instant. A turn reads the local day of every free slot it
 * is given (up to a thousand over the horizon) and each read through Intl costs microseconds; the
 * same clinic's slots recur turn after turn, and the answer for an instant never changes. Bounded
 * per zone; the objects are frozen because callers share them.
 */
const MAX_CACHED_INSTANTS = 8_192;
const clocksByZone = new Map<string, BoundedMemo<number, Readonly<WallClock>>>();

/** The wall clock in `timeZone` at `instant`. */
export function wallClock(instant: Date, timeZone: string): Readonly<WallClock> {
  let clocks = clocksByZone.get(timeZone);
  if (clocks === undefined) {
    // An unknown zone throws here (Intl's RangeError), before anything is kept for it.
    partsFormatter(timeZone);
    // An invalid date throws in readWallClock and is not kept.
    clocks = new BoundedMemo(MAX_CACHED_INSTANTS, (ms: number) => Object.freeze(readWallClock(new Date(ms), timeZone)));
    clocksByZone.set(timeZone, clocks);
  }
  return clocks.get(instant.getTime());
}

function readWallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

/** Minutes the zone is ahead of UTC at `instant` (e.g. 60 for Lisbon in summer). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  const truncated = Math.floor(instant.getTime() / MS_PER_MINUTE) * MS_PER_MINUTE;
  return Math.round((asUtc - truncated) / MS_PER_MINUTE);
}

/**
 * The instant at which the zone's clock shows `clock`. Daylight-saving changes happen at night, when
 * no clinic is open, so a time inside a gap or an overlap just maps to a neighbouring instant.
 */
export function zonedInstant(clock: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute);
  const firstGuess = asUtc - offsetMinutes(new Date(asUtc), timeZone) * MS_PER_MINUTE;
  const secondGuess = asUtc - offsetMinutes(new Date(firstGuess), timeZone) * MS_PER_MINUTE;
  return new Date(secondGuess);
}

/** The calendar day in `timeZone` at `instant`, as `YYYY-MM-DD`. */
export function localDay(instant: Date, timeZone: string): string {
  const clock = wallClock(instant, timeZone);
  return formatDay(clock.year, clock.month, clock.day);
}

function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function splitDay(day: string): { year: number; month: number; day: number } {
  const [year, month, date] = day.split("-").map(Number);
  return { year: year ?? 0, month: month ?? 0, day: date ?? 0 };
}

/** `day` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const parts = splitDay(day);
  const moved = new Date(Date.UTC(parts.year, parts.month - 1, parts.day) + days * MS_PER_DAY);
  return formatDay(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const parts = splitDay(day);
  const weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The instants at which `day` starts and the next day starts, in `timeZone`. */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const parts = splitDay(day);
  const next = splitDay(addDays(day, 1));
  return {
    start: zonedInstant({ ...parts, hour: 0, minute: 0 }, timeZone),
    end: zonedInstant({ ...next, hour: 0, minute: 0 }, timeZone),
  };
}

/** Minutes after local midnight of `instant` in `timeZone` (wall clock, so 10:30 is 630). */
export function minuteOfDay(instant: Date, timeZone: string): number {
  const clock = wallClock(instant, timeZone);
  return clock.hour * 60 + clock.minute;
}
