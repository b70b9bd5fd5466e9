/**
 * Days and times on the clinic's wall clock, as closures are written in a clinic file: a date
 * (`2026-12-24`: from its start, or to its end) or a date and time (`2026-12-24 13:00`). Converted to
 * instants with Intl in the clinic's time zone, so the same file always gives the same instants.
 */
import type { Parsed } from "./hours.ts";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]([01]\d|2[0-3]):([0-5]\d))?$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DDTHH:MM` of a UTC-based date. */
function format(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 16);
}

/**
 * `2026-12-24` → `2026-12-24T00:00` as a start, `2026-12-25T00:00` as an end (the whole day is
 * included); `2026-12-24 13:00` → `2026-12-24T13:00` either way.
 */
export function parseLocalTime(value: string, edge: "start" | "end"): Parsed<string> {
  const match = LOCAL.exec(value.trim());
  if (!match) {
    return { ok: false, message: `"${value}" is not a date like 2026-12-24 or a date and time like 2026-12-24 13:00` };
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMs = Date.UTC(year, month - 1, day, Number(match[4] ?? 0), Number(match[5] ?? 0));
  const date = new Date(utcMs);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: `"${value}" is not a day of the calendar` };
  }
  const wholeDayEnd = edge === "end" && match[4] === undefined;
  return { ok: true, value: format(wholeDayEnd ? utcMs + MS_PER_DAY : utcMs) };
}

/** Minutes the zone is ahead of UTC at `instantMs`. */
function offsetMinutes(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wallMs = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((wallMs - Math.floor(instantMs / 1000) * 1000) / MS_PER_MINUTE);
}

/**
 * The instant (ISO, UTC) when the wall clock of `timeZone` shows `local` (`YYYY-MM-DDTHH:MM`). A time
 * the clocks repeat (fall back) gives the first of the two; a time they skip (spring forward) the
 * instant an hour on, as the clock then shows.
 */
export function wallClockToInstant(local: string, timeZone: string): string {
  const wallMs = Date.parse(`${local}:00Z`);
  // The zone's offsets a day either side cover any transition near this time.
  const offsets = [offsetMinutes(wallMs - MS_PER_DAY, timeZone), offsetMinutes(wallMs + MS_PER_DAY, timeZone)];
  const candidates = offsets.map((offset) => wallMs - offset * MS_PER_MINUTE);
  const shown = candidates.filter((instant) => instantToWallClock(new Date(instant).toISOString(), timeZone) === local);
  const instant = shown.length > 0 ? Math.min(...shown) : (candidates[0] as number);
  return new Date(instant).toISOString();
}

/** `YYYY-MM-DDTHH:MM` on the wall clock of `timeZone` at an instant. */
export function instantToWallClock(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  return format(ms + offsetMinutes(ms, timeZone) * MS_PER_MINUTE);
}
