/**
 * Which day: the free days of the service (and practitioner), narrowed to what the patient asked
 * for (a time, a part of the day, a week). A day may be typed ("friday", "12/25"); a time, part of
 * the day or week typed here narrows the days offered.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import { type FlowContext, providerName, serviceName } from "../context.ts";
import { draftSchema, wishSchema } from "../facts.ts";
import { choose, type Option } from "../choose.ts";
import { dayProblem } from "../calendar.ts";
import { invalid, stay } from "../nav.ts";
import { loadDays, loadTimes, lookingFor, mergeWish, wishFrom } from "../booking.ts";
import { MAX_DAY_OPTIONS } from "../limits.ts";
import { leavingBooking, onTypedWhen } from "./common.ts";
import type { StepModule, StepOf } from "./step.ts";

export const pickDaySchema = z.object({
  kind: z.literal("pick_day"),
  draft: draftSchema,
  /** Every free day found (more can be typed than are shown). */
  days: z.array(z.string()),
  /** The time or part of the day still wished for, applied once a day is chosen. */
  wish: wishSchema,
});

function dayOptions(step: StepOf<"pick_day">, ctx: FlowContext): Option[] {
  return step.days.slice(0, MAX_DAY_OPTIONS).map((day) => ({ id: day, label: ctx.fmt.day(day) }));
}

export const pickDay: StepModule<"pick_day"> = {
  options: dayOptions,
  prompt: (step, ctx) =>
    ctx.t.pickDay(
      serviceName(ctx, step.draft.serviceId),
      step.draft.providerId === null ? null : providerName(ctx, step.draft.providerId),
      numbered(dayOptions(step, ctx).map((option) => option.label)),
      lookingFor(step.wish, ctx),
      ctx.fmt.dateExample,
    ),
  answer: ({ state, step, text, ctx }) => {
    const option = choose(text, dayOptions(step, ctx));
    if (option) return stay(state, [loadTimes(step.draft, option.id, { ...step.wish, day: option.id }, ctx)]);
    return onTypedWhen(state, step.draft, text, ctx, (when) => {
      const wish = mergeWish(step.wish, wishFrom(when));
      if (!when.day) return stay(state, [loadDays(step.draft, wish, ctx)]);
      const problem = dayProblem(when.day.day, when.day.past, ctx);
      return problem === null ? stay(state, [loadTimes(step.draft, when.day.day, wish, ctx)]) : invalid(state, ctx, problem);
    }, step.wish);
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (step, ctx) => leavingBooking(step.draft, ctx),
};
