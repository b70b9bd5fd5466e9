/**
 * dateOrderFor: whether a locale writes numeric dates day first (25/12) or month first (12/25), as
 * CLDR says through Intl: en-US, en-PH, fil… month first; en-GB, es-MX, es-US, pt-BR… day first.
 * A locale Intl does not know is read day first, as most of the world writes. A malformed tag is a
 * misconfigured clinic and throws Intl's RangeError.
 */
import type { DateOrder } from "./types.ts";

/** Any date whose day and month differ; only the order of the parts is looked at. */
const SAMPLE = new Date(Date.UTC(2026, 11, 25, 12));

export function dateOrderFor(locale: string): DateOrder {
  const tag = locale.trim().replace(/_/g, "-");
  if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 0) return "day_first";
  const parts = new Intl.DateTimeFormat(tag, { day: "numeric", month: "numeric", timeZone: "UTC" }).formatToParts(SAMPLE);
  const month = parts.findIndex((part) => part.type === "month");
  const day = parts.findIndex((part) => part.type === "day");
  return month < day ? "month_first" : "day_first";
}
