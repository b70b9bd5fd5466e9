/**
 * What a transition asks the turn to do, as data. Effects marked "→ event" produce a result that the
 * turn feeds back into `transition` before the next effect; the others only change the world.
 */
import type { AppointmentFact, BookingDraft, Hold, SlotFact } from "./types.ts";
import type { SlotsPurpose } from "./events.ts";

export type Effect =
  | { type: "reply"; text: string }
  /** → slots_loaded. Free times of the draft's service starting in [from, to). */
  | { type: "load_slots"; serviceId: string; from: string; to: string; purpose: SlotsPurpose }
  /** → claim_result. Hold the slot for this conversation. */
  | { type: "claim_slot"; draft: BookingDraft; slot: SlotFact }
  /** → confirm_result. Turn the hold into an appointment, or move `draft.rescheduleOf` onto it. */
  | { type: "confirm_hold"; draft: BookingDraft; hold: Hold }
  /** Give back whatever this conversation holds. */
  | { type: "release_hold" }
  /** → appointments_loaded. */
  | { type: "load_appointments" }
  /** → cancel_result. */
  | { type: "cancel_appointment"; appointment: AppointmentFact }
  /** → question_answered. */
  | { type: "answer_question"; question: string }
  /** Remember the patient's name (never erases one: the flow only sets a non-empty name). */
  | { type: "set_patient_name"; name: string }
  /** Conversation mode 'human': staff take over, the bot stays silent. */
  | { type: "handoff" }
  /** Stay silent for this patient for a while. */
  | { type: "pause"; minutes: number };

/** Effects whose result comes back as an event. */
export type RequestEffect = Extract<
  Effect,
  { type: "load_slots" | "claim_slot" | "confirm_hold" | "load_appointments" | "cancel_appointment" | "answer_question" }
>;
