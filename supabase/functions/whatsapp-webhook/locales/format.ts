/**
 * Dates and times as patients read them, with Intl: the clinic's time zone and locale, in the
 * patient's language. The clock (12- or 24-hour) is the clinic's, whatever the language: a
 * Spanish-speaking patient of a New York clinic reads "10:30 a.m.", as the clinic's signs say.
 * When the patient's language is not the clinic locale's, the language takes the clinic's region
 * (es + en-US → es-US) so names and date order are the language's own.
 */
import type { Language } from "./types.ts";

export interface Formatter {
  /** The locale the texts are formatted in (e.g. en-US, es-US, pt-BR). */
  readonly locale: string;
  /** Clock time at an instant, in the clinic's zone: "10:30 AM" (en-US), "10:30" (pt-BR). */
  time(instant: string | Date): string;
  /** A wall-clock time of day: clock(14, 30) → "2:30 PM". */
  clock(hour: number, minute: number): string;
  /** A calendar day `YYYY-MM-DD`: "Tue, Nov 24", "mar, 24 de nov", "ter., 24 de nov.". */
  day(day: string): string;
  /** Day and time of an instant: "Tue, Nov 24, 10:30 AM". */
  dayTime(instant: string | Date): string;
  /** 25 December in the locale's numeric order ("12/25" or "25/12"), for hints. */
  readonly dateExample: string;
  /** Two typed-time examples in the clinic's clock: ["10:00 AM", "2:30 PM"] or ["10:00", "14:30"]. */
  readonly timeExamples: readonly [string, string];
}

const cache = new Map<string, Formatter>();

/** The clinic's region with the patient's language, when the clinic's locale is in another one. */
export function localeFor(language: Language, clinicLocale: string, fallback: string): string {
  const clinic = new Intl.Locale(clinicLocale);
  if (clinic.language === language) return clinic.toString();
  if (!clinic.region) return fallback;
  // ICU knows es-US and pt-PT but not, say, en-BR: it would quietly fall back to plain "en".
  const candidate = `${language}-${clinic.region}`;
  return new Intl.DateTimeFormat(candidate).resolvedOptions().locale === candidate ? candidate : fallback;
}

function hourCycleOf(locale: string): Intl.DateTimeFormatOptions["hourCycle"] {
  return new Intl.DateTimeFormat(locale, { hour: "numeric" }).resolvedOptions().hourCycle ?? "h23";
}

/** A calendar day as the instant of its noon in UTC, so formatting it in UTC never shifts the day. */
function noonOf(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

export function formatterFor(language: Language, clinicLocale: string, timeZone: string, fallbackLocale: string): Formatter {
  const key = `${language}|${clinicLocale}|${timeZone}|${fallbackLocale}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const locale = localeFor(language, clinicLocale, fallbackLocale);
  const hourCycle = hourCycleOf(clinicLocale);
  // A 24-hour clock writes 09:00, a 12-hour one 9:00 AM.
  const twelveHour = hourCycle === "h11" || hourCycle === "h12";
  const clockOptions: Intl.DateTimeFormatOptions = { hour: twelveHour ? "numeric" : "2-digit", minute: "2-digit", hourCycle };
  const dayOptions: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" };
  const timeFormat = new Intl.DateTimeFormat(locale, { ...clockOptions, timeZone });
  const clockFormat = new Intl.DateTimeFormat(locale, { ...clockOptions, timeZone: "UTC" });
  const dayFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, timeZone: "UTC" });
  const dayTimeFormat = new Intl.DateTimeFormat(locale, { ...dayOptions, ...clockOptions, timeZone });
  const numericDate = new Intl.DateTimeFormat(locale, { day: "numeric", month: "numeric", timeZone: "UTC" });

  const clock = (hour: number, minute: number) => clockFormat.format(new Date(Date.UTC(2026, 0, 1, hour, minute)));
  const formatter: Formatter = {
    locale,
    time: (instant) => timeFormat.format(new Date(instant)),
    clock,
    day: (day) => dayFormat.format(noonOf(day)),
    dayTime: (instant) => dayTimeFormat.format(new Date(instant)),
    dateExample: numericDate.format(noonOf("2026-12-25")),
    timeExamples: [clock(10, 0), clock(14, 30)],
  };
  cache.set(key, formatter);
  return formatter;
}

/** A numbered choice list, one `N. label` per line (ARCHITECTURE.md conversation conventions). */
export function numbered(labels: readonly string[]): string {
  return labels.map((label, index) => `${index + 1}. ${label}`).join("\n");
}

/**
 * A formatted value that ends a sentence, with the sentence's full stop unless the value already
 * ends with one: pt-BR writes "ter., 24 de nov." and es-US "9:00 a.m.", which must not get "..".
 */
export function withPeriod(value: string): string {
  return value.endsWith(".") ? value : `${value}.`;
}
