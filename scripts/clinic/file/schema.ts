/**
 * The clinic file format: the one definition of it (types come from here). A clinic file describes
 * one clinic; its keys are the column names staff see in Studio wherever a column exists. What the
 * file leaves out, `apply` leaves alone (a new clinic gets the database's defaults); a section it
 * lists is the whole truth for that section. The demo clinic, annotated field by field:
 * supabase/clinics/harbor-family-clinic.yaml.
 *
 * Bounds repeat the database's check constraints so a mistake is named with its line before any
 * connection is made; the constraints stay the guard.
 */
import { z } from "zod";
import { CLOCK_TIME, parseRanges, parseWeekdays, sortBlocks, type HoursBlock } from "./hours.ts";
import { parseLocalTime } from "./local-time.ts";
import { templateProblem, type TemplateKind } from "../../../shared/templates/placeholders.ts";

/** The languages the assistant speaks: the values of the enum `public.language_code`. */
export const LANGUAGES = ["en", "es", "pt"] as const;
export type Language = (typeof LANGUAGES)[number];
/** `public.staff_role`. */
export const STAFF_ROLES = ["owner", "receptionist"] as const;
/** A number's name: its env file `.local/bots/<name>.env` and its PM2 app (bot/src/env-file.ts). */
export const BOT_NAME = /^[a-z0-9][a-z0-9-]*$/;
/** As the check constraints on channels.phone and staff.alert_phone. */
const E164 = /^\+[1-9][0-9]{6,14}$/;
/** As the check constraint on clinics.locale: en-US, es-MX, pt-BR, es-419, … */
const LOCALE = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;
/** Bounds of the clinics table's check constraints. */
const SLOT_MINUTES = { min: 5, max: 240 } as const;
const HOLD_MINUTES = { min: 1, max: 60 } as const;
const HORIZON_DAYS = { min: 1, max: 365 } as const;
/** services.duration_minutes. */
const DURATION_MINUTES = { min: 5, max: 480 } as const;
/** Even a demo login's password (local stacks only) is not a one-word guess. */
const MIN_DEMO_PASSWORD = 8;

/** YAML reads unquoted 911, 12.5 or true as a number or boolean: say how to keep it text. */
const quoteHint = (issue: { input?: unknown }): string =>
  typeof issue.input === "number" || typeof issue.input === "boolean"
    ? `write it in quotes ("${String(issue.input)}"): unquoted, YAML reads it as a ${typeof issue.input}`
    : "must be text";
const text = z.string({ error: quoteHint }).trim().min(1, "must not be empty");
/** Any 8-4-4-4-12 hex id, as Postgres' uuid type accepts (the demo's fixed ids are not random v4). */
const id = z.guid("must be a uuid like c11a1c00-0000-4000-8000-000000000001");
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.number({ error: "must be a number" }).int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const clockTime = z.string().regex(CLOCK_TIME, "must be a time like 08:00 (24-hour clock)");

const phone = z.string({
  error: (issue) =>
    typeof issue.input === "number"
      ? 'write phone numbers in quotes, like "+15551234567" (unquoted, YAML reads them as numbers and drops the +)'
      : "must be a phone number in international format, like \"+15551234567\"",
}).regex(E164, 'must be in international format: + and the country code, digits only, like "+15551234567"');

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A name per language, e.g. {es: "Consulta general"}: `name_translations`. */
const translations = z.strictObject({ en: text.optional(), es: text.optional(), pt: text.optional() });
export type Translations = z.output<typeof translations>;

const keywords = z.array(text);

const ranges = z.union([z.string(), z.array(z.string())], { error: "must be time ranges, like 09:00-13:00, 14:00-17:00" });

/** `{mon-fri: "09:00-13:00, 14:00-17:00", sat: "09:00-13:00"}` → working_hours rows. */
const weeklyHours = z.record(z.string(), ranges).transform((days, ctx): HoursBlock[] => {
  const blocks: HoursBlock[] = [];
  const seen = new Map<number, string>();
  for (const [key, value] of Object.entries(days)) {
    const weekdays = parseWeekdays(key);
    if (!weekdays.ok) {
      ctx.issues.push({ code: "custom", message: weekdays.message, input: key, path: [key] });
      continue;
    }
    const parsed = parseRanges(value);
    if (!parsed.ok) {
      ctx.issues.push({ code: "custom", message: parsed.message, input: value, path: [key] });
      continue;
    }
    for (const weekday of weekdays.value) {
      const earlier = seen.get(weekday);
      if (earlier !== undefined) {
        ctx.issues.push({ code: "custom", message: `this day is already given by "${earlier}"`, input: key, path: [key] });
        continue;
      }
      seen.set(weekday, key);
      for (const range of parsed.value) blocks.push({ weekday, ...range });
    }
  }
  return sortBlocks(blocks);
});

const clinic = z
  .strictObject({
    id: id.optional(),
    name: text,
    timezone: z.string().refine(isTimeZone, "must be a time zone name like America/New_York"),
    language: z.enum(LANGUAGES).optional(),
    locale: z.string().regex(LOCALE, "must be a language tag like en-US, es-MX or pt-BR").optional(),
    ask_provider: z.boolean().optional(),
    slot_minutes: int(SLOT_MINUTES.min, SLOT_MINUTES.max).optional(),
    hold_minutes: int(HOLD_MINUTES.min, HOLD_MINUTES.max).optional(),
    min_notice_minutes: int(0).optional(),
    booking_horizon_days: int(HORIZON_DAYS.min, HORIZON_DAYS.max).optional(),
    max_upcoming_per_patient: int(1).optional(),
    session_idle_minutes: int(1).optional(),
    human_idle_minutes: int(1).optional(),
    cooloff_minutes: int(0).optional(),
    rate_limit_per_minute: int(1).optional(),
    reminder_hours_before: int(0).optional(),
    alert_hours_start: clockTime.optional(),
    alert_hours_end: clockTime.optional(),
    /** null (both): no quiet hours. */
    quiet_hours_start: clockTime.nullable().optional(),
    quiet_hours_end: clockTime.nullable().optional(),
  })
  .check((ctx) => {
    const { alert_hours_start: start, alert_hours_end: end } = ctx.value;
    if (start !== undefined && start === end) {
      ctx.issues.push({ code: "custom", message: "alert hours must not start and end at the same time", input: end, path: ["alert_hours_end"] });
    }
    // Both or neither: null for both switches quiet hours off; one alone keeps the other's value.
    const { quiet_hours_start: quietStart, quiet_hours_end: quietEnd } = ctx.value;
    const off = (value: string | null | undefined) => value === null;
    if (off(quietStart) !== off(quietEnd) && (quietStart !== undefined || quietEnd !== undefined) && (off(quietStart) || off(quietEnd))) {
      const path = off(quietStart) ? "quiet_hours_end" : "quiet_hours_start";
      ctx.issues.push({ code: "custom", message: "no quiet hours is null for both quiet_hours_start and quiet_hours_end", input: ctx.value[path], path: [path] });
    } else if (quietStart !== undefined && quietStart !== null && quietStart === quietEnd) {
      ctx.issues.push({ code: "custom", message: "quiet hours must not start and end at the same time (null for both: no quiet hours)", input: quietEnd, path: ["quiet_hours_end"] });
    }
  });

/** The columns of clinics a file may set, in the schema's order. */
export const CLINIC_SETTINGS: readonly string[] = Object.keys(clinic.shape).filter((key) => key !== "id");

const provider = z.strictObject({
  id: id.optional(),
  name: text,
  name_translations: translations.optional(),
  hours: weeklyHours.optional(),
});

const service = z.strictObject({
  id: id.optional(),
  name: text,
  name_translations: translations.optional(),
  description: z.string().trim().nullable().optional(),
  duration_minutes: int(DURATION_MINUTES.min, DURATION_MINUTES.max),
  price_cents: int(0).nullable().optional(),
  keywords: keywords.optional(),
  providers: z.array(text).min(1, "name at least one practitioner who offers it (a service nobody offers cannot be booked)"),
});

const localTime = (edge: "start" | "end") =>
  z.string().transform((value, ctx) => {
    const parsed = parseLocalTime(value, edge);
    if (!parsed.ok) {
      ctx.issues.push({ code: "custom", message: parsed.message, input: value });
      return z.NEVER;
    }
    return parsed.value;
  });

const closure = z
  .strictObject({
    provider: text.optional(),
    from: localTime("start"),
    to: localTime("end"),
    reason: z.string().trim().min(1).optional(),
  })
  .check((ctx) => {
    if (ctx.value.to <= ctx.value.from) {
      ctx.issues.push({ code: "custom", message: "must be after from", input: ctx.value.to, path: ["to"] });
    }
  });

const faq = z.strictObject({
  id: id.optional(),
  question: text,
  answer: text,
  keywords: keywords.optional(),
  enabled: z.boolean().optional(),
});

const staffMember = z
  .strictObject({
    display_name: z.string().trim().min(1).optional(),
    role: z.enum(STAFF_ROLES).optional(),
    email: z.email("must be an email address").transform((email) => email.toLowerCase()).optional(),
    /** null removes it. */
    alert_phone: phone.nullable().optional(),
  })
  .check((ctx) => {
    if (ctx.value.email === undefined && !ctx.value.alert_phone) {
      ctx.issues.push({ code: "custom", message: "give the person's login (email), an alert_phone, or both", input: ctx.value, path: [] });
    }
  });

const channel = z.strictObject({
  name: z.string().regex(BOT_NAME, "must be lower-case letters, digits and -, like clinic-main (it names the bot's env file and PM2 app)"),
  id: id.optional(),
  phone,
  enabled: z.boolean().optional(),
});

/** A template's text for one kind of message, its placeholders checked as the database checks them. */
const templateText = (kind: TemplateKind) =>
  z.string({ error: quoteHint }).trim().check((ctx) => {
    const problem = templateProblem(kind, ctx.value);
    if (problem !== null) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  });
const templateLanguages = (kind: TemplateKind) =>
  z.strictObject({ en: templateText(kind).optional(), es: templateText(kind).optional(), pt: templateText(kind).optional() });
/** As the check on message_templates.name, kept to words a file and Studio both show plainly. */
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_-]{0,59}$/;

/**
 * The clinic's wording of the messages it sends first (table message_templates): per kind, one text
 * per language; notice templates (campaign) by name, then language. A kind or language left out is
 * written in the assistant's own words.
 */
const templates = z.strictObject({
  reminder: templateLanguages("reminder").optional(),
  appointment_booked: templateLanguages("appointment_booked").optional(),
  appointment_cancelled: templateLanguages("appointment_cancelled").optional(),
  appointment_moved: templateLanguages("appointment_moved").optional(),
  rebook_offer: templateLanguages("rebook_offer").optional(),
  hand_back: templateLanguages("hand_back").optional(),
  campaign: z.record(z.string(), templateLanguages("campaign")).check((ctx) => {
    for (const name of Object.keys(ctx.value)) {
      if (!TEMPLATE_NAME.test(name)) {
        ctx.issues.push({ code: "custom", message: "a notice template's name is lower-case letters, digits, _ and - (doctor_away)", input: name, path: [name] });
      }
    }
  }).optional(),
});

const demoLogin = z.strictObject({
  id,
  email: z.email("must be an email address").transform((email) => email.toLowerCase()),
  password: z.string().min(MIN_DEMO_PASSWORD),
});

/** The whole file, before cross-checks. */
const fileShape = z.strictObject({
  clinic,
  hours: weeklyHours.optional(),
  providers: z.array(provider).optional(),
  services: z.array(service).optional(),
  closures: z.array(closure).optional(),
  faqs: z.strictObject({ en: z.array(faq).optional(), es: z.array(faq).optional(), pt: z.array(faq).optional() }).optional(),
  templates: templates.optional(),
  staff: z.array(staffMember).optional(),
  channels: z.array(channel).optional(),
  function_url: z.url({ protocol: /^https?$/, error: "must be the whatsapp-webhook function's http(s) URL" }).optional(),
  demo_logins: z.array(demoLogin).optional(),
});

type Shape = z.output<typeof fileShape>;
type Issues = { issues: z.core.$ZodRawIssue[]; value: Shape };

/** Reports the second and later entries of the list at `at` that repeat a key (case-insensitive). */
function unique<T>(ctx: Issues, list: readonly T[] | undefined, at: readonly string[], field: string, key: (item: T) => string | undefined, what: string): void {
  const seen = new Map<string, number>();
  list?.forEach((item, index) => {
    const value = key(item);
    if (value === undefined) return;
    const first = seen.get(value.toLowerCase());
    if (first === undefined) seen.set(value.toLowerCase(), index);
    else ctx.issues.push({ code: "custom", message: `${what} is already used by ${at.join(".")}[${first}]`, input: value, path: [...at, index, field] });
  });
}

/** Names one practitioner of the file, or reports where it is used. */
function knownProvider(ctx: Issues, names: ReadonlySet<string>, name: string, path: PropertyKey[]): void {
  if (!names.has(name)) {
    ctx.issues.push({
      code: "custom",
      message: names.size === 0
        ? `no practitioner named "${name}": list practitioners under providers`
        : `no practitioner named "${name}" under providers (there: ${[...names].join(", ")})`,
      input: name,
      path,
    });
  }
}

export const clinicFileSchema = fileShape.check((ctx) => {
  const file = ctx.value;
  unique(ctx, file.providers, ["providers"], "name", (p) => p.name, "this name");
  unique(ctx, file.providers, ["providers"], "id", (p) => p.id, "this id");
  unique(ctx, file.services, ["services"], "name", (s) => s.name, "this name");
  unique(ctx, file.services, ["services"], "id", (s) => s.id, "this id");
  unique(ctx, file.staff, ["staff"], "email", (s) => s.email, "this login");
  unique(ctx, file.staff, ["staff"], "alert_phone", (s) => s.alert_phone ?? undefined, "this alert phone");
  unique(ctx, file.channels, ["channels"], "name", (c) => c.name, "this name");
  unique(ctx, file.channels, ["channels"], "phone", (c) => c.phone, "this number");
  unique(ctx, file.channels, ["channels"], "id", (c) => c.id, "this id");
  unique(ctx, file.demo_logins, ["demo_logins"], "email", (l) => l.email, "this email");

  const providerNames = new Set((file.providers ?? []).map((p) => p.name));
  if (file.hours !== undefined && file.providers === undefined) {
    ctx.issues.push({ code: "custom", message: "hours are the practitioners' default hours: list the practitioners under providers", input: file.hours, path: ["hours"] });
  }
  file.services?.forEach((s, index) => {
    if (file.providers === undefined) {
      ctx.issues.push({ code: "custom", message: "the practitioners named here must be listed under providers", input: s.providers, path: ["services", index, "providers"] });
      return;
    }
    s.providers.forEach((name, at) => knownProvider(ctx, providerNames, name, ["services", index, "providers", at]));
    const repeated = s.providers.findIndex((name, at) => s.providers.indexOf(name) !== at);
    if (repeated >= 0) ctx.issues.push({ code: "custom", message: "named twice", input: s.providers[repeated], path: ["services", index, "providers", repeated] });
  });
  file.closures?.forEach((c, index) => {
    if (c.provider !== undefined) knownProvider(ctx, providerNames, c.provider, ["closures", index, "provider"]);
  });

  const faqIds = new Map<string, string>();
  for (const language of LANGUAGES) {
    const entries = file.faqs?.[language];
    unique(ctx, entries, ["faqs", language], "question", (f) => f.question, "this question");
    entries?.forEach((entry, index) => {
      if (entry.id === undefined) return;
      const first = faqIds.get(entry.id);
      if (first !== undefined) ctx.issues.push({ code: "custom", message: `this id is already used by faqs.${first}`, input: entry.id, path: ["faqs", language, index, "id"] });
      else faqIds.set(entry.id, `${language}[${index}]`);
    });
  }
});

export type ClinicFile = z.output<typeof clinicFileSchema>;
export type ClinicSettings = Omit<ClinicFile["clinic"], "id">;
export type ProviderEntry = NonNullable<ClinicFile["providers"]>[number];
export type ServiceEntry = NonNullable<ClinicFile["services"]>[number];
export type ClosureEntry = NonNullable<ClinicFile["closures"]>[number];
export type FaqEntry = z.output<typeof faq>;
export type StaffEntry = NonNullable<ClinicFile["staff"]>[number];
export type ChannelEntry = NonNullable<ClinicFile["channels"]>[number];
export type DemoLogin = NonNullable<ClinicFile["demo_logins"]>[number];
export type TemplatesSection = NonNullable<ClinicFile["templates"]>;
