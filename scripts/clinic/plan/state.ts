/**
 * What the database holds for one clinic, as the planner compares it with a file: the rows of the
 * tables a clinic file describes, in plain values (times of day as `HH:MM`, instants as ISO UTC).
 * Read by db/load.ts; an empty one (`emptyState`) is what `seed` plans against.
 */
import type { Language, Translations } from "../file/schema.ts";

export interface ProviderRow {
  id: string;
  name: string;
  name_translations: Translations;
  active: boolean;
}

export interface ServiceRow {
  id: string;
  name: string;
  name_translations: Translations;
  description: string | null;
  duration_minutes: number;
  price_cents: number | null;
  keywords: string[];
  active: boolean;
}

export interface OfferRow {
  id: string;
  provider_id: string;
  service_id: string;
}

export interface HoursRow {
  id: string;
  provider_id: string;
  weekday: number;
  start: string;
  end: string;
}

/** Only closures that have not ended: past ones are history the file does not describe. */
export interface ClosureRow {
  id: string;
  provider_id: string | null;
  starts_at: string;
  ends_at: string;
  reason: string | null;
}

export interface FaqRow {
  id: string;
  /** Null means the clinic's language. */
  language: Language | null;
  question: string;
  answer: string;
  keywords: string[];
  enabled: boolean;
}

export interface TemplateRow {
  id: string;
  kind: string;
  /** Notice (campaign) templates only. */
  name: string | null;
  language: Language;
  body: string;
}

export interface StaffRow {
  id: string;
  user_id: string | null;
  role: string;
  display_name: string | null;
  alert_phone: string | null;
}

export interface ChannelRow {
  id: string;
  phone: string | null;
  enabled: boolean;
}

/** The clinics row: its id and every setting a clinic file may give, by column name. */
export interface ClinicRow {
  id: string;
  settings: Record<string, string | number | boolean>;
}

export interface CurrentState {
  clinic: ClinicRow | null;
  providers: ProviderRow[];
  services: ServiceRow[];
  offers: OfferRow[];
  hours: HoursRow[];
  closures: ClosureRow[];
  faqs: FaqRow[];
  templates: TemplateRow[];
  staff: StaffRow[];
  channels: ChannelRow[];
  /** Logins (auth.users) of the emails the file names, lower-cased email → user id. */
  logins: ReadonlyMap<string, string>;
  /** Emails with more than one login: the file cannot say which one it means. */
  ambiguousLogins: ReadonlySet<string>;
  /** The database's clock (ISO): closures that ended before it are left alone. */
  now: string;
}

/** A database without this clinic. */
export function emptyState(now: string, logins: ReadonlyMap<string, string> = new Map()): CurrentState {
  return {
    clinic: null,
    providers: [],
    services: [],
    offers: [],
    hours: [],
    closures: [],
    faqs: [],
    templates: [],
    staff: [],
    channels: [],
    logins,
    ambiguousLogins: new Set(),
    now,
  };
}
