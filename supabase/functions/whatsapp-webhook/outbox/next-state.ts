/**
 * Where a message the clinic sends first may leave the patient's chat, and when it may. The one
 * module that builds flow states outside the flow: when the flow's state shape changes
 * (flow/state.ts, flow/steps/), this is the place to adapt; the state built is parsed with the
 * flow's own schema, so a shape the flow would not load is never stored.
 *
 * Idle (the chat may be moved without surprising the patient): it is with the assistant (mode bot),
 * no cool-off is running, and the patient is at rest: at the main menu or a reminder's question, at a fresh start (no state
 * yet, or one an older deploy wrote, which the next turn restarts anyway), or quiet for the clinic's
 * session_idle_minutes since the later of their last message and the chat's last change. The
 * decision is taken when the text is written (claim) and holds only while nothing happens in the
 * chat: ack_outbox applies the state only if the conversation's version is still the one seen here.
 */
import { type FlowState, initialState, loadState } from "../flow/state.ts";
import { MS_PER_MINUTE } from "../flow/time.ts";
import type { AppointmentFact, SlotFact } from "../flow/facts.ts";
import { isResting } from "../flow/steps/index.ts";

/** Free times a rebook offer lists as numbered choices (one phone screen with its explanation). */
export const REBOOK_TIME_OPTIONS = 5;

/** The chat as claim_outbox describes it (outbox_render_context). */
export interface ConversationFacts {
  mode: "bot" | "human";
  state: unknown;
  version: number;
  pausedUntil: string | null;
  lastInboundAt: string | null;
  updatedAt: string | null;
  sessionIdleMinutes: number;
}

function millis(instant: string | null): number {
  return instant === null ? Number.NEGATIVE_INFINITY : Date.parse(instant);
}

export function isIdle(conversation: ConversationFacts, now: Date): boolean {
  if (conversation.mode !== "bot") return false;
  if (millis(conversation.pausedUntil) > now.getTime()) return false;
  const loaded = loadState(conversation.state);
  if (loaded.kind !== "current" || isResting(loaded.state.step)) return true;
  const lastActivity = Math.max(millis(conversation.lastInboundAt), millis(conversation.updatedAt));
  return now.getTime() - lastActivity >= conversation.sessionIdleMinutes * MS_PER_MINUTE;
}

/**
 * "Choose a new time" for `appointment`: the time step of rescheduling it on `day`, with the day's
 * free `slots` (each with its practitioner) and the numbered `shown` ones, the draft keeping
 * `providerId` (null: whoever is free, as the times listed are). A number books the new time
 * through the normal flow (claim, confirm), and reschedule_appointment then cancels the old one.
 * `back` leads to the main menu. Throws if the flow would not load the state.
 */
export function rebookState(
  appointment: AppointmentFact,
  providerId: string | null,
  day: string,
  slots: readonly SlotFact[],
  shown: readonly SlotFact[],
): FlowState {
  const state: FlowState = {
    ...initialState(),
    step: {
      kind: "pick_time",
      draft: { serviceId: appointment.serviceId, providerId, rescheduleOf: appointment },
      day,
      slots: [...slots],
      shown: [...shown],
    },
    stack: [{ kind: "menu" }],
  };
  return checked(state, "rebook");
}

/** Loads a state built here with the flow's own schema; throws if the flow would not load it. */
function checked(state: FlowState, what: string): FlowState {
  const loaded = loadState(state);
  if (loaded.kind !== "current") throw new Error(`the ${what} state does not parse as the flow's current state`);
  return loaded.state;
}

/**
 * Where a reminder leaves an idle chat: its question (coming / cancel / another time) about
 * `appointment`, `back` to the main menu. The answer goes through the normal flow.
 */
export function reminderState(appointment: AppointmentFact): FlowState {
  return checked({ ...initialState(), step: { kind: "confirm_visit", appointment }, stack: [{ kind: "menu" }] }, "reminder");
}

/**
 * Where a notice (or a reminder with nothing to ask) leaves an idle chat: the main menu, knowing
 * that a bare "stop" now answers the notice (it asks whether to stop reminders and notices).
 */
export function afterNoticeState(): FlowState {
  return checked({ ...initialState(), step: { kind: "menu", afterNotice: true } }, "notice");
}
