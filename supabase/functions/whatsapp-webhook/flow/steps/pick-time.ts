/**
 * Which time on the chosen day: a spread of the free times (or those of the part of the day asked
 * for). Any free time can be typed ("10am", "14:30"); a taken one offers the nearest free ones; a
 * typed day moves to that day's times.
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import type { FlowContext } from "../context.ts";
import { draftSchema, NO_WISH, slotSchema } from "../facts.ts";
import { choose, normalize, type Option } from "../choose.ts";
import { dayProblem, inPart, spreadTimes } from "../calendar.ts";
import { invalid, show, stay } from "../nav.ts";
import { loadDays, loadTimes, wishFrom } from "../booking.ts";
import { wantedTime } from "../results.ts";
import { leavingBooking, onTypedWhen } from "./common.ts";
import type { StepModule, StepOf } from "./step.ts";

/** The last hour of the day a bare number can name. */
const LAST_HOUR = 23;

export const pickTimeSchema = z.object({
  kind: z.literal("pick_time"),
  draft: draftSchema,
  day: z.string(),
  /** Every free time of the day, so a typed time can be matched beyond the listed ones. */
  slots: z.array(slotSchema),
  /** The numbered options shown last. */
  shown: z.array(slotSchema),
});

function timeOptions(step: StepOf<"pick_time">, ctx: FlowContext): Option[] {
  return step.shown.map((slot) => ({ id: slot.slotId, label: ctx.fmt.time(slot.startsAt) }));
}

export const pickTime: StepModule<"pick_time"> = {
  options: timeOptions,
  prompt: (step, ctx) =>
    ctx.t.pickTime(ctx.fmt.day(step.day), numbered(timeOptions(step, ctx).map((o) => o.label)), ctx.fmt.timeExamples),
  answer: ({ state, step, text, ctx }) => {
    const options = timeOptions(step, ctx);
    const option = choose(text, options);
    const slot = option ? step.shown.find((s) => s.slotId === option.id) : undefined;
    if (slot) return stay(state, [{ type: "claim_slot", draft: step.draft, slot }]);
    // A bare number beyond the options is an hour here: "10" after eight listed times is 10 o'clock.
    const bare = /^\d{1,2}$/.exec(normalize(text));
    const hour = bare ? Number(bare[0]) : null;
    if (hour !== null && hour > options.length && hour <= LAST_HOUR) {
      return wantedTime(state, step.draft, step.day, step.slots, { hour, minute: 0, ambiguous: hour <= 12 }, ctx);
    }
    return onTypedWhen(state, step.draft, text, ctx, (when) => {
      if (when.day) {
        const problem = dayProblem(when.day.day, when.day.past, ctx);
        if (problem !== null) return invalid(state, ctx, problem);
        return stay(state, [loadTimes(step.draft, when.day.day, { ...wishFrom(when), day: when.day.day }, ctx)]);
      }
      if (when.range) return stay(state, [loadDays(step.draft, { ...NO_WISH, range: when.range }, ctx)]);
      if (when.time) {
        const time = { hour: when.time.hour, minute: when.time.minute, ambiguous: when.time.ambiguousMeridiem };
        return wantedTime(state, step.draft, step.day, step.slots, time, ctx);
      }
      if (when.part) {
        const within = inPart(step.slots, when.part, ctx);
        if (within.length === 0) return invalid(state, ctx, ctx.t.noTimesInPart(ctx.t.inPart[when.part], ctx.fmt.day(step.day)));
        return show(state, { ...step, shown: spreadTimes(within) }, ctx);
      }
      return null;
    });
  },
  hint: (_step, ctx) => ctx.t.invalid,
  leaving: (step, ctx) => leavingBooking(step.draft, ctx),
};
