/**
 * The result of the `begin_turn` RPC, parsed with zod: a staff sender (answered by staff/answer.ts),
 * the reply already computed for a redelivered message, or everything one turn needs (conversation, patient and their language,
 * clinic with its language, locale and hours, services and practitioners with translations,
 * history, rate-limit facts, and what it read ahead for the next step).
 */
import { z } from "zod";
import { LANGUAGES } from "../locales/types.ts";
import { prefetchedSchema } from "./prefetch.ts";

const language = z.enum(LANGUAGES);
/** Names in other languages: {"es": "Consulta general"}. */
const translations = z.partialRecord(language, z.string());

const timestamp = z.string().nullable();

export const turnContextSchema = z.object({
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
  history: z.array(z.object({ direction: z.enum(["in", "out"]), body: z.string() })),
  inboundLastMinute: z.number().int(),
  /** What begin_turn read ahead for the next step (turn/prefetch.ts); none from an older begin_turn. */
  prefetched: prefetchedSchema.default({}),
});
export type TurnContext = z.infer<typeof turnContextSchema>;

export const answeredSchema = z.object({
  duplicate: z.literal(true),
  completed: z.literal(true),
  conversationId: z.string(),
  reply: z.string().nullable(),
});

/** The message came from an alert phone of the clinic: staff, never a patient turn (staff/answer.ts). */
export const staffSenderSchema = z.object({ staff: z.object({ id: z.string(), clinicId: z.string() }) });

export const beginTurnSchema = z.union([staffSenderSchema, answeredSchema, turnContextSchema]);
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
