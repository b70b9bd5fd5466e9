/**
 * Writes the text of a claimed outbox row from its kind, params and context (claim_outbox's
 * outbox_render_context), in the patient's language and the clinic's locale, plus the conversation
 * state the patient should be in once it is sent. Pure: the store calls it between the claim and
 * render_outbox. A row it cannot write (a kind it does not know, params of the wrong shape) comes
 * back with the reason instead, and the database fails that row alone.
 */
import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "../../../../shared/contract/index.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { FlowState } from "../flow/state.ts";
import { noticeWords, type NoticeWords } from "./notices/index.ts";
import type { AppointmentWords, RebookChoice } from "./notices/types.ts";
import { type ConversationFacts, isIdle, REBOOK_TIME_OPTIONS, rebookState } from "./next-state.ts";

const contextSchema = z.object({
  clinic: z.object({
    name: z.string(),
    timezone: z.string(),
    language: z.string().nullable(),
    locale: z.string().nullable(),
  }),
  patient: z.object({ name: z.string().nullable(), pushName: z.string().nullable(), language: z.string().nullable() }).nullable(),
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
    providerName: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
  }).nullable(),
  freeTimes: z.object({
    day: z.string(),
    slots: z.array(z.object({ slotId: z.string(), startsAt: z.string() })),
  }).nullable(),
});
export type RenderContext = z.infer<typeof contextSchema>;

/** What notices about one appointment carry (appointment_notice_params in SQL). */
const appointmentParams = z.object({
  appointmentId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
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
    patient: z.string(),
    reason: z.string(),
    lastMessage: z.string().nullable().optional(),
    reference: z.string().nullable().optional(),
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

function words(p: z.infer<typeof appointmentParams>, w: NoticeWords): AppointmentWords {
  return { service: p.serviceName, provider: p.providerName, when: w.format.when(p.startsAt) };
}

interface Written {
  text: string;
  nextState?: { state: FlowState; version: number };
}

function write(kind: RenderedKind, rawParams: unknown, ctx: RenderContext, w: NoticeWords, now: Date): Written {
  const clinic = ctx.clinic.name;
  switch (kind) {
    case "reminder": {
      parse(paramsByKind.reminder, rawParams, "params");
      const a = ctx.appointment;
      if (a === null) throw new Unwritable("the appointment of the reminder is gone");
      return {
        text: w.texts.reminder(clinic, { service: a.serviceName, provider: a.providerName, when: w.format.when(a.startsAt) }),
      };
    }
    case "appointment_cancelled":
      return { text: w.texts.appointmentCancelled(clinic, words(parse(paramsByKind[kind], rawParams, "params"), w)) };
    case "appointment_booked":
      return { text: w.texts.appointmentBooked(clinic, words(parse(paramsByKind[kind], rawParams, "params"), w)) };
    case "appointment_moved": {
      const p = parse(paramsByKind.appointment_moved, rawParams, "params");
      return {
        text: w.texts.appointmentMoved(clinic, words(p, w), {
          when: w.format.when(p.previousStartsAt),
          provider: p.previousProviderName,
        }),
      };
    }
    case "rebook_offer":
      return rebookOffer(parse(paramsByKind.rebook_offer, rawParams, "params"), ctx, w, now);
    case "hand_back":
      parse(paramsByKind.hand_back, rawParams, "params");
      return { text: w.texts.handBack(clinic) };
    case "staff_alert": {
      const p = parse(paramsByKind.staff_alert, rawParams, "params");
      return {
        text: w.texts.staffAlert({
          patient: p.patient,
          reason: p.reason,
          lastMessage: p.lastMessage ?? null,
          reference: p.reference ?? null,
        }),
      };
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
function rebookOffer(p: z.infer<typeof paramsByKind.rebook_offer>, ctx: RenderContext, w: NoticeWords, now: Date): Written {
  const appointment = words(p, w);
  const free = ctx.freeTimes;
  if (free === null || free.slots.length === 0) {
    return { text: w.texts.rebookOffer(ctx.clinic.name, appointment, p.reason, { kind: "none" }) };
  }
  const day = w.format.day(free.day);
  const conversation: ConversationFacts | null = ctx.conversation;
  if (conversation === null || !isIdle(conversation, now)) {
    return { text: w.texts.rebookOffer(ctx.clinic.name, appointment, p.reason, { kind: "via_menu", day }) };
  }
  const shown = free.slots.slice(0, REBOOK_TIME_OPTIONS);
  const choice: RebookChoice = { kind: "numbered", day, times: shown.map((slot) => w.format.time(slot.startsAt)) };
  const state = rebookState(
    { appointmentId: p.appointmentId, serviceId: p.serviceId, serviceName: p.serviceName, startsAt: p.startsAt },
    free.day,
    free.slots,
    shown,
  );
  return {
    text: w.texts.rebookOffer(ctx.clinic.name, appointment, p.reason, choice),
    nextState: { state, version: conversation.version },
  };
}

/** Cuts a text to the contract's message limit in code points (a notice never gets near it). */
function fit(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_MESSAGE_CHARS ? text : chars.slice(0, MAX_MESSAGE_CHARS).join("");
}

export function renderRow(row: RowToRender, now: Date): Rendered {
  try {
    if (!isRenderedKind(row.kind)) throw new Unwritable(`no text is known for kind "${row.kind}"`);
    const ctx = parse(contextSchema, row.context, "context");
    const w = noticeWords(ctx.patient?.language ?? ctx.clinic.language, ctx.clinic.locale, ctx.clinic.timezone);
    const written = write(row.kind, row.params, ctx, w, now);
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
