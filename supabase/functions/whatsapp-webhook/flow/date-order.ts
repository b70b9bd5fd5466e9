/**
 * How the clinic writes numeric dates, judged by its time zone: month first (12/25) in the United
 * States, day first (25/12) everywhere else. A number over 12 is always the day, so "25/12" is read
 * as 25 December in both conventions.
 */

export type DateOrder = "month_first" | "day_first";

/** IANA zones of the United States (the month-first convention). */
const MONTH_FIRST_ZONES = [
  "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix",
  "America/Anchorage", "America/Detroit", "America/Boise", "America/Juneau", "America/Sitka",
  "America/Nome", "America/Adak", "America/Menominee", "America/Metlakatla", "America/Yakutat",
  "Pacific/Honolulu",
];
const MONTH_FIRST_PREFIXES = ["America/Indiana/", "America/Kentucky/", "America/North_Dakota/", "US/"];

export function dateOrder(timeZone: string): DateOrder {
  const monthFirst = MONTH_FIRST_ZONES.includes(timeZone) ||
    MONTH_FIRST_PREFIXES.some((prefix) => timeZone.startsWith(prefix));
  return monthFirst ? "month_first" : "day_first";
}
