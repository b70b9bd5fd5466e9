/**
 * The conversation state stored in `conversations.state`: versioned plain data holding only what
 * the next step needs (ids, instants and the step's own facts; names and texts are rendered from
 * the catalog each turn, in the patient's current language). A stored value that does not parse as
 * the current version (an older deploy's shape, or nothing yet) is reported as such, so the turn
 * restarts the patient politely at the menu instead of crashing on it.
 */
import { z } from "zod";
import { type Step, stepSchema } from "./steps/index.ts";

/** Bump when the shape of `FlowState` changes incompatibly. 2: steps per module, languages, practitioners. */
export const STATE_VERSION = 2;

export interface FlowState {
  v: typeof STATE_VERSION;
  step: Step;
  /** Steps to return to with `back`, most recent last. */
  stack: Step[];
  /** Invalid answers in a row. */
  invalid: number;
}

// Built on first use: the step modules import this file back (function-level only), so the step
// schemas may not be initialized yet while this module is being evaluated.
let schema: z.ZodType<FlowState> | null = null;
function flowStateSchema(): z.ZodType<FlowState> {
  schema ??= z.object({
    v: z.literal(STATE_VERSION),
    step: stepSchema,
    stack: z.array(stepSchema),
    invalid: z.number().int().min(0),
  });
  return schema;
}

export function initialState(): FlowState {
  return { v: STATE_VERSION, step: { kind: "menu" }, stack: [], invalid: 0 };
}

export type LoadedState =
  | { kind: "fresh"; state: FlowState }
  | { kind: "current"; state: FlowState }
  | { kind: "outdated"; state: FlowState };

/** Reads a stored state: empty → fresh, current version → as is, anything else → outdated. */
export function loadState(stored: unknown): LoadedState {
  if (stored === null || stored === undefined) return { kind: "fresh", state: initialState() };
  if (typeof stored === "object" && Object.keys(stored).length === 0) {
    return { kind: "fresh", state: initialState() };
  }
  const parsed = flowStateSchema().safeParse(stored);
  return parsed.success
    ? { kind: "current", state: parsed.data }
    : { kind: "outdated", state: initialState() };
}

/** The slot held in a state: only the confirmation holds one. */
export function heldSlot(state: FlowState): string | null {
  return state.step.kind === "confirm_booking" ? state.step.hold.slotId : null;
}
