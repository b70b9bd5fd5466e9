/**
 * dateOrderFor: whether a locale writes numeric dates day first (25/12) or month first (12/25), as
 * CLDR says through Intl: en-US, en-PH, fil… month first; en-GB, es-MX, es-US, pt-BR… day first.
 * A locale Intl does not know is read day first, as most of the world writes. A malformed tag is a
 * misconfigured clinic and throws Intl's RangeError.
 */
import { BoundedMemo } from "../../../../shared/bounded-memo.ts";
import type { DateOrder } from "./types.ts";

/** Any date whose day and month differ; only the order of the parts is looked at. */
const SAMPLE = new Date(Date.UTC(2026, 11, 25, 12));

/**
 * Every message read for a day or time asks this; Intl builds a formatter each time, which cost
 * more than the rest of reading a message. The answer depends on the tag alone, so it is kept per
 * tag as given (a few per isolate: they come from clinics' settings; bounded all the same). A
 * malformed tag is not kept and throws again every time.
 */
const MAX_CACHED_LOCALES = 256;
const orders = new BoundedMemo(MAX_CACHED_LOCALES, dateOrderOf);

export function dateOrderFor(locale: string): DateOrder {
  return orders.get(locale);
}

function dateOrderOf(locale: string): DateOrder {
  const tag = locale.trim().replace(/_/g, "-");
  if (Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 0) return "day_first";
  const parts = new Intl.DateTimeFormat(tag, { day: "numeric", month: "numeric", timeZone: "UTC" }).formatToParts(SAMPLE);
  const month = parts.findIndex((part) => part.type === "month");
  const day = parts.findIndex((part) => part.type === "day");
  return month < day ? "month_first" : "day_first";
}
