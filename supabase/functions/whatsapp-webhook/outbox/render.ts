/**
 * Writes the text of a claimed outbox row from its kind, params and context (claim_outbox's
 * outbox_render_context), in the patient's language (else the clinic's) with the clinic's locale
 * and time zone, using the locale bundles (locales/<language>/notices.ts) and their formatter
 * (messages to a staff phone, staff.ts: in that person's alert language, else the clinic's); and
 * the conversation state the patient should be in once it is sent. Pure: the store calls it between
 * the claim and render_outbox. A row it cannot write (a kind it does not know, params of the wrong
 * shape) comes back with the reason instead, and the database fails that row alone.
 */
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../../../../shared/contract/index.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { FlowState } from "../flow/state.ts";
import { menuList } from "../flow/steps/common.ts";
import { BUNDLES } from "../locales/index.ts";
import { type Formatter, formatterFor, numbered } from "../locales/format.ts";
import { type AppointmentWords, LANGUAGES, type Language, type LocaleBundle, type RebookChoice } from "../locales/types.ts";
import { type ConversationFacts, isIdle, REBOOK_TIME_OPTIONS, rebookState } from "./next-state.ts";
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
  }).nullable(),
  /** Rebook offers: the first day with free times; `providerId` set when they are all that practitioner's. */
  freeTimes: z.object({ day: z.string(), providerId: z.string().nullable(), slots: z.array(slot) }).nullable(),
  /** The clinic's services and practitioners by id, to name them in the reader's language. */
  catalog: z.object({ services: z.record(z.string(), named), providers: z.record(z.string(), named) }),
  /** Messages to an alert phone: the staff member they go to (null when that phone left the staff list). */
  staff: z.object({ name: z.string().nullable(), language }).nullable().optional(),
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
    bundle,
    fmt,
    service: (id, fallback) => services[id]?.names[wanted] ?? fallback,
    provider: (id, fallback) => {
      const entry = (id === undefined ? undefined : providers[id]) ?? byName(fallback);
      return entry?.names[wanted] ?? fallback;
    },
  };
}

function words(p: z.infer<typeof appointmentParams>, v: Voice): AppointmentWords {
  return { service: v.service(p.serviceId, p.serviceName), provider: v.provider(p.providerId, p.providerName), when: v.fmt.dayTime(p.startsAt) };
}

interface Written {
  text: string;
  nextState?: { state: FlowState; version: number };
}

function write(kind: RenderedKind, rawParams: unknown, ctx: RenderContext, v: Voice, now: Date): Written {
  const clinic = ctx.clinic.name;
  const n = v.bundle.notices;
  switch (kind) {
    case "reminder": {
      parse(paramsByKind.reminder, rawParams, "params");
      const a = ctx.appointment;
      if (a === null) throw new Unwritable("the appointment of the reminder is gone");
      return { text: n.reminder(clinic, words({ ...a, appointmentId: a.id }, v)) };
    }
    case "appointment_cancelled":
      return { text: n.appointmentCancelled(clinic, words(parse(paramsByKind[kind], rawParams, "params"), v)) };
    case "appointment_booked":
      return { text: n.appointmentBooked(clinic, words(parse(paramsByKind[kind], rawParams, "params"), v)) };
    case "appointment_moved": {
      const p = parse(paramsByKind.appointment_moved, rawParams, "params");
      const previous = { when: v.fmt.dayTime(p.previousStartsAt), provider: v.provider(undefined, p.previousProviderName) };
      return { text: n.appointmentMoved(clinic, words(p, v), previous) };
    }
    case "rebook_offer":
      return rebookOffer(parse(paramsByKind.rebook_offer, rawParams, "params"), ctx, v, now);
    case "hand_back":
      parse(paramsByKind.hand_back, rawParams, "params");
      return { text: n.handBack(v.bundle.texts.menu(clinic, "plain", menuList(v.bundle.texts))) };
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
 * The offer lists the first free times as numbers and leaves the chat at "choose a new time" only
 * when the chat is idle (next-state.ts); otherwise it points to the menu, whose numbers the patient's
 * current step would not misread.
 */
function rebookOffer(p: z.infer<typeof paramsByKind.rebook_offer>, ctx: RenderContext, v: Voice, now: Date): Written {
  const n = v.bundle.notices;
  const appointment = words(p, v);
  const free = ctx.freeTimes;
  if (free === null || free.slots.length === 0) {
    return { text: n.rebookOffer(ctx.clinic.name, appointment, p.reason, { kind: "none" }) };
  }
  const day = v.fmt.day(free.day);
  const conversation: ConversationFacts | null = ctx.conversation;
  const booked = ctx.appointment;
  if (conversation === null || booked === null || !isIdle(conversation, now)) {
    return { text: n.rebookOffer(ctx.clinic.name, appointment, p.reason, { kind: "via_menu", day }) };
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
  return { text: n.rebookOffer(ctx.clinic.name, appointment, p.reason, choice), nextState: { state, version: conversation.version } };
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
    const written = write(row.kind, row.params, ctx, voiceFor(ctx, reader), now);
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
