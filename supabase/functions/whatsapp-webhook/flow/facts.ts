/**
 * The facts a conversation's stored state carries from one message to the next, as zod schemas
 * (the state is jsonb; a stored value is parsed, never trusted) with their types. Only ids and
 * instants: names are looked up in the turn's catalog, in the patient's language.
 */
import { z } from "zod";

/** One free time as the slot engine offers it (the first slot of a service's run). */
export const slotSchema = z.object({ slotId: z.string(), startsAt: z.string(), providerId: z.string() });
export type SlotFact = z.infer<typeof slotSchema>;

/** A slot this conversation holds while the patient confirms. */
export const holdSchema = z.object({
  slotId: z.string(),
  startsAt: z.string(),
  holdUntil: z.string(),
  providerId: z.string(),
});
export type Hold = z.infer<typeof holdSchema>;

/**
 * One upcoming appointment of the patient. The names are the clinic's own, used when the service
 * or practitioner is no longer in the catalog (switched off since).
 */
export const appointmentSchema = z.object({
  appointmentId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  providerId: z.string(),
  providerName: z.string(),
  startsAt: z.string(),
});
export type AppointmentFact = z.infer<typeof appointmentSchema>;

export const partOfDaySchema = z.enum(["morning", "afternoon", "evening"]);

/** A time of day the patient asked for; `ambiguous` when "at 3" could be 3:00 or 15:00. */
export const wantedTimeSchema = z.object({
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59),
  ambiguous: z.boolean(),
});
export type WantedTime = z.infer<typeof wantedTimeSchema>;

/** When the patient would like to come, as far as they said: a day or a range, a time or a part of the day. */
export const wishSchema = z.object({
  day: z.string().nullable(),
  range: z.object({ from: z.string(), to: z.string() }).nullable(),
  time: wantedTimeSchema.nullable(),
  part: partOfDaySchema.nullable(),
});
export type Wish = z.infer<typeof wishSchema>;

export const NO_WISH: Wish = { day: null, range: null, time: null, part: null };

/** What is being booked: a service, with a practitioner (null: whoever is free), maybe replacing an appointment. */
export const draftSchema = z.object({
  serviceId: z.string(),
  providerId: z.string().nullable(),
  rescheduleOf: appointmentSchema.nullable(),
});
export type BookingDraft = z.infer<typeof draftSchema>;

export type AppointmentsPurpose = "view" | "cancel" | "reschedule";
export const appointmentsPurposeSchema = z.enum(["view", "cancel", "reschedule"]);
