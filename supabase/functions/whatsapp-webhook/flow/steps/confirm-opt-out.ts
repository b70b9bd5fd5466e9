/**
 * "Stop reminders and notices?", asked once when a patient writes "stop messages" (or "unsubscribe",
 * in any language), or a bare "stop" in answer to a reminder or notice. Yes records it on the patient
 * (set_patient_opt_out); no, or leaving, changes nothing. Replies to the patient's own messages are
 * never affected, and the question says so.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import type { FlowContext } from "../context.ts";
import { choose, type Option, readYesNo } from "../choose.ts";
import { stay, toMenuSaying } from "../nav.ts";
import type { StepModule } from "./step.ts";

export const confirmOptOutSchema = z.object({ kind: z.literal("confirm_opt_out") });

function optOutOptions(ctx: FlowContext): Option<"yes" | "no">[] {
  return (["yes", "no"] as const).map((id) => ({ id, label: ctx.t.optOutLabels[id] }));
}

export const confirmOptOut: StepModule<"confirm_opt_out"> = {
  options: (_step, ctx) => optOutOptions(ctx),
  prompt: (_step, ctx) => ctx.t.optOutQuestion(ctx.clinic.name, numbered(optOutOptions(ctx).map((o) => o.label))),
  answer: ({ state, text, ctx }) => {
    const answer = choose(text, optOutOptions(ctx))?.id ?? readYesNo(text);
    if (answer === "yes") return stay(state, [{ type: "set_opt_out", optedOut: true }]);
    if (answer === "no") return toMenuSaying(ctx.t.optOutKept, ctx);
    return null;
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (_step, ctx) => ctx.t.optOutKept,
};
