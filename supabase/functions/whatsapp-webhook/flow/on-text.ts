/**
 * What the patient's text does in each step. Global commands (menu, back, stop, staff) come first,
 * in every step; then the step's own numbered choices, typed labels, days, times or free text.
 */
import type { FlowState, Step } from "./state.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { Effect } from "./effects.ts";
import type { BookingDraft, FlowContext, SlotFact, WantedTime } from "./types.ts";
import { chooseOption, normalize, readCommand, readYesNo } from "./input.ts";
import { parseWhen } from "./parse-when.ts";
import { checkDay, dayWindow, horizonWindow, nearestTimes, slotAt, tooSoon } from "./calendar.ts";
import { backToPickTime, enter, goBack, handOff, invalid, reply, stay, toMenu, toMenuSaying, type Transition } from "./nav.ts";
import { labelsOf, promptOf, shownAppointments, shownDays, timeLabels } from "./prompts.ts";
import { MAX_NAME_CHARS, MIN_NAME_CHARS } from "./limits.ts";

export function onText(state: FlowState, text: string, ctx: FlowContext): Transition {
  const command = readCommand(text);
  switch (command) {
    case "menu":
      return toMenu([reply(ctx.replies.menu(ctx.clinic.name, "hello"))]);
    case "back":
      return goBack(state, ctx);
    case "stop":
      return toMenu([reply(ctx.replies.menu(ctx.clinic.name, "stopped"))]);
    case "staff":
      return handOff(ctx);
    case null:
      return inStep(state, state.step, text, ctx);
    default:
      return assertNever(command);
  }
}

function inStep(state: FlowState, step: Step, text: string, ctx: FlowContext): Transition {
  const r = ctx.replies;
  // A typed name that merely contains the WhatsApp name ("Ana Sousa" vs "Ana") is a new name.
  const choice = chooseOption(text, labelsOf(step, ctx), step.kind === "ask_name");
  switch (step.kind) {
    case "menu":
      return atMenu(state, choice, text, ctx);
    case "pick_service": {
      const service = choice === null ? undefined : ctx.services[choice];
      if (!service) return invalid(state, ctx, r.invalid);
      return stay(state, [loadDays({ serviceId: service.id, rescheduleOf: null }, ctx)]);
    }
    case "pick_day": {
      const day = choice === null ? undefined : shownDays(step.days)[choice];
      if (day) return stay(state, [loadTimes(step.draft, day, null, ctx)]);
      return typedWhen(state, step.draft, null, text, ctx);
    }
    case "pick_time": {
      const slot = choice === null ? undefined : step.shown[choice];
      if (slot) return stay(state, [{ type: "claim_slot", draft: step.draft, slot }]);
      return typedWhen(state, step.draft, step, text, ctx);
    }
    case "ask_name": {
      const pushName = ctx.patient.pushName;
      const yesNo = readYesNo(text);
      // "yes" to the offered WhatsApp name picks it; a yes/no word is never itself a name.
      const acceptsOffer = pushName !== null && (choice === 0 || yesNo === "yes");
      const name = acceptsOffer ? pushName : yesNo === null ? readName(text) : null;
      if (name === null) return invalid(state, ctx, r.invalidName);
      return enter(state, { kind: "confirm_booking", draft: step.draft, hold: step.hold, name }, [
        reply(promptOf({ kind: "confirm_booking", draft: step.draft, hold: step.hold, name }, ctx)),
      ]);
    }
    case "confirm_booking": {
      const answer = choice === 0 ? "yes" : choice === 1 ? "no" : readYesNo(text);
      if (answer === "yes") return stay(state, [{ type: "confirm_hold", draft: step.draft, hold: step.hold }]);
      if (answer === "no") return anotherTime(state, step.draft, ctx);
      return invalid(state, ctx, r.invalid);
    }
    case "appointments": {
      const appointment = choice === null ? undefined : shownAppointments(step.list)[choice];
      if (!appointment) return invalid(state, ctx, r.invalid);
      const next: Step = { kind: "appointment_actions", appointment };
      return enter(state, next, [reply(promptOf(next, ctx))]);
    }
    case "appointment_actions": {
      if (choice === 0) {
        const draft = { serviceId: step.appointment.serviceId, rescheduleOf: step.appointment };
        return stay(state, [loadDays(draft, ctx)]);
      }
      if (choice === 1) {
        const next: Step = { kind: "confirm_cancel", appointment: step.appointment };
        return enter(state, next, [reply(promptOf(next, ctx))]);
      }
      return invalid(state, ctx, r.invalid);
    }
    case "confirm_cancel": {
      const answer = choice === 0 ? "yes" : choice === 1 ? "no" : readYesNo(text);
      if (answer === "yes") return stay(state, [{ type: "cancel_appointment", appointment: step.appointment }]);
      if (answer === "no") return toMenuSaying(r.kept, ctx);
      return invalid(state, ctx, r.invalid);
    }
    case "ask_question":
      return stay(state, [{ type: "answer_question", question: text }]);
    default:
      return assertNever(step);
  }
}

function atMenu(state: FlowState, choice: number | null, text: string, ctx: FlowContext): Transition {
  switch (choice) {
    case 0: {
      const next: Step = { kind: "pick_service" };
      return enter(state, next, [reply(promptOf(next, ctx))]);
    }
    case 1:
      return stay(state, [{ type: "load_appointments" }]);
    case 2: {
      const next: Step = { kind: "ask_question" };
      return enter(state, next, [reply(promptOf(next, ctx))]);
    }
    case 3:
      return handOff(ctx);
    default:
      // Free text at the main menu is a question (ARCHITECTURE.md conversation conventions).
      return stay(state, [{ type: "answer_question", question: text }]);
  }
}

/** A typed day and/or time in the day or time step. */
function typedWhen(
  state: FlowState,
  draft: BookingDraft,
  timeStep: Extract<Step, { kind: "pick_time" }> | null,
  text: string,
  ctx: FlowContext,
): Transition {
  const r = ctx.replies;
  const when = parseWhen(text, ctx.now, ctx.clinic.timezone);
  switch (when.kind) {
    case "none":
      return invalid(state, ctx, r.invalid);
    case "time":
      if (!timeStep) return invalid(state, ctx, r.timeNeedsDay);
      return typedTime(state, draft, timeStep.day, timeStep.slots, when.time, ctx);
    case "day": {
      const check = when.past ? { kind: "past" as const } : checkDay(when.day, ctx);
      switch (check.kind) {
        case "ok":
          return stay(state, [loadTimes(draft, when.day, when.time, ctx)]);
        case "past":
          return invalid(state, ctx, r.dayPast(when.day));
        case "beyond_horizon":
          return invalid(state, ctx, r.dayBeyondHorizon(when.day, check.lastDay));
        case "closed":
          return invalid(state, ctx, r.dayClosed(when.day, check.weekday));
        case "closed_day":
          return invalid(state, ctx, r.dayClosedDate(when.day));
        default:
          return assertNever(check);
      }
    }
    default:
      return assertNever(when);
  }
}

/**
 * A typed time on a day whose free times are known: claim it if free; otherwise say why and offer
 * the nearest free times as the new numbered choices.
 */
export function typedTime(
  state: FlowState,
  draft: BookingDraft,
  day: string,
  slots: readonly SlotFact[],
  time: WantedTime,
  ctx: FlowContext,
): Transition {
  const r = ctx.replies;
  const label = `${String(time.hour).padStart(2, "0")}:${String(time.minute).padStart(2, "0")}`;
  if (tooSoon(day, time, ctx)) return invalid(state, ctx, r.timePast(label));
  const exact = slotAt(slots, time, ctx);
  if (exact) return stay(state, [{ type: "claim_slot", draft, slot: exact }]);
  const shown = nearestTimes(slots, time, ctx);
  const next: Step = { kind: "pick_time", draft, day, slots: [...slots], shown };
  return enter(state, next, [reply(`${r.timeNotFree(label, day)}\n${r.nearestTimes(day, timeLabels(ctx, shown))}`)]);
}

/** "Choose another time" at the confirmation: back to that day's fresh free times. */
function anotherTime(state: FlowState, draft: BookingDraft, ctx: FlowContext): Transition {
  const back = backToPickTime(state);
  if (back === null) return stay(state, [loadDays(draft, ctx)]);
  return { state: back.state, effects: [loadTimes(draft, back.step.day, null, ctx)] };
}

export function loadDays(draft: BookingDraft, ctx: FlowContext): Effect {
  const window = horizonWindow(ctx);
  return { type: "load_slots", serviceId: draft.serviceId, ...window, purpose: { kind: "days", draft } };
}

export function loadTimes(draft: BookingDraft, day: string, wanted: WantedTime | null, ctx: FlowContext): Effect {
  const window = dayWindow(day, ctx);
  return { type: "load_slots", serviceId: draft.serviceId, ...window, purpose: { kind: "times", draft, day, wanted } };
}

/** A plausible personal name, or null. */
function readName(text: string): string | null {
  const name = text.replace(/\s+/g, " ").trim();
  if (name.length < MIN_NAME_CHARS || name.length > MAX_NAME_CHARS) return null;
  if (!/\p{L}/u.test(name) || /\d/.test(name) || normalize(name) === "") return null;
  return name;
}
