/**
 * Building transitions: moving between steps with a navigation stack for `back`, and the reply and
 * invalid-answer bookkeeping every handler shares.
 */
import { type FlowState, initialState, type Step } from "./state.ts";
import type { Effect } from "./effects.ts";
import type { FlowContext } from "./types.ts";
import { MAX_INVALID_IN_A_ROW } from "./limits.ts";
import { promptOf } from "./prompts.ts";

export interface Transition {
  state: FlowState;
  effects: Effect[];
}

export function reply(text: string): Effect {
  return { type: "reply", text };
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

/** Back to the main menu with nothing remembered. */
export function toMenu(effects: Effect[]): Transition {
  return { state: initialState(), effects };
}

/** Back to the main menu, with `text` above its choices. */
export function toMenuSaying(text: string, ctx: FlowContext): Transition {
  return toMenu([reply(`${text}\n\n${promptOf({ kind: "menu" }, ctx)}`)]);
}

/** Staff take the conversation; the patient is told so and the flow rests at the menu. */
export function handOff(ctx: FlowContext): Transition {
  return toMenu([{ type: "handoff" }, reply(ctx.replies.handoff)]);
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
  if (!previous) return toMenu([reply(promptOf({ kind: "menu" }, ctx))]);
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
    return toMenu([{ type: "pause", minutes }, reply(ctx.replies.cooloff(minutes))]);
  }
  return { state: { ...state, invalid: count }, effects: [reply(`${hint}\n\n${promptOf(state.step, ctx)}`)] };
}
