/**
 * The answer to a reminder: the patient is coming (the visit is confirmed), cancels it (after a yes),
 * or chooses another time. The reminder leaves an idle chat here (outbox/next-state.ts). The patient
 * is at rest: a bare "stop" answers the message the clinic sent first (it asks whether to stop
 * reminders and notices), and words that are none of these are a question, as at the main menu.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import type { FlowContext } from "../context.ts";
import { appointmentSchema } from "../facts.ts";
import { choose, type Option, readYesNo } from "../choose.ts";
import { show, stay, toMenuSaying } from "../nav.ts";
import { startReschedule } from "../booking.ts";
import { isBareStop } from "../intents.ts";
import { appointmentLine } from "./common.ts";
import type { StepModule } from "./step.ts";
import { assertNever } from "../../../../../shared/assert-never.ts";

export const confirmVisitSchema = z.object({ kind: z.literal("confirm_visit"), appointment: appointmentSchema });

export type VisitAnswer = "confirm" | "cancel" | "reschedule";
const VISIT_ANSWERS: readonly VisitAnswer[] = ["confirm", "cancel", "reschedule"];

/** The reminder's numbered answers, in a language's texts (the reminder itself lists them too). */
export function visitOptions(ctx: Pick<FlowContext, "t">): Option<VisitAnswer>[] {
  return VISIT_ANSWERS.map((id) => ({ id, label: ctx.t.visitLabels[id] }));
}

export const confirmVisit: StepModule<"confirm_visit"> = {
  options: (_step, ctx) => visitOptions(ctx),
  prompt: (step, ctx) => {
    const line = appointmentLine(step.appointment, ctx);
    return ctx.t.confirmVisit(line.service, line.provider, line.when, numbered(visitOptions(ctx).map((o) => o.label)));
  },
  answer: ({ state, step, text, ctx }) => {
    if (isBareStop(text)) return show(state, { kind: "confirm_opt_out" }, ctx);
    const yesNo = readYesNo(text);
    const answer = choose(text, visitOptions(ctx))?.id ?? (yesNo === "yes" ? "confirm" : yesNo === "no" ? "cancel" : null);
    if (answer === null) return null;
    const { appointment } = step;
    if (Date.parse(appointment.startsAt) <= ctx.now.getTime()) {
      return toMenuSaying(ctx.t.visitPassed(ctx.fmt.dayTime(appointment.startsAt)), ctx);
    }
    switch (answer) {
      case "confirm":
        return stay(state, [{ type: "confirm_visit", appointment }]);
      case "cancel":
        return show(state, { kind: "confirm_cancel", appointment }, ctx);
      case "reschedule":
        return startReschedule(state, appointment, ctx);
      default:
        return assertNever(answer);
    }
  },
  // At rest, as at the main menu: anything else is a question for the FAQ.
  otherwise: ({ state, text, ctx }) => stay(state, [{ type: "answer_question", question: text, language: ctx.language }]),
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: () => null,
  resting: true,
};
