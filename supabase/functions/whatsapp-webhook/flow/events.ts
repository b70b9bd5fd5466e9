/**
 * What the flow reacts to: the patient's text, and the results of effects the turn executed, fed back
 * as events. Each result event echoes what was asked, so handling it needs no pending-request state.
 */
import type { AppointmentFact, AppointmentsPurpose, BookingDraft, Hold, SlotFact, Wish } from "./facts.ts";

/** Why a booking or a change was refused by the slot engine, apart from a lost race. */
export type RefusalReason = "too_soon" | "beyond_horizon" | "limit_reached" | "not_found";

/**
 * Why the free times were asked for: days to offer (within the horizon, narrowed by the wish), or
 * the times of one day (narrowed, or matched against a wanted time).
 */
export type SlotsPurpose =
  | { kind: "days"; draft: BookingDraft; wish: Wish }
  | {
    kind: "times";
    draft: BookingDraft;
    day: string;
    wish: Wish;
    /**
     * The slot just refused as taken, when these are the fresh times that refusal offers: never
     * offered again in the same reply. A claim refuses a slot another turn has locked but not yet
     * committed, so a read right after the refusal can still see it free.
     */
    taken?: string;
  };

export type ClaimOutcome =
  | { kind: "held"; hold: Hold }
  | { kind: "taken" }
  | { kind: "refused"; reason: RefusalReason };

export type ConfirmOutcome =
  | { kind: "confirmed"; appointmentId: string; startsAt: string }
  | { kind: "hold_expired" }
  | { kind: "refused"; reason: RefusalReason };

export type CancelOutcome = { kind: "cancelled" } | { kind: "refused"; reason: RefusalReason };

/** A confirmation of a visit: done, too late (it has begun), or refused (cancelled meanwhile, not theirs). */
export type VisitOutcome = { kind: "confirmed" } | { kind: "passed" } | { kind: "refused"; reason: RefusalReason };

/** The FAQ answer as the flow needs it (a subset of faq/types.ts FaqAnswer). */
export type QuestionAnswer = { kind: "answered"; text: string } | { kind: "no_match" };

export type FlowEvent =
  | { type: "text"; text: string }
  /** The session went idle, the stored state was outdated, or staff/cool-off ended: start over. */
  | { type: "restart"; reason: "idle" | "outdated" | "resumed" }
  | { type: "slots_loaded"; purpose: SlotsPurpose; slots: SlotFact[] }
  | { type: "claim_result"; draft: BookingDraft; slot: SlotFact; outcome: ClaimOutcome }
  | { type: "confirm_result"; draft: BookingDraft; hold: Hold; outcome: ConfirmOutcome }
  | { type: "appointments_loaded"; purpose: AppointmentsPurpose; appointments: AppointmentFact[] }
  | { type: "cancel_result"; appointment: AppointmentFact; outcome: CancelOutcome }
  | { type: "visit_confirmed"; appointment: AppointmentFact; outcome: VisitOutcome }
  /** `changed` is false when the patient had already chosen so. */
  | { type: "opt_out_set"; optedOut: boolean; changed: boolean }
  | { type: "question_answered"; answer: QuestionAnswer };
