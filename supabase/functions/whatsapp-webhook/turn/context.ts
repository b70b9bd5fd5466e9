/**
 * The result of the `begin_turn` RPC, parsed with zod: a staff sender (answered by staff/answer.ts),
 * the reply already computed for a redelivered message, or what one turn needs (conversation, patient
 * and their language, history, rate-limit facts, what it read ahead for the next step, and the
 * clinic's catalog when the function's copy is stale: clinic with its language, locale and hours,
 * services and practitioners with translations).
 */
import { z } from "zod";
import { LANGUAGES } from "../locales/types.ts";
import { prefetchedSchema } from "./prefetch.ts";

const language = z.enum(LANGUAGES);
/** Names in other languages: {"es": "Consulta general"}. */
const translations = z.partialRecord(language, z.string());

const timestamp = z.string().nullable();

/** What begin_turn reads for this message: the conversation, the patient, history, rate, read-ahead. */
const turnStateSchema = z.object({
  duplicate: z.boolean(),
  completed: z.literal(false),
  conversationId: z.string(),
  inboundMessageId: z.string(),
  conversation: z.object({
    id: z.string(),
    mode: z.enum(["bot", "human"]),
    state: z.unknown(),
    version: z.number().int(),
    pausedUntil: timestamp,
    previousInboundAt: timestamp,
    /** The conversation's last change before this message (a commit, an outbox state, a staff edit). */
    updatedAt: timestamp,
    /** In staff mode, the later of the handoff and staff's last reply; null in bot mode. */
    staffActivityAt: timestamp,
  }),
  patient: z.object({
    id: z.string(),
    name: z.string().nullable(),
    pushName: z.string().nullable(),
    phone: z.string().nullable(),
    /** Null: the clinic's language. */
    language: language.nullable(),
  }),
  history: z.array(z.object({ direction: z.enum(["in", "out"]), body: z.string() })),
  inboundLastMinute: z.number().int(),
  /** What begin_turn read ahead for the next step (turn/prefetch.ts); none from an older begin_turn. */
  prefetched: prefetchedSchema.default({}),
});

/**
 * The clinic's catalog (SQL turn_catalog): settings, hours, closed days, services and practitioners
 * with translations. It changes only when staff edit the clinic, so the function keeps a copy per
 * clinic (turn/catalog.ts) and begin_turn sends it only when that copy is stale.
 */
export const catalogSchema = z.object({
  clinic: z.object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    holdMinutes: z.number().int(),
    horizonDays: z.number().int(),
    minNoticeMinutes: z.number().int(),
    sessionIdleMinutes: z.number().int(),
    humanIdleMinutes: z.number().int(),
    cooloffMinutes: z.number().int(),
    rateLimitPerMinute: z.number().int(),
    language,
    locale: z.string(),
    askProvider: z.boolean(),
    hours: z.array(z.object({ weekday: z.number().int(), opens: z.string(), closes: z.string() })),
    openWeekdays: z.array(z.number().int()),
    closedDays: z.array(z.string()),
  }),
  services: z.array(z.object({
    id: z.string(),
    name: z.string(),
    names: translations,
    keywords: z.array(z.string()),
    durationMinutes: z.number().int(),
    providerIds: z.array(z.string()),
  })),
  providers: z.array(z.object({ id: z.string(), name: z.string(), names: translations })),
});
export type Catalog = z.infer<typeof catalogSchema>;

/**
 * begin_turn's answer for a patient's message: the catalog's current key (null from an older
 * begin_turn: nothing to keep) and the catalog itself unless the key the function offered is that
 * key (turn/catalog.ts puts the two together).
 */
export const turnStartSchema = turnStateSchema.extend({
  catalogKey: z.string().nullable().default(null),
  ...catalogSchema.partial().shape,
});
export type TurnStart = z.infer<typeof turnStartSchema>;

/** Everything one turn needs: what begin_turn read for this message, with the clinic's catalog. */
export type TurnContext = z.infer<typeof turnStateSchema> & Catalog;

export const answeredSchema = z.object({
  duplicate: z.literal(true),
  completed: z.literal(true),
  conversationId: z.string(),
  reply: z.string().nullable(),
});

/** The message came from an alert phone of the clinic: staff, never a patient turn (staff/answer.ts). */
export const staffSenderSchema = z.object({ staff: z.object({ id: z.string(), clinicId: z.string() }) });

export const beginTurnSchema = z.union([staffSenderSchema, answeredSchema, turnStartSchema]);
export type BeginTurnResult = z.infer<typeof beginTurnSchema>;

/**
 * complete_turn's answer: committed; or nothing written because another commit got there first
 * (`conflict`), the turn's deferred write was refused (`refused`, with its SQLSTATE), or it would
 * have given another result than the turn was settled on (`mispredicted`, with that result).
 */
export const completeTurnSchema = z.union([
  z.object({ ok: z.literal(true), version: z.number().int() }),
  z.object({ ok: z.literal(false), reason: z.literal("conflict") }),
  z.object({ ok: z.literal(false), reason: z.literal("refused"), code: z.string(), message: z.string(), ms: z.number().optional() }),
  z.object({ ok: z.literal(false), reason: z.literal("mispredicted"), result: z.unknown() }),
]);
