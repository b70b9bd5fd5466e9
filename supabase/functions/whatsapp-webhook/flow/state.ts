/**
 * The conversation state stored in `conversations.state`: versioned plain data. A stored value that
 * does not parse as the current version (an older deploy's shape, or nothing yet) is reported as
 * such, so the turn restarts the patient politely at the menu instead of crashing on it.
 */
import { z } from "zod";

/** Bump when the shape of `FlowState` changes incompatibly. */
export const STATE_VERSION = 1;

const slot = z.object({ slotId: z.string(), startsAt: z.string() });
const appointment = z.object({
  appointmentId: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  startsAt: z.string(),
});
const hold = z.object({ slotId: z.string(), startsAt: z.string(), holdUntil: z.string() });
const draft = z.object({ serviceId: z.string(), rescheduleOf: appointment.nullable() });

const stepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("menu") }),
  z.object({ kind: z.literal("pick_service") }),
  z.object({ kind: z.literal("pick_day"), draft, days: z.array(z.string()) }),
  z.object({
    kind: z.literal("pick_time"),
    draft,
    day: z.string(),
    /** Every free time of the day, so a typed time can be matched beyond the listed ones. */
    slots: z.array(slot),
    /** The numbered options shown last. */
    shown: z.array(slot),
  }),
  z.object({ kind: z.literal("ask_name"), draft, hold }),
  z.object({ kind: z.literal("confirm_booking"), draft, hold, name: z.string() }),
  z.object({ kind: z.literal("appointments"), list: z.array(appointment) }),
  z.object({ kind: z.literal("appointment_actions"), appointment }),
  z.object({ kind: z.literal("confirm_cancel"), appointment }),
  z.object({ kind: z.literal("ask_question") }),
]);
export type Step = z.infer<typeof stepSchema>;
export type StepKind = Step["kind"];

export const flowStateSchema = z.object({
  v: z.literal(STATE_VERSION),
  step: stepSchema,
  /** Steps to return to with `back`, most recent last. */
  stack: z.array(stepSchema),
  /** Invalid answers in a row. */
  invalid: z.number().int().min(0),
});
export type FlowState = z.infer<typeof flowStateSchema>;

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
  const parsed = flowStateSchema.safeParse(stored);
  return parsed.success
    ? { kind: "current", state: parsed.data }
    : { kind: "outdated", state: initialState() };
}

/** The slot held in a state, if its step holds one. */
export function heldSlot(state: FlowState): string | null {
  const step = state.step;
  return step.kind === "ask_name" || step.kind === "confirm_booking" ? step.hold.slotId : null;
}
