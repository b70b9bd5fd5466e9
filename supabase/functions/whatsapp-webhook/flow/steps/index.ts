/**
 * Every step of the conversation, by kind: the stored shape of each (one zod schema per module) and
 * its behaviour. The registry is typed by the step kinds, so a step added to the schema without a
 * module (or the reverse) fails to compile. Import steps only through this file: the modules import
 * the flow's helpers, which import this registry back (inside functions only).
 */
import { z } from "zod";
import type { FlowContext } from "../context.ts";
import type { Option } from "../choose.ts";
import type { StepModule } from "./step.ts";
import { menu, menuSchema } from "./menu.ts";
import { askQuestion, askQuestionSchema } from "./ask-question.ts";
import { pickLanguage, pickLanguageSchema } from "./pick-language.ts";
import { pickService, pickServiceSchema } from "./pick-service.ts";
import { pickProvider, pickProviderSchema } from "./pick-provider.ts";
import { pickDay, pickDaySchema } from "./pick-day.ts";
import { pickTime, pickTimeSchema } from "./pick-time.ts";
import { confirmBooking, confirmBookingSchema } from "./confirm-booking.ts";
import { appointments, appointmentsSchema } from "./appointments.ts";
import { appointmentActions, appointmentActionsSchema } from "./appointment-actions.ts";
import { confirmCancel, confirmCancelSchema } from "./confirm-cancel.ts";
import { confirmVisit, confirmVisitSchema } from "./confirm-visit.ts";
import { confirmOptOut, confirmOptOutSchema } from "./confirm-opt-out.ts";

export const stepSchema = z.discriminatedUnion("kind", [
  menuSchema,
  askQuestionSchema,
  pickLanguageSchema,
  pickServiceSchema,
  pickProviderSchema,
  pickDaySchema,
  pickTimeSchema,
  confirmBookingSchema,
  appointmentsSchema,
  appointmentActionsSchema,
  confirmCancelSchema,
  confirmVisitSchema,
  confirmOptOutSchema,
]);
export type Step = z.infer<typeof stepSchema>;
export type StepKind = Step["kind"];

export const STEPS: { readonly [K in StepKind]: StepModule<K> } = {
  menu,
  ask_question: askQuestion,
  pick_language: pickLanguage,
  pick_service: pickService,
  pick_provider: pickProvider,
  pick_day: pickDay,
  pick_time: pickTime,
  confirm_booking: confirmBooking,
  appointments,
  appointment_actions: appointmentActions,
  confirm_cancel: confirmCancel,
  confirm_visit: confirmVisit,
  confirm_opt_out: confirmOptOut,
};

/** The module of a step, typed for that very step (the registry guarantees they match). */
export function moduleOf(step: Step): StepModule<StepKind> {
  return STEPS[step.kind] as unknown as StepModule<StepKind>;
}

export function promptOf(step: Step, ctx: FlowContext): string {
  return moduleOf(step).prompt(step, ctx);
}

export function optionsOf(step: Step, ctx: FlowContext): readonly Option[] {
  return moduleOf(step).options(step, ctx);
}

/** What leaving the step now means, or null when nothing is in progress there. */
export function leavingNote(step: Step, ctx: FlowContext): string | null {
  return moduleOf(step).leaving(step, ctx);
}

/** Whether the patient is at rest at this step (see StepModule.resting). */
export function isResting(step: Step): boolean {
  return moduleOf(step).resting === true;
}
