/**
 * The shape every reply language implements. The flow only ever talks to patients through this.
 */
import type { AppointmentFact, ServiceFact } from "../flow/types.ts";
import type { RefusalReason } from "../flow/events.ts";

export type MenuIntro = "hello" | "welcome_back" | "updated" | "stopped" | "plain";

export interface Replies {
  menuLabels: readonly [book: string, appointments: string, question: string, staff: string];
  confirmLabels: readonly [confirm: string, other: string];
  appointmentActionLabels: readonly [reschedule: string, cancel: string];
  cancelLabels: readonly [yes: string, no: string];
  dayLabel(day: string): string;
  timeLabel(startsAt: string, timeZone: string): string;
  appointmentLabel(appointment: AppointmentFact, timeZone: string): string;
  serviceLabel(service: ServiceFact): string;
  pushNameLabel(pushName: string): string;

  menu(clinicName: string, intro: MenuIntro): string;
  pickService(services: readonly ServiceFact[]): string;
  noFreeDays(serviceName: string, horizonDays: number): string;
  pickDay(serviceName: string, days: readonly string[]): string;
  pickTime(day: string, times: readonly string[]): string;
  dayPast(day: string): string;
  dayBeyondHorizon(day: string, lastDay: string): string;
  dayClosed(day: string, isoWeekday: number): string;
  dayClosedDate(day: string): string;
  dayFull(day: string): string;
  timePast(time: string): string;
  timeNotFree(time: string, day: string): string;
  timeNeedsDay: string;
  nearestTimes(day: string, times: readonly string[]): string;

  askName(pushName: string | null): string;
  confirmBooking(serviceName: string, startsAt: string, timeZone: string, name: string, holdMinutes: number): string;
  confirmReschedule(from: AppointmentFact, startsAt: string, timeZone: string, holdMinutes: number): string;
  bookingConfirmed(serviceName: string, startsAt: string, timeZone: string): string;
  rescheduleConfirmed(serviceName: string, startsAt: string, timeZone: string): string;
  slotTaken: string;
  holdExpired(holdMinutes: number): string;
  refused(reason: RefusalReason): string;

  appointments(labels: readonly string[]): string;
  noAppointments: string;
  appointmentActions(appointment: AppointmentFact, timeZone: string): string;
  confirmCancel(appointment: AppointmentFact, timeZone: string): string;
  cancelled(appointment: AppointmentFact, timeZone: string): string;
  kept: string;

  askQuestion: string;
  answerFollowUp(atMenu: boolean): string;
  noAnswer: string;
  handoff: string;
  invalid: string;
  invalidName: string;
  cooloff(minutes: number): string;
  /** Sent once, on the first message over the clinic's per-minute limit; the rest of the flood is silent. */
  slowDown: string;
  somethingWrong: string;
}
