/**
 * Dates and times as patients read them, in the clinic's time zone: "Tue 25 Nov, 10:30".
 * 24-hour clock and day-before-month, matching how numeric dates are read (flow/parse-when.ts).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

function parts(instant: Date, timeZone: string): Record<string, string> {
  const format = formatter(`when:${timeZone}`, () =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }));
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) out[part.type] = part.value;
  return out;
}

/** "10:30" */
export function formatTime(instant: string | Date, timeZone: string): string {
  const p = parts(new Date(instant), timeZone);
  return `${p.hour}:${p.minute}`;
}

/** "Tue 25 Nov, 10:30" */
export function formatWhen(instant: string | Date, timeZone: string): string {
  const p = parts(new Date(instant), timeZone);
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute}`;
}

/** "Tue 25 Nov" for a calendar day `YYYY-MM-DD` (no time zone involved: it is already local). */
export function formatDay(day: string): string {
  const p = parts(new Date(`${day}T12:00:00Z`), "UTC");
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** "Sundays" for an ISO weekday. */
export function weekdayPlural(isoWeekday: number): string {
  const names = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"];
  return names[isoWeekday - 1] ?? "that day";
}

/** A numbered choice list, one `N. label` per line (ARCHITECTURE.md conversation conventions). */
export function numbered(labels: readonly string[]): string {
  return labels.map((label, index) => `${index + 1}. ${label}`).join("\n");
}
