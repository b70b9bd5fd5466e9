/**
 * What begin_turn read ahead for the step the conversation is at (issue 10 §2: common steps in two
 * round trips): the patient's upcoming appointments at the menu, or a service's free times over the
 * whole horizon where the next answer picks a day. The performer answers the flow's "load
 * appointments" and "load free times" from it, exactly as the RPC would have answered at the same
 * instant, and asks the database otherwise.
 *
 * Read-ahead data is a snapshot taken at the turn's start, so it serves only until the turn changes
 * the world itself (a claim, a confirmation, a hold released, …): after that the same question could
 * have another answer (a time just lost to someone else must not be offered again), and it goes to
 * the database.
 */
import { z } from "zod";

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
});
export type Prefetched = z.infer<typeof prefetchedSchema>;

export interface ReadAhead {
  /** available_slots' answer for [from, to), or null when it was not read ahead (or no longer holds). */
  slots(serviceId: string, from: string, to: string): SlotRow[] | null;
  /** patient_upcoming_appointments' answer, or null. */
  appointments(): UpcomingRow[] | null;
  /** The turn changed the world: from now on, ask the database. */
  spoil(): void;
}

export function readAhead(prefetched: Prefetched): ReadAhead {
  let fresh = true;
  return {
    slots(serviceId, from, to) {
      const read = prefetched.slots;
      // A list that reached its limit may have left out the later times of the window asked for.
      if (!fresh || read === undefined || read.serviceId !== serviceId || read.rows.length >= read.limit) return null;
      // The same window available_slots applies (starts in [from, to)); the read-ahead already
      // applied notice and horizon, which are the same for any window.
      const start = Date.parse(from);
      const end = Date.parse(to);
      return read.rows.filter((row) => {
        const at = Date.parse(row.starts_at);
        return at >= start && at < end;
      });
    },
    appointments() {
      return fresh && prefetched.appointments !== undefined ? prefetched.appointments : null;
    },
    spoil() {
      fresh = false;
    },
  };
}
