/**
 * Everything a transition may read besides the state and the event: the clock, the clinic's
 * settings and catalog, the patient, and the patient's language with its texts and formats.
 */
import { BUNDLES } from "../locales/index.ts";
import { formatterFor, type Formatter } from "../locales/format.ts";
import type { Language, LocaleBundle } from "../locales/types.ts";

export interface ServiceFact {
  id: string;
  name: string;
  /** The name in other languages; a language left out shows `name`. */
  names: Partial<Record<Language, string>>;
  /** Other words patients use for the service, in any language. */
  keywords: readonly string[];
  durationMinutes: number;
  /** Active practitioners offering it, in the clinic's order. */
  providerIds: readonly string[];
}

export interface ProviderFact {
  id: string;
  name: string;
  names: Partial<Record<Language, string>>;
}

/** The clinic's hours on one ISO weekday, wall-clock "HH:MM". */
export interface OpeningHours {
  weekday: number;
  opens: string;
  closes: string;
}

/** Clinic settings the flow needs (columns of `clinics`, see docs/design.md). */
export interface ClinicSettings {
  name: string;
  timezone: string;
  /** BCP 47 (en-US, es-MX, pt-BR): the clock and date order patients see and type. */
  locale: string;
  language: Language;
  /** Ask the patient which practitioner when several offer the service (else the first free). */
  askProvider: boolean;
  holdMinutes: number;
  horizonDays: number;
  minNoticeMinutes: number;
  cooloffMinutes: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which any provider works. */
  openWeekdays: number[];
  /** Local days (`YYYY-MM-DD`) on which the whole clinic is closed (holidays). */
  closedDays: string[];
  hours: OpeningHours[];
}

export interface FlowContext {
  now: Date;
  clinic: ClinicSettings;
  services: readonly ServiceFact[];
  providers: readonly ProviderFact[];
  patient: { name: string | null; pushName: string | null };
  /** The language the patient is spoken to in, with its texts and words … */
  language: Language;
  t: LocaleBundle["texts"];
  words: LocaleBundle["words"];
  /** … and dates formatted for it in the clinic's locale and zone. */
  fmt: Formatter;
}

export type FlowFacts = Omit<FlowContext, "t" | "words" | "fmt">;

export function flowContext(facts: FlowFacts): FlowContext {
  const bundle = BUNDLES[facts.language];
  return {
    ...facts,
    t: bundle.texts,
    words: bundle.words,
    fmt: formatterFor(facts.language, facts.clinic.locale, facts.clinic.timezone, bundle.defaultLocale),
  };
}

/** The same context speaking another language. */
export function withLanguage(ctx: FlowContext, language: Language): FlowContext {
  return language === ctx.language ? ctx : flowContext({ ...ctx, language });
}

/** A service's name in the patient's language (its id, should it have left the catalog). */
export function serviceName(ctx: FlowContext, serviceId: string, fallback?: string): string {
  const service = ctx.services.find((s) => s.id === serviceId);
  return service ? (service.names[ctx.language] ?? service.name) : (fallback ?? serviceId);
}

export function providerName(ctx: FlowContext, providerId: string, fallback?: string): string {
  const provider = ctx.providers.find((p) => p.id === providerId);
  return provider ? (provider.names[ctx.language] ?? provider.name) : (fallback ?? providerId);
}
