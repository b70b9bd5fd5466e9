/**
 * Writes the text of a claimed outbox row from its kind, params and context (claim_outbox's
 * outbox_render_context), in the patient's language (else the clinic's) with the clinic's locale
 * and time zone, and the conversation state the patient should be in once it is sent. The wording
 * is the clinic's template for the kind in that language (message_templates, in the context), else
 * the locale bundle's own (locales/<language>/notices.ts), both with the same placeholders
 * (shared/templates/placeholders.ts); what the conversation answers (a reminder's numbered choices,
 * a rebook offer's free times, the main menu) is appended from the bundle. Messages to a staff phone
 * (staff.ts) are in that person's alert language, else the clinic's. Pure: the store calls it
 * between the claim and render_outbox. A row it cannot write (a kind it does not know, params of
 * the wrong shape) comes back with the reason instead, and the database fails that row alone.
 */
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../../../../shared/contract/index.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import { fillTemplate, type Placeholder } from "../../../../shared/templates/placeholders.ts";
import type { FlowState } from "../flow/state.ts";
import type { AppointmentFact } from "../flow/facts.ts";
import { localDay } from "../flow/time.ts";
import { menuList } from "../flow/steps/common.ts";
import { visitOptions } from "../flow/steps/confirm-visit.ts";
import { BUNDLES } from "../locales/index.ts";
import { type Formatter, formatterFor, numbered } from "../locales/format.ts";
import { type DefaultTemplateKind, LANGUAGES, type Language, type LocaleBundle, type RebookChoice } from "../locales/types.ts";
import { afterNoticeState, type ConversationFacts, isIdle, REBOOK_TIME_OPTIONS, rebookState, reminderState } from "./next-state.ts";
import { patientLabel, quote } from "../staff/label.ts";

/** Kinds sent to a staff member's phone: written in their alert language, not the patient's. */
const TO_STAFF: ReadonlySet<string> = new Set(["staff_alert", "patient_message"]);

const language = z.enum(LANGUAGES);
/** A catalog entry: the clinic's own name and its translations ({"es": "Limpieza"}). */
const named = z.object({ name: z.string(), names: z.partialRecord(language, z.string()) });
const slot = z.object({ slotId: z.string(), startsAt: z.string(), providerId: z.string() });

const contextSchema = z.object({
  clinic: z.object({ name: z.string(), timezone: z.string(), language, locale: z.string() }),
  patient: z.object({ name: z.string().nullable(), pushName: z.string().nullable(), language: language.nullable() }).nullable(),
  conversation: z.object({
    mode: z.enum(["bot", "human"]),
    state: z.unknown(),
    version: z.number().int(),
    pausedUntil: z.string().nullable(),
    lastInboundAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
    sessionIdleMinutes: z.number().int(),
  }).nullable(),
  appointment: z.object({
    id: z.string(),
    status: z.string(),
    serviceId: z.string(),
    serviceName: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    /** Since 20261203400600; null: not confirmed yet. */
    confirmedAt: z.string().nullable().optional(),
  }).nullable(),
  /** Rebook offers: the first day with free times; `providerId` set when they are all that practitioner's. */
  freeTimes: z.object({ day: z.string(), providerId: z.string().nullable(), slots: z.array(slot) }).nullable(),
  /** The clinic's services and practitioners by id, to name them in the reader's language. */
  catalog: z.object({ services: z.record(z.string(), named), providers: z.record(z.string(), named) }),
  /** Messages to an alert phone: the staff member they go to (null when that phone left the staff list). */
  staff: z.object({ name: z.string().nullable(), language }).nullable().optional(),
  /** The clinic's wording of this kind by language (message_templates; for a campaign, its template's). */
  templates: z.partialRecord(language, z.string()).optional(),
  /** A notice to a day's patients: the staff's own text, or the name of the template it uses. */
  campaign: z.object({ id: z.string(), text: z.string().nullable(), templateName: z.string().nullable() }).nullable().optional(),
});
export type RenderContext = z.infer<typeof contextSchema>;

/** What notices about one appointment carry (appointment_notice_params in SQL; providerId since 20261203100000). */
const appointmentParams = z.object({
  appointmentId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  providerId: z.string().optional(),
  providerName: z.string(),
  startsAt: z.string(),
});

const paramsByKind = {
  reminder: z.object({ startsAt: z.string() }),
  appointment_cancelled: appointmentParams,
  appointment_booked: appointmentParams,
  appointment_moved: appointmentParams.extend({ previousStartsAt: z.string(), previousProviderName: z.string() }),
  rebook_offer: appointmentParams.extend({
    reason: z.enum(["closed", "provider_away", "blocked", "provider_inactive", "outside_hours"]),
  }),
  hand_back: z.object({}),
  campaign: z.object({ campaignId: z.string() }),
  staff_alert: z.object({
    reference: z.string(),
    patientName: z.string().nullable(),
    patientPhone: z.string().nullable(),
    reason: z.enum(["asked_for_staff", "cooloff", "message_failed"]),
    urgent: z.boolean(),
    lastMessage: z.string().nullable(),
  }),
  patient_message: z.object({
    reference: z.string(),
    patientName: z.string().nullable(),
    patientPhone: z.string().nullable(),
    text: z.string(),
  }),
} as const;
type RenderedKind = keyof typeof paramsByKind;

/** A claimed row still without text. */
export interface RowToRender {
  id: string;
  kind: string;
  params: unknown;
  context: unknown;
}

export type Rendered =
  | { id: string; kind: "written"; text: string; nextState: FlowState | null; stateVersion: number | null }
  | { id: string; kind: "unwritable"; error: string };

class Unwritable extends Error {}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Unwritable(`${what}.${issue?.path.map(String).join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

function isRenderedKind(kind: string): kind is RenderedKind {
  return Object.hasOwn(paramsByKind, kind);
}

/** The words a row is written with: a bundle, its formatter, and catalog names in its language. */
interface Voice {
  language: Language;
  bundle: LocaleBundle;
  fmt: Formatter;
  service(id: string, fallback: string): string;
  /** By id when known, else the clinic's own name as the params gave it (older rows). */
  provider(id: string | undefined, fallback: string): string;
}

export function voiceFor(ctx: RenderContext, wanted: Language): Voice {
  const bundle = BUNDLES[wanted];
  let fmt: Formatter;
  try {
    fmt = formatterFor(wanted, ctx.clinic.locale, ctx.clinic.timezone, bundle.defaultLocale);
  } catch {
    // A locale Intl refuses must not stop the clinic's messages: the language's own default.
    fmt = formatterFor(wanted, bundle.defaultLocale, ctx.clinic.timezone, bundle.defaultLocale);
  }
  const { services, providers } = ctx.catalog;
  const byName = (name: string) => Object.values(providers).find((p) => p.name === name);
  return {
    language: wanted,
    bundle,
    fmt,
    service: (id, fallback) => services[id]?.names[wanted] ?? fallback,
    provider: (id, fallback) => {
      const entry = (id === undefined ? undefined : providers[id]) ?? byName(fallback);
      return entry?.names[wanted] ?? fallback;
    },
  };
}

type Values = Partial<Record<Placeholder, string>>;

/** An appointment as a message names it. */
interface AboutAppointment {
  serviceId: string;
  serviceName: string;
  providerId?: string | undefined;
  providerName: string;
  startsAt: string;
}

/** What every message can say: who it is to and from. */
function baseValues(ctx: RenderContext): Values {
  return { patient: ctx.patient?.name ?? ctx.patient?.pushName ?? undefined, clinic: ctx.clinic.name };
}

/** {service}, {provider}, {day}, {time} of an appointment, in the voice's language and the clinic's zone. */
function appointmentValues(a: AboutAppointment, ctx: RenderContext, v: Voice): Values {
  return {
    service: v.service(a.serviceId, a.serviceName),
    provider: v.provider(a.providerId, a.providerName),
    day: v.fmt.day(localDay(new Date(a.startsAt), ctx.clinic.timezone)),
    time: v.fmt.time(a.startsAt),
  };
}

/** The clinic's template of a kind in the voice's language, else the bundle's own, filled. */
function worded(kind: DefaultTemplateKind, ctx: RenderContext, v: Voice, values: Values): string {
  return fillTemplate(ctx.templates?.[v.language] ?? v.bundle.notices.templates[kind], values);
}

function paragraphs(...texts: string[]): string {
  return texts.filter((text) => text !== "").join("\n\n");
}

interface Written {
  text: string;
  nextState?: { state: FlowState; version: number };
}

/** Where an idle chat goes once the message is sent, as render_outbox stores it; none for a busy chat. */
function nextStateIfIdle(ctx: RenderContext, now: Date, state: () => FlowState): Pick<Written, "nextState"> {
  const conversation: ConversationFacts | null = ctx.conversation;
  return conversation !== null && isIdle(conversation, now) ? { nextState: { state: state(), version: conversation.version } } : {};
}

function write(kind: RenderedKind, rawParams: unknown, ctx: RenderContext, reader: Language, now: Date): Written {
  const v = voiceFor(ctx, reader);
  const n = v.bundle.notices;
  switch (kind) {
    case "reminder": {
      parse(paramsByKind.reminder, rawParams, "params");
      const a = ctx.appointment;
      if (a === null) throw new Unwritable("the appointment of the reminder is gone");
      const opening = worded("reminder", ctx, v, { ...baseValues(ctx), ...appointmentValues(a, ctx, v) });
      return reminder(opening, a, ctx, v, now);
    }
    case "appointment_cancelled":
    case "appointment_booked": {
      const p = parse(paramsByKind[kind], rawParams, "params");
      return { text: worded(kind, ctx, v, { ...baseValues(ctx), ...appointmentValues(p, ctx, v) }) };
    }
    case "appointment_moved": {
      const p = parse(paramsByKind.appointment_moved, rawParams, "params");
      const previous = { day: v.fmt.day(localDay(new Date(p.previousStartsAt), ctx.clinic.timezone)), time: v.fmt.time(p.previousStartsAt) };
      return {
        text: worded(kind, ctx, v, { ...baseValues(ctx), ...appointmentValues(p, ctx, v), previous_day: previous.day, previous_time: previous.time }),
      };
    }
    case "rebook_offer":
      return rebookOffer(parse(paramsByKind.rebook_offer, rawParams, "params"), ctx, v, now);
    case "hand_back":
      parse(paramsByKind.hand_back, rawParams, "params");
      return { text: paragraphs(worded(kind, ctx, v, baseValues(ctx)), v.bundle.texts.menu(ctx.clinic.name, "plain", menuList(v.bundle.texts))) };
    case "campaign":
      parse(paramsByKind.campaign, rawParams, "params");
      return campaign(ctx, reader, now);
    case "staff_alert": {
      const p = parse(paramsByKind.staff_alert, rawParams, "params");
      const t = v.bundle.staff;
      const lastMessage = p.lastMessage === null ? null : quote(p.lastMessage);
      return { text: t.alert({ patient: patientLabel(t, p.patientName, p.patientPhone), reference: p.reference, reason: p.reason, urgent: p.urgent, lastMessage }) };
    }
    case "patient_message": {
      const p = parse(paramsByKind.patient_message, rawParams, "params");
      const t = v.bundle.staff;
      return { text: t.forwarded(patientLabel(t, p.patientName, p.patientPhone), p.reference, p.text) };
    }
    default:
      return assertNever(kind);
  }
}

/**
 * A reminder asks to confirm: to an idle chat with the numbered answers (coming / cancel / another
 * time), leaving the chat at that question; to a busy chat (or one with staff) it says how to
 * change the visit later, numbers its current step would misread left out. An appointment already
 * confirmed is only reminded of.
 */
function reminder(opening: string, a: NonNullable<RenderContext["appointment"]>, ctx: RenderContext, v: Voice, now: Date): Written {
  const n = v.bundle.notices;
  if (a.confirmedAt !== null && a.confirmedAt !== undefined) {
    return { text: paragraphs(opening, n.reminderConfirmed), ...nextStateIfIdle(ctx, now, afterNoticeState) };
  }
  const appointment: AppointmentFact = {
    appointmentId: a.id,
    serviceId: a.serviceId,
    serviceName: a.serviceName,
    providerId: a.providerId,
    providerName: a.providerName,
    startsAt: a.startsAt,
  };
  const next = nextStateIfIdle(ctx, now, () => reminderState(appointment));
  if (next.nextState === undefined) return { text: paragraphs(opening, n.reminderViaMenu) };
  const list = numbered(visitOptions({ t: v.bundle.texts }).map((option) => option.label));
  return { text: paragraphs(opening, n.reminderChoices(list)), ...next };
}

/**
 * The offer lists the first free times as numbers and leaves the chat at "choose a new time" only
 * when the chat is idle (next-state.ts); otherwise it points to the menu, whose numbers the patient's
 * current step would not misread.
 */
function rebookOffer(p: z.infer<typeof paramsByKind.rebook_offer>, ctx: RenderContext, v: Voice, now: Date): Written {
  const n = v.bundle.notices;
  const values = { ...baseValues(ctx), ...appointmentValues(p, ctx, v), reason: n.rebookReason(p.reason, v.provider(p.providerId, p.providerName)) };
  const opening = worded("rebook_offer", ctx, v, values);
  const free = ctx.freeTimes;
  if (free === null || free.slots.length === 0) return { text: paragraphs(opening, n.rebookChoice({ kind: "none" })) };
  const day = v.fmt.day(free.day);
  const conversation: ConversationFacts | null = ctx.conversation;
  const booked = ctx.appointment;
  if (conversation === null || booked === null || !isIdle(conversation, now)) {
    return { text: paragraphs(opening, n.rebookChoice({ kind: "via_menu", day })) };
  }
  const shown = free.slots.slice(0, REBOOK_TIME_OPTIONS);
  const provider = free.providerId === null ? null : v.provider(free.providerId, ctx.catalog.providers[free.providerId]?.name ?? "");
  const choice: RebookChoice = { kind: "numbered", day, list: numbered(shown.map((s) => v.fmt.time(s.startsAt))), provider };
  const rescheduleOf = {
    appointmentId: booked.id,
    serviceId: booked.serviceId,
    serviceName: booked.serviceName,
    providerId: booked.providerId,
    providerName: booked.providerName,
    startsAt: booked.startsAt,
  };
  const state = rebookState(rescheduleOf, free.providerId, free.day, free.slots, shown);
  return { text: paragraphs(opening, n.rebookChoice(choice)), nextState: { state, version: conversation.version } };
}

/**
 * A notice to a day's patients: the staff's own text as written, else the campaign's template in
 * the reader's language, else in the clinic's, else in any language it has (the values then follow
 * that language). Placeholders are the reader's appointment that day; an idle chat rests at the
 * main menu knowing a bare "stop" answers the notice.
 */
function campaign(ctx: RenderContext, reader: Language, now: Date): Written {
  const c = ctx.campaign;
  if (c === null || c === undefined) throw new Unwritable("the campaign of the notice is gone");
  const templates = ctx.templates ?? {};
  const language = c.text !== null
    ? reader
    : [reader, ctx.clinic.language, ...LANGUAGES].find((candidate) => templates[candidate] !== undefined);
  const body = c.text ?? (language === undefined ? undefined : templates[language]);
  if (language === undefined || body === undefined) throw new Unwritable(`the notice template "${c.templateName ?? ""}" has no text in any language`);
  const v = voiceFor(ctx, language);
  const values = { ...baseValues(ctx), ...(ctx.appointment === null ? {} : appointmentValues(ctx.appointment, ctx, v)) };
  return { text: fillTemplate(body, values), ...nextStateIfIdle(ctx, now, afterNoticeState) };
}

/** Cuts a text to the contract's message limit in code points (a notice never gets near it). */
export function fit(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_MESSAGE_CHARS ? text : chars.slice(0, MAX_MESSAGE_CHARS).join("");
}

export function renderRow(row: RowToRender, now: Date): Rendered {
  try {
    if (!isRenderedKind(row.kind)) throw new Unwritable(`no text is known for kind "${row.kind}"`);
    const ctx = parse(contextSchema, row.context, "context");
    const reader = TO_STAFF.has(row.kind) ? ctx.staff?.language ?? ctx.clinic.language : ctx.patient?.language ?? ctx.clinic.language;
    const written = write(row.kind, row.params, ctx, reader, now);
    return {
      id: row.id,
      kind: "written",
      text: fit(written.text),
      nextState: written.nextState?.state ?? null,
      stateVersion: written.nextState?.version ?? null,
    };
  } catch (error) {
    if (error instanceof Unwritable) return { id: row.id, kind: "unwritable", error: error.message };
    throw error;
  }
}
