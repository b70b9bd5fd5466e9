/**
 * Building transitions: moving between steps with a navigation stack for `back`, leaving a flow
 * with a sentence that says what happened, and the reply and invalid-answer bookkeeping every step
 * shares.
 */
import { type FlowState, initialState } from "./state.ts";
import type { Effect } from "./effects.ts";
import type { FlowContext } from "./context.ts";
import type { MenuIntro } from "../locales/types.ts";
import { MAX_INVALID_IN_A_ROW } from "./limits.ts";
import { leavingNote, promptOf, type Step } from "./steps/index.ts";
import { menuList } from "./steps/common.ts";
import { staffAvailability } from "./calendar.ts";
import { assertNever } from "../../../../shared/assert-never.ts";

export interface Transition {
  state: FlowState;
  effects: Effect[];
}

export function reply(text: string): Effect {
  return { type: "reply", text };
}

/** Texts joined as one message's paragraphs, skipping absent ones. */
export function paragraphs(...texts: ReadonlyArray<string | null | undefined>): string {
  return texts.filter((text): text is string => typeof text === "string" && text !== "").join("\n\n");
}

/** Stay where we are (valid input: the invalid streak ends). */
export function stay(state: FlowState, effects: Effect[]): Transition {
  return { state: { ...state, invalid: 0 }, effects };
}

/**
 * Move to `step`, remembering the current step for `back`. Re-entering the same kind of step (fresh
 * times for the same day, say) replaces it instead, so `back` never lands on a stale copy.
 */
export function enter(state: FlowState, step: Step, effects: Effect[]): Transition {
  const stack = state.step.kind === step.kind ? state.stack : [...state.stack, state.step];
  return { state: { ...state, step, stack: step.kind === "menu" ? [] : stack, invalid: 0 }, effects };
}

/** Move to `step` and show it, after any notes. */
export function show(state: FlowState, step: Step, ctx: FlowContext, ...notes: Array<string | null>): Transition {
  return enter(state, step, [reply(paragraphs(...notes, promptOf(step, ctx)))]);
}

/** The main menu's text. */
export function menuText(ctx: FlowContext, intro: MenuIntro): string {
  return ctx.t.menu(ctx.clinic.name, intro, menuList(ctx.t));
}

/** Back to the main menu with nothing remembered. */
export function toMenu(effects: Effect[]): Transition {
  return { state: initialState(), effects };
}

/** Back to the main menu, with `text` above its choices. */
export function toMenuSaying(text: string | null, ctx: FlowContext): Transition {
  return toMenu([reply(paragraphs(text, menuText(ctx, "plain")))]);
}

/**
 * Leave whatever is in progress for a fresh start at the menu: the state to continue from, and the
 * sentence saying what leaving meant (null when nothing was in progress).
 */
export function leave(state: FlowState, ctx: FlowContext): { state: FlowState; note: string | null } {
  return { state: initialState(), note: leavingNote(state.step, ctx) };
}

/** The staff availability sentence: open until …, closed until …, or soon. */
export function staffAvailabilityText(ctx: FlowContext): string {
  const availability = staffAvailability(ctx);
  switch (availability.kind) {
    case "open":
      return ctx.t.staffOpenNow(ctx.fmt.clock(availability.until.hour, availability.until.minute));
    case "opens":
      return ctx.t.staffOpensAt(
        ctx.t.dayAt(ctx.fmt.day(availability.day), ctx.fmt.clock(availability.at.hour, availability.at.minute)),
      );
    case "unknown":
      return ctx.t.staffSoon;
    default:
      return assertNever(availability);
  }
}

/**
 * Staff take the conversation; the patient is told what was left, when staff are likely to answer,
 * and how to come back. The flow rests at the menu.
 */
export function handOff(state: FlowState, ctx: FlowContext): Transition {
  const { note } = leave(state, ctx);
  return toMenu([{ type: "handoff" }, reply(paragraphs(note, ctx.t.handoff(staffAvailabilityText(ctx))))]);
}

/**
 * The state back at the most recent time step remembered for `back` (dropping what came after it),
 * and that step; null when no time step is remembered.
 */
export function backToPickTime(state: FlowState): { state: FlowState; step: Extract<Step, { kind: "pick_time" }> } | null {
  const depth = state.stack.findLastIndex((s) => s.kind === "pick_time");
  const step = state.stack[depth];
  if (step?.kind !== "pick_time") return null;
  return { state: { ...state, step, stack: state.stack.slice(0, depth), invalid: 0 }, step };
}

/** Return to the step before the current one; at the menu, show the menu again. */
export function goBack(state: FlowState, ctx: FlowContext): Transition {
  const previous = state.stack.at(-1);
  if (!previous) return toMenu([reply(menuText(ctx, "plain"))]);
  const next: FlowState = { ...state, step: previous, stack: state.stack.slice(0, -1), invalid: 0 };
  return { state: next, effects: [reply(promptOf(previous, ctx))] };
}

/**
 * An answer the current step cannot use: repeat its choices with a short hint. The fifth in a row
 * offers staff and pauses the bot for the clinic's cool-off period.
 */
export function invalid(state: FlowState, ctx: FlowContext, hint: string): Transition {
  const count = state.invalid + 1;
  if (count >= MAX_INVALID_IN_A_ROW) {
    const minutes = ctx.clinic.cooloffMinutes;
    return toMenu([{ type: "pause", minutes }, reply(ctx.t.cooloff(minutes))]);
  }
  return { state: { ...state, invalid: count }, effects: [reply(paragraphs(hint, promptOf(state.step, ctx)))] };
}
