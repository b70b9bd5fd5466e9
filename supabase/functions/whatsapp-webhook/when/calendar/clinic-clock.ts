/**
 * The clinic's wall clock at an instant, from Intl and the IANA zone alone: nothing here reads the
 * server's zone, so a function running in UTC, or a laptop in Kiritimati, reads the same day.
 */
import type { Day } from "../types.ts";
import { formatDay } from "./days.ts";

export interface WallClock {
  day: Day;
  hour: number;
  minute: number;
  /** Minutes the zone is ahead of UTC at that instant (chrono's reference offset). */
  offsetMinutes: number;
}

const MS_PER_MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    // Throws a RangeError for a zone that does not exist: a misconfigured clinic fails loudly.
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 0, month = parts.month ?? 1, day = parts.day ?? 1;
  const hour = parts.hour ?? 0, minute = parts.minute ?? 0;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const truncated = Math.floor(instant.getTime() / MS_PER_MINUTE) * MS_PER_MINUTE;
  return {
    day: formatDay({ year, month, day }),
    hour,
    minute,
    offsetMinutes: Math.round((wallAsUtc - truncated) / MS_PER_MINUTE),
  };
}
