/** Cancelling an appointment, after a yes: the slot engine frees its time. */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import type { FlowContext } from "../context.ts";
import { appointmentSchema } from "../facts.ts";
import { choose, type Option, readYesNo } from "../choose.ts";
import { stay, toMenuSaying } from "../nav.ts";
import { appointmentLine } from "./common.ts";
import type { StepModule } from "./step.ts";

export const confirmCancelSchema = z.object({ kind: z.literal("confirm_cancel"), appointment: appointmentSchema });

function cancelOptions(ctx: FlowContext): Option<"yes" | "no">[] {
  return (["yes", "no"] as const).map((id) => ({ id, label: ctx.t.cancelLabels[id] }));
}

export const confirmCancel: StepModule<"confirm_cancel"> = {
  options: (_step, ctx) => cancelOptions(ctx),
  prompt: (step, ctx) => {
    const line = appointmentLine(step.appointment, ctx);
    return ctx.t.confirmCancel(line.service, line.provider, line.when, numbered(cancelOptions(ctx).map((o) => o.label)));
  },
  answer: ({ state, step, text, ctx }) => {
    const answer = choose(text, cancelOptions(ctx))?.id ?? readYesNo(text);
    if (answer === "yes") return stay(state, [{ type: "cancel_appointment", appointment: step.appointment }]);
    if (answer === "no") return toMenuSaying(ctx.t.kept, ctx);
    return null;
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (_step, ctx) => ctx.t.kept,
};
