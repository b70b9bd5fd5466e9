/**
 * What a transition asks the turn to do, as data. Effects marked "→ event" produce a result that the
 * turn feeds back into `transition` before the next effect; the others only change the world.
 */
import type { AppointmentFact, AppointmentsPurpose, BookingDraft, Hold, SlotFact } from "./facts.ts";
import type { SlotsPurpose } from "./events.ts";
import type { Language } from "../locales/types.ts";

export type Effect =
  | { type: "reply"; text: string }
  /** → slots_loaded. Free times of the service starting in [from, to), every practitioner's. */
  | { type: "load_slots"; serviceId: string; from: string; to: string; purpose: SlotsPurpose }
  /** → claim_result. Hold the slot for this conversation. */
  | { type: "claim_slot"; draft: BookingDraft; slot: SlotFact }
  /** → confirm_result. Turn the hold into an appointment, or move `draft.rescheduleOf` onto it. */
  | { type: "confirm_hold"; draft: BookingDraft; hold: Hold }
  /** Give back whatever this conversation holds. */
  | { type: "release_hold" }
  /** → appointments_loaded. */
  | { type: "load_appointments"; purpose: AppointmentsPurpose }
  /** → cancel_result. */
  | { type: "cancel_appointment"; appointment: AppointmentFact }
  /** → visit_confirmed. The patient is coming (their answer to the reminder). */
  | { type: "confirm_visit"; appointment: AppointmentFact }
  /** → opt_out_set. Stop (true) or restart (false) the patient's reminders and notices. */
  | { type: "set_opt_out"; optedOut: boolean }
  /** → question_answered. Searched and phrased in `language`. */
  | { type: "answer_question"; question: string; language: Language }
  /** Remember the patient's name (never erases one: the flow only sets a non-empty name). */
  | { type: "set_patient_name"; name: string }
  /** Speak `language` with this patient from now on (this turn's later replies included). */
  | { type: "set_language"; language: Language }
  /** Conversation mode 'human': staff take over, the bot stays silent. */
  | { type: "handoff" }
  /** Stay silent for this patient for a while. */
  | { type: "pause"; minutes: number };

/** Effects whose result comes back as an event. */
export type RequestEffect = Extract<
  Effect,
  {
    type:
      | "load_slots"
      | "claim_slot"
      | "confirm_hold"
      | "load_appointments"
      | "cancel_appointment"
      | "confirm_visit"
      | "set_opt_out"
      | "answer_question";
  }
>;
