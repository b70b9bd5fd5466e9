/**
 * What begin_turn read ahead for the step the conversation is at (issue 10 §2: common steps in two
 * round trips; SQL turn_read_ahead): the patient's upcoming appointments at the menu, a service's
 * free times where the next answer picks a service, a practitioner or a day (only the picked day's
 * when a day's number was typed; only its free days, the first free time of each practitioner on
 * each day, where the next reply most likely lists the days), and the FAQ matches of a text that
 * looks like a question. Each is
 * the SQL's guess at what the flow will ask; the performer answers the flow's "load appointments",
 * "load free times" and "answer a question" from it only when the flow asked exactly that (the same
 * service and a window inside the one read; the same question, language and limit), exactly as the
 * RPC would have answered at the same instant, and asks the database otherwise.
 *
 * Read-ahead data is a snapshot taken at the turn's start, so free times and appointments serve only
 * until the turn changes the world itself (a claim, a confirmation, a hold released, …): after that
 * the same question could have another answer (a time just lost to someone else must not be offered
 * again), and it goes to the database. FAQ entries are not something a turn changes.
 */
import { z } from "zod";
import { matchRowsSchema } from "../faq/search.ts";
import type { FaqMatch } from "../faq/types.ts";
import type { Language } from "../locales/types.ts";

/** available_slots' rows as the function reads them. */
export const slotRowsSchema = z.array(z.object({ slot_id: z.string(), starts_at: z.string(), provider_id: z.string() }));
export type SlotRow = z.infer<typeof slotRowsSchema>[number];

/** patient_upcoming_appointments' rows as the function reads them. */
export const upcomingRowsSchema = z.array(
  z.object({
    id: z.string(),
    starts_at: z.string(),
    service_id: z.string(),
    service_name: z.string(),
    provider_id: z.string(),
    provider_name: z.string(),
  }),
);
export type UpcomingRow = z.infer<typeof upcomingRowsSchema>[number];

/** begin_turn's `prefetched`; absent keys were not read ahead. */
export const prefetchedSchema = z.object({
  appointments: upcomingRowsSchema.optional(),
  /** available_slots(clinic, serviceId, now, infinity, now, limit): complete unless `limit` rows came back. */
  slots: z.object({ serviceId: z.string(), limit: z.number().int(), rows: slotRowsSchema }).optional(),
  /** The same for one day, [from, to): read when the patient picked a listed day by its number. */
  daySlots: z.object({ serviceId: z.string(), from: z.string(), to: z.string(), limit: z.number().int(), rows: slotRowsSchema })
    .optional(),
  /**
   * The free days over the horizon, [from, to): of available_slots(clinic, serviceId, from, infinity,
   * from, limit), the first row of each practitioner on each local day, and how many rows there
   * were (`found`; the days may be incomplete when it reached `limit`). The firsts are taken after
   * leaving out `excluding` (the start of the appointment being moved, which a move never offers):
   * were it a practitioner's first of a day, the firsts would not tell whether they have another.
   * `found` counts every row. An older SQL without the key left out nothing.
   */
  freeDays: z.object({
    serviceId: z.string(),
    from: z.string(),
    to: z.string(),
    limit: z.number().int(),
    found: z.number().int(),
    excluding: z.string().nullable().optional(),
    rows: slotRowsSchema,
  }).optional(),
  /** search_faqs(clinic, question, limit, language). */
  faq: z.object({ question: z.string(), language: z.string(), limit: z.number().int(), matches: matchRowsSchema }).optional(),
});
export type Prefetched = z.infer<typeof prefetchedSchema>;

export interface ReadAhead {
  /** available_slots' answer for [from, to), or null when it was not read ahead (or no longer holds). */
  slots(serviceId: string, from: string, to: string): SlotRow[] | null;
  /**
   * For [from, to): each practitioner's first free time on each local day and how many free times
   * there are, or null when not read ahead (or no longer holding). Serves only a window holding the
   * whole read: a window cutting into a day could hold later times of that day but not its first.
   * Serves only a load leaving out the same instant as the read (`excluding`, null for none).
   */
  freeDays(serviceId: string, from: string, to: string, excluding: string | null): { rows: SlotRow[]; found: number } | null;
  /** patient_upcoming_appointments' answer, or null. */
  appointments(): UpcomingRow[] | null;
  /** search_faqs' answer for this question and language, with the limit it was read with, or null. */
  faq(question: string, language: Language): { limit: number; matches: FaqMatch[] } | null;
  /** The turn changed the world: from now on, ask the database. */
  spoil(): void;
}

/** Both null, or the same instant however written (PostgreSQL's "+00:00", JavaScript's "Z"). */
function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const at = Date.parse(a);
  return !Number.isNaN(at) && at === Date.parse(b);
}

export function readAhead(prefetched: Prefetched): ReadAhead {
  let fresh = true;
  return {
    slots(serviceId, from, to) {
      if (!fresh) return null;
      const start = Date.parse(from);
      const end = Date.parse(to);
      // The horizon's read starts at the turn's instant, before which nothing is free; a day's read
      // serves only a window inside it. available_slots judges each start the same whatever the
      // window (notice and horizon come from the instant, a start's run of slots from the slots),
      // so the rows of a smaller window are the read's rows in it, in the same order.
      const day = prefetched.daySlots;
      const read = prefetched.slots ??
        (day !== undefined && start >= Date.parse(day.from) && end <= Date.parse(day.to) ? day : undefined);
      // A list that reached its limit may have left out the later times of the window asked for.
      if (read === undefined || read.serviceId !== serviceId || read.rows.length >= read.limit) return null;
      return read.rows.filter((row) => {
        const at = Date.parse(row.starts_at);
        return at >= start && at < end;
      });
    },
    freeDays(serviceId, from, to, excluding) {
      const read = prefetched.freeDays;
      if (!fresh || read === undefined || read.serviceId !== serviceId || read.found >= read.limit) return null;
      if (!sameInstant(read.excluding ?? null, excluding)) return null;
      // available_slots finds nothing before the read's start or after its end (the booking
      // horizon from the same instant), so a window holding both has the read's free times.
      if (Date.parse(from) > Date.parse(read.from) || Date.parse(to) < Date.parse(read.to)) return null;
      return { rows: read.rows, found: read.found };
    },
    appointments() {
      return fresh && prefetched.appointments !== undefined ? prefetched.appointments : null;
    },
    faq(question, language) {
      const read = prefetched.faq;
      return read !== undefined && read.question === question && read.language === language
        ? { limit: read.limit, matches: read.matches }
        : null;
    },
    spoil() {
      fresh = false;
    },
  };
}
