/**
 * The question each step asks, and the labels its numbered choices carry. Used when a step is
 * entered, when `back` returns to it, and when an invalid answer repeats its choices.
 */
import type { Step } from "./state.ts";
import type { FlowContext, SlotFact } from "./types.ts";
import { MAX_APPOINTMENT_OPTIONS, MAX_DAY_OPTIONS } from "./limits.ts";
import { assertNever } from "../../../../shared/assert-never.ts";

export function serviceName(ctx: FlowContext, serviceId: string): string {
  return ctx.services.find((service) => service.id === serviceId)?.name ?? "Appointment";
}

export function shownDays(days: readonly string[]): string[] {
  return days.slice(0, MAX_DAY_OPTIONS);
}

export function shownAppointments<T>(list: readonly T[]): T[] {
  return list.slice(0, MAX_APPOINTMENT_OPTIONS);
}

export function timeLabels(ctx: FlowContext, slots: readonly SlotFact[]): string[] {
  return slots.map((slot) => ctx.replies.timeLabel(slot.startsAt, ctx.clinic.timezone));
}

/** The labels a typed answer is matched against in `step` (empty where the step takes free text). */
export function labelsOf(step: Step, ctx: FlowContext): readonly string[] {
  const r = ctx.replies;
  switch (step.kind) {
    case "menu":
      return r.menuLabels;
    case "pick_service":
      return ctx.services.map(r.serviceLabel);
    case "pick_day":
      return shownDays(step.days).map(r.dayLabel);
    case "pick_time":
      return timeLabels(ctx, step.shown);
    case "ask_name":
      return ctx.patient.pushName ? [r.pushNameLabel(ctx.patient.pushName)] : [];
    case "confirm_booking":
      return r.confirmLabels;
    case "appointments":
      return shownAppointments(step.list).map((a) => r.appointmentLabel(a, ctx.clinic.timezone));
    case "appointment_actions":
      return r.appointmentActionLabels;
    case "confirm_cancel":
      return r.cancelLabels;
    case "ask_question":
      return [];
    default:
      return assertNever(step);
  }
}

/** The full prompt of `step`. */
export function promptOf(step: Step, ctx: FlowContext): string {
  const r = ctx.replies;
  const tz = ctx.clinic.timezone;
  switch (step.kind) {
    case "menu":
      return r.menu(ctx.clinic.name, "plain");
    case "pick_service":
      return r.pickService(ctx.services);
    case "pick_day":
      return r.pickDay(serviceName(ctx, step.draft.serviceId), shownDays(step.days));
    case "pick_time":
      return r.pickTime(step.day, timeLabels(ctx, step.shown));
    case "ask_name":
      return r.askName(ctx.patient.pushName);
    case "confirm_booking":
      return step.draft.rescheduleOf
        ? r.confirmReschedule(step.draft.rescheduleOf, step.hold.startsAt, tz, ctx.clinic.holdMinutes)
        : r.confirmBooking(serviceName(ctx, step.draft.serviceId), step.hold.startsAt, tz, step.name, ctx.clinic.holdMinutes);
    case "appointments":
      return r.appointments(labelsOf(step, ctx));
    case "appointment_actions":
      return r.appointmentActions(step.appointment, tz);
    case "confirm_cancel":
      return r.confirmCancel(step.appointment, tz);
    case "ask_question":
      return r.askQuestion;
    default:
      return assertNever(step);
  }
}
