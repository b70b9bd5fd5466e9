/**
 * The patient's upcoming appointments, listed to view (then change or cancel one), or to pick the
 * one to cancel or move when they have several.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import type { FlowContext } from "../context.ts";
import { appointmentSchema, appointmentsPurposeSchema } from "../facts.ts";
import { choose, type Option } from "../choose.ts";
import { invalid, show, stay } from "../nav.ts";
import { startReschedule } from "../booking.ts";
import { MAX_APPOINTMENT_OPTIONS } from "../limits.ts";
import { appointmentLine } from "./common.ts";
import type { StepModule, StepOf } from "./step.ts";
import { assertNever } from "../../../../../shared/assert-never.ts";

export const appointmentsSchema = z.object({
  kind: z.literal("appointments"),
  purpose: appointmentsPurposeSchema,
  list: z.array(appointmentSchema),
});

function appointmentOptions(step: StepOf<"appointments">, ctx: FlowContext): Option[] {
  return step.list.slice(0, MAX_APPOINTMENT_OPTIONS).map((appointment) => {
    const line = appointmentLine(appointment, ctx);
    return { id: appointment.appointmentId, label: ctx.t.appointmentLabel(line.service, line.provider, line.when) };
  });
}

export const appointments: StepModule<"appointments"> = {
  options: appointmentOptions,
  prompt: (step, ctx) => ctx.t.appointments(step.purpose, numbered(appointmentOptions(step, ctx).map((o) => o.label))),
  answer: ({ state, step, text, ctx }) => {
    const option = choose(text, appointmentOptions(step, ctx));
    const appointment = option ? step.list.find((a) => a.appointmentId === option.id) : undefined;
    if (!appointment) return null;
    switch (step.purpose) {
      case "view":
        return show(state, { kind: "appointment_actions", appointment }, ctx);
      case "cancel":
        return show(state, { kind: "confirm_cancel", appointment }, ctx);
      case "reschedule":
        return startReschedule(state, appointment, ctx);
      default:
        return assertNever(step.purpose);
    }
  },
  // Looking at the list is no flow in progress: words that are no option are a question for the FAQ.
  otherwise: ({ state, step, text, ctx }) =>
    step.purpose === "view" && /\p{L}{2}/u.test(text)
      ? stay(state, [{ type: "answer_question", question: text, language: ctx.language }])
      : invalid(state, ctx, ctx.t.invalid),
  hint: (_step, ctx) => ctx.t.invalid,
  // Looking at the list changes nothing; picking one to cancel or move is leaving that unchanged.
  leaving: (step, ctx) => (step.purpose === "view" ? null : ctx.t.appointmentsUnchanged),
};
