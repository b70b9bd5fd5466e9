/**
 * What the results of effects do: free days and times found, a claim held or lost, a booking
 * confirmed or its hold expired, appointments listed or cancelled, a question answered.
 */
import type { FlowState, Step } from "./state.ts";
import type { FlowEvent } from "./events.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { Effect } from "./effects.ts";
import type { BookingDraft, FlowContext } from "./types.ts";
import { daysOf, distinctTimes, spreadTimes } from "./calendar.ts";
import { backToPickTime, enter, reply, stay, toMenu, toMenuSaying, type Transition } from "./nav.ts";
import { promptOf, serviceName } from "./prompts.ts";
import { loadDays, loadTimes, typedTime } from "./on-text.ts";
import { localDay } from "./time.ts";

type ResultEvent = Exclude<FlowEvent, { type: "text" } | { type: "restart" }>;

export function onResult(state: FlowState, event: ResultEvent, ctx: FlowContext): Transition {
  const r = ctx.replies;
  const tz = ctx.clinic.timezone;
  switch (event.type) {
    case "slots_loaded": {
      const purpose = event.purpose;
      switch (purpose.kind) {
        case "days": {
          const days = daysOf(event.slots, ctx);
          if (days.length === 0) {
            const name = serviceName(ctx, purpose.draft.serviceId);
            return stay(state, [reply(`${r.noFreeDays(name, ctx.clinic.horizonDays)}\n\n${promptOf(state.step, ctx)}`)]);
          }
          const next: Step = { kind: "pick_day", draft: purpose.draft, days };
          return enter(state, next, [reply(promptOf(next, ctx))]);
        }
        case "times": {
          const slots = distinctTimes(event.slots);
          if (slots.length === 0) {
            // Nothing free that day: say so, then offer the days that do have free times.
            return stay(state, [reply(r.dayFull(purpose.day)), loadDays(purpose.draft, ctx)]);
          }
          const next: Step = { kind: "pick_time", draft: purpose.draft, day: purpose.day, slots, shown: spreadTimes(slots) };
          const entered = enter(state, next, [reply(promptOf(next, ctx))]);
          return purpose.wanted ? typedTime(entered.state, purpose.draft, purpose.day, slots, purpose.wanted, ctx) : entered;
        }
        default:
          return assertNever(purpose);
      }
    }
    case "claim_result": {
      const outcome = event.outcome;
      switch (outcome.kind) {
        case "held": {
          const name = ctx.patient.name;
          const next: Step = event.draft.rescheduleOf || name
            ? { kind: "confirm_booking", draft: event.draft, hold: outcome.hold, name: name ?? "" }
            : { kind: "ask_name", draft: event.draft, hold: outcome.hold };
          return enter(state, next, [reply(promptOf(next, ctx))]);
        }
        case "taken":
          return stay(state, [reply(r.slotTaken), freshTimes(event.draft, event.slot.startsAt, ctx)]);
        case "refused":
          return stay(state, [reply(r.refused(outcome.reason)), freshTimes(event.draft, event.slot.startsAt, ctx)]);
        default:
          return assertNever(outcome);
      }
    }
    case "confirm_result": {
      const outcome = event.outcome;
      const from = event.draft.rescheduleOf;
      switch (outcome.kind) {
        case "confirmed": {
          const service = serviceName(ctx, event.draft.serviceId);
          if (from) return toMenu([reply(r.rescheduleConfirmed(service, outcome.startsAt, tz))]);
          const name = state.step.kind === "confirm_booking" ? state.step.name : "";
          const effects = ctx.patient.name === null && name !== "" ? [{ type: "set_patient_name" as const, name }] : [];
          return toMenu([...effects, reply(r.bookingConfirmed(service, outcome.startsAt, tz))]);
        }
        case "hold_expired":
          return toPickTime(state, [reply(r.holdExpired(ctx.clinic.holdMinutes)), freshTimes(event.draft, event.hold.startsAt, ctx)]);
        case "refused":
          return toMenuSaying(r.refused(outcome.reason), ctx);
        default:
          return assertNever(outcome);
      }
    }
    case "appointments_loaded": {
      if (event.appointments.length === 0) {
        return toMenuSaying(r.noAppointments, ctx);
      }
      const next: Step = { kind: "appointments", list: event.appointments };
      return enter(state, next, [reply(promptOf(next, ctx))]);
    }
    case "cancel_result": {
      const outcome = event.outcome;
      switch (outcome.kind) {
        case "cancelled":
          return toMenu([reply(r.cancelled(event.appointment, tz))]);
        case "refused":
          return toMenuSaying(r.refused(outcome.reason), ctx);
        default:
          return assertNever(outcome);
      }
    }
    case "question_answered": {
      const answer = event.answer;
      const atMenu = state.step.kind === "menu";
      switch (answer.kind) {
        case "answered":
          return stay(state, [reply(`${answer.text}\n\n${r.answerFollowUp(atMenu)}`)]);
        case "no_match":
          return stay(state, [reply(r.noAnswer)]);
        default:
          return assertNever(answer);
      }
    }
    default:
      return assertNever(event);
  }
}

/** Reload the free times of the day `startsAt` falls on (after a lost or expired hold). */
function freshTimes(draft: BookingDraft, startsAt: string, ctx: FlowContext): Effect {
  return loadTimes(draft, localDay(new Date(startsAt), ctx.clinic.timezone), null, ctx);
}

/** Leave the confirmation (its hold is gone) for the time step it came from, if remembered. */
function toPickTime(state: FlowState, effects: Transition["effects"]): Transition {
  const back = backToPickTime(state);
  return { state: back?.state ?? { ...state, step: { kind: "pick_service" }, invalid: 0 }, effects };
}
