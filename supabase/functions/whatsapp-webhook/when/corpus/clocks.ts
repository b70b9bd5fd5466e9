/**
 * The fixed clocks the corpus runs at: wall-clock times in each zone, near local midnight, around
 * the daylight-saving changes of the US (8 March, 1 November 2026) and Europe (29 March, 25 October
 * 2026), at month and year ends, on a leap day, and on every weekday (weekday rules depend on it).
 * America/Sao_Paulo and America/Mexico_City no longer change their clocks.
 */
import type { DateOrder, Language } from "../types.ts";

export const ZONES = [
  "America/New_York",
  "America/Mexico_City",
  "America/Sao_Paulo",
  "Europe/Madrid",
  "Europe/Lisbon",
] as const;

/** Local wall-clock times, `YYYY-MM-DDTHH:MM`, each read in every zone. */
export const WALL_CLOCKS = [
  "2026-03-07T23:30", // Saturday night before the US change
  "2026-03-08T00:15", // Sunday of the US change, just after midnight
  "2026-03-08T23:30",
  "2026-03-10T23:30", // Tuesday
  "2026-03-28T23:30", // Saturday night before the European change
  "2026-03-29T00:15",
  "2026-10-24T23:30", // Saturday night before Europe goes back
  "2026-10-25T00:15",
  "2026-10-31T23:30", // Saturday night before the US goes back
  "2026-11-01T00:15",
  "2026-11-01T01:30", // the hour New York lives twice
  "2026-11-22T10:00", // Sunday
  "2026-11-23T09:00", // Monday
  "2026-11-25T14:00", // Wednesday
  "2026-11-26T08:00", // Thursday
  "2026-11-27T16:45", // Friday
  "2026-11-30T23:30", // last day of a 30-day month
  "2026-12-31T23:30", // New Year's Eve
  "2027-01-01T00:15",
  "2027-02-27T10:00", // Saturday before the end of February
  "2028-02-29T12:00", // leap day, a Tuesday
] as const;

/** The date order a clinic in that zone speaking that language would have. */
export function dateOrderAt(language: Language, zone: string): DateOrder {
  return language === "en" && zone === "America/New_York" ? "month_first" : "day_first";
}

const MS_PER_MINUTE = 60_000;

function wallOf(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** The instant at which `zone` shows `wall` (the first one, where the hour repeats). */
export function instantAt(wall: string, zone: string): Date {
  const asUtc = Date.parse(`${wall}:00Z`);
  // Every real offset is within ±14 hours; the earliest instant that shows the wall time wins.
  for (let minutes = -14 * 60; minutes <= 14 * 60; minutes += 15) {
    const candidate = new Date(asUtc + minutes * MS_PER_MINUTE);
    if (wallOf(candidate, zone) === wall) return candidate;
  }
  throw new Error(`${zone} never shows ${wall}`);
}
