/**
 * The confirmation, while the time is held: the summary (service, practitioner, day and time, name)
 * with Confirm / Choose another time / Use another name. When no name is known, the step asks for
 * one first. The only step that holds a slot (state.ts `heldSlot`).
 */
import { z } from "zod";
import { numbered } from "../../locales/format.ts";
import { type FlowContext, providerName, serviceName } from "../context.ts";
import { draftSchema, holdSchema } from "../facts.ts";
import { choose, type Option, readYesNo } from "../choose.ts";
import { backToPickTime, enter, invalid, reply, show, stay, type Transition } from "../nav.ts";
import { loadDays, loadTimes } from "../booking.ts";
import type { FlowState } from "../state.ts";
import { appointmentLine, leavingBooking, readName } from "./common.ts";
import type { StepModule, StepOf } from "./step.ts";
import { MAX_NAME_CHARS } from "../limits.ts";
import { assertNever } from "../../../../../shared/assert-never.ts";

export const confirmBookingSchema = z.object({
  kind: z.literal("confirm_booking"),
  draft: draftSchema,
  hold: holdSchema,
  /** The name the booking is made under; null while it is being asked for. */
  name: z.string().nullable(),
});

type Step = StepOf<"confirm_booking">;
type ConfirmOption = "confirm" | "other_time" | "other_name";

function askingName(step: Step): boolean {
  return step.name === null && step.draft.rescheduleOf === null;
}

function confirmOptions(step: Step, ctx: FlowContext): Option<ConfirmOption>[] {
  if (askingName(step)) return [];
  const ids: ConfirmOption[] = step.draft.rescheduleOf ? ["confirm", "other_time"] : ["confirm", "other_time", "other_name"];
  return ids.map((id) => ({ id, label: ctx.t.confirmLabels[id] }));
}

/** "Choose another time": back to that day's fresh free times, or the days when none was listed. */
function anotherTime(state: FlowState, step: Step, ctx: FlowContext): Transition {
  const back = backToPickTime(state);
  const noWish = { day: null, range: null, time: null, part: null };
  if (back === null) return stay(state, [loadDays(step.draft, noWish, ctx)]);
  return { state: back.state, effects: [loadTimes(step.draft, back.step.day, noWish, ctx)] };
}

export const confirmBooking: StepModule<"confirm_booking"> = {
  options: confirmOptions,
  prompt: (step, ctx) => {
    const service = serviceName(ctx, step.draft.serviceId);
    const provider = providerName(ctx, step.hold.providerId);
    const list = numbered(confirmOptions(step, ctx).map((o) => o.label));
    const holdMinutes = ctx.clinic.holdMinutes;
    const from = step.draft.rescheduleOf;
    if (!from) return ctx.t.confirmBooking({ service, provider, when: ctx.fmt.dayTime(step.hold.startsAt), name: step.name, holdMinutes, list });
    // A move names the appointment's practitioner, and the new time's only when it is another one.
    const current = appointmentLine(from, ctx).provider;
    const newProvider = step.hold.providerId === from.providerId ? null : provider;
    const to = ctx.fmt.dayTime(step.hold.startsAt);
    return ctx.t.confirmReschedule({ service, provider: current, newProvider, from: ctx.fmt.dayTime(from.startsAt), to, holdMinutes, list });
  },
  answer: ({ state, step, text, ctx }) => {
    if (askingName(step)) return null;
    const yesNo = readYesNo(text);
    const chosen = choose(text, confirmOptions(step, ctx))?.id ??
      (yesNo === "yes" ? "confirm" : yesNo === "no" ? "other_time" : null);
    switch (chosen) {
      case null:
        return null;
      case "confirm":
        return stay(state, [{ type: "confirm_hold", draft: step.draft, hold: step.hold }]);
      case "other_time":
        return anotherTime(state, step, ctx);
      case "other_name":
        return enter(state, { ...step, name: null }, [reply(ctx.t.askBookingName)]);
      default:
        return assertNever(chosen);
    }
  },
  otherwise: ({ state, step, text, ctx }) => {
    if (!askingName(step)) return invalid(state, ctx, ctx.t.invalid);
    const name = readName(text);
    return name === null ? invalid(state, ctx, ctx.t.invalidName(MAX_NAME_CHARS)) : show(state, { ...step, name }, ctx);
  },
  takesFreeText: askingName,
  hint: (step, ctx) => (askingName(step) ? ctx.t.invalidName(MAX_NAME_CHARS) : ctx.t.invalid),
  leaving: (step, ctx) => leavingBooking(step.draft, ctx),
};
