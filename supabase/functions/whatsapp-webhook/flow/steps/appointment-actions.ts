/** One upcoming appointment: reschedule it or cancel it. */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import type { FlowContext } from "../context.ts";
import { appointmentSchema } from "../facts.ts";
import { choose, type Option } from "../choose.ts";
import { show } from "../nav.ts";
import { startReschedule } from "../booking.ts";
import { appointmentLine } from "./common.ts";
import type { StepModule } from "./step.ts";
import { assertNever } from "../../../../../shared/assert-never.ts";

export const appointmentActionsSchema = z.object({ kind: z.literal("appointment_actions"), appointment: appointmentSchema });

type Action = "reschedule" | "cancel";

function actionOptions(ctx: FlowContext): Option<Action>[] {
  return (["reschedule", "cancel"] as const).map((id) => ({ id, label: ctx.t.appointmentActionLabels[id] }));
}

export const appointmentActions: StepModule<"appointment_actions"> = {
  options: (_step, ctx) => actionOptions(ctx),
  prompt: (step, ctx) => {
    const line = appointmentLine(step.appointment, ctx);
    return ctx.t.appointmentActions(line.service, line.provider, line.when, numbered(actionOptions(ctx).map((o) => o.label)));
  },
  answer: ({ state, step, text, ctx }) => {
    const option = choose(text, actionOptions(ctx));
    if (!option) return null;
    switch (option.id) {
      case "reschedule":
        return startReschedule(state, step.appointment, ctx);
      case "cancel":
        return show(state, { kind: "confirm_cancel", appointment: step.appointment }, ctx);
      default:
        return assertNever(option.id);
    }
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (_step, ctx) => ctx.t.appointmentsUnchanged,
};
