/**
 * Dates and times in a notice, with Intl in the clinic's locale and time zone. Without a locale
 * (clinics.locale not set) they read like the assistant's other replies: "Fri 11 Jan, 10:00".
 */

/** The locale used when the clinic has none: day before month, 24-hour clock. */
export const DEFAULT_LOCALE = "en-GB";

export interface NoticeFormat {
  /** "Fri 11 Jan, 10:00" */
  when(instant: string): string;
  /** "10:00" */
  time(instant: string): string;
  /** "Fri 11 Jan" for a local calendar day YYYY-MM-DD. */
  day(day: string): string;
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, found);
  }
  return found;
}

/** A locale Intl accepts, else the default (a typo in clinics.locale must not stop the messages). */
function usableLocale(locale: string | null): string {
  if (locale === null) return DEFAULT_LOCALE;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function noticeFormat(locale: string | null, timeZone: string): NoticeFormat {
  const tag = usableLocale(locale);
  return {
    when: (instant) =>
      formatter(tag, timeZone, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })
        .format(new Date(instant)),
    time: (instant) => formatter(tag, timeZone, { hour: "2-digit", minute: "2-digit" }).format(new Date(instant)),
    // A calendar day has no time zone of its own: noon UTC names the same day everywhere.
    day: (day) => formatter(tag, "UTC", { weekday: "short", day: "numeric", month: "short" }).format(new Date(`${day}T12:00:00Z`)),
  };
}
