/**
 * The facts the booking flow works with: slots, appointments, holds and the per-turn context.
 * Plain data only, so states and events serialize to jsonb unchanged.
 */
import type { Replies } from "../replies/types.ts";

/** One free time as the slot engine offers it (the first slot of a service's run). */
export interface SlotFact {
  slotId: string;
  startsAt: string; // ISO instant
}

/** One upcoming appointment of the patient. */
export interface AppointmentFact {
  appointmentId: string;
  serviceId: string;
  serviceName: string;
  startsAt: string; // ISO instant
}

/** A slot this conversation holds while the patient confirms. */
export interface Hold {
  slotId: string;
  startsAt: string;
  holdUntil: string;
}

export interface ServiceFact {
  id: string;
  name: string;
  durationMinutes: number;
  priceText: string | null;
}

/** Clinic settings the flow needs (columns of `clinics`, see docs/design.md). */
export interface ClinicSettings {
  name: string;
  timezone: string;
  holdMinutes: number;
  horizonDays: number;
  minNoticeMinutes: number;
  cooloffMinutes: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which any provider works. */
  openWeekdays: number[];
  /** Local days (`YYYY-MM-DD`) on which the whole clinic is closed (holidays). */
  closedDays: string[];
}

/** Everything a transition may read besides the state and the event. */
export interface FlowContext {
  now: Date;
  clinic: ClinicSettings;
  services: ServiceFact[];
  patient: { name: string | null; pushName: string | null };
  replies: Replies;
}

/** What the patient is booking: a new appointment, or a new time for an existing one. */
export interface BookingDraft {
  serviceId: string;
  rescheduleOf: AppointmentFact | null;
}

/** A time of day the patient typed before the day's free times were known. */
export interface WantedTime {
  hour: number;
  minute: number;
}
