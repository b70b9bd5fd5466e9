/**
 * The flow's writes (hold a time, book the hold or move an appointment onto it, cancel, confirm a
 * visit, stop or restart reminders) as data: which slot-engine function, its arguments, what its
 * success returns, and the flow event an outcome becomes. turn/perform.ts performs a write at
 * once through its RPC, or defers it to complete_turn, which performs it with the turn's commit
 * (issue 10 §2: those steps in two round trips, docs/design.md "Faster turns").
 *
 * A deferred write is settled on its success, predicted exactly from what the turn knows (the slot
 * picked, the hold, the clinic's hold minutes, the clock): complete_turn compares the real result
 * with `expect`, the values the flow's event is built from, and refuses the commit when they
 * differ. Values only the database knows and only the turn log shows (a new appointment's id) are
 * left out of `expect` and filled into the log record by complete_turn (`fill`).
 */
import { z } from "zod";
import { RpcError } from "../../_shared/rpc.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { RequestEffect } from "../flow/effects.ts";
import type { ClaimOutcome, ConfirmOutcome, FlowEvent, RefusalReason, VisitOutcome } from "../flow/events.ts";
import { MS_PER_MINUTE } from "../flow/time.ts";
import type { TurnContext } from "./context.ts";

export type WriteEffect = Extract<RequestEffect, { type: "claim_slot" | "confirm_hold" | "cancel_appointment" | "confirm_visit" | "set_opt_out" }>;

export type WriteRpc =
  | "claim_slot"
  | "confirm_hold"
  | "reschedule_appointment"
  | "cancel_appointment"
  | "confirm_appointment"
  | "set_patient_opt_out";

export function isWrite(effect: RequestEffect): effect is WriteEffect {
  switch (effect.type) {
    case "claim_slot":
    case "confirm_hold":
    case "cancel_appointment":
    case "confirm_visit":
    case "set_opt_out":
      return true;
    case "load_slots":
    case "load_appointments":
    case "answer_question":
      return false;
    default:
      return assertNever(effect);
  }
}

const claimed = z.object({ starts_at: z.string(), held_until: z.string(), provider_id: z.string() });
const appointment = z.object({ id: z.string(), starts_at: z.string() });
const confirmedVisit = z.object({ id: z.string(), startsAt: z.string(), confirmedAt: z.string() });
const optOut = z.object({ optedOut: z.boolean(), changed: z.boolean() });

/** The outcome of a call: its result, or a refusal the flow can explain (SQLSTATE kept for the log). */
export type Attempted<T> = { ok: T } | { refused: RefusalReason | "lost"; code: string };

/** What the flow's event is, and the SQLSTATE of a refusal for the turn log. */
export interface WriteAnswer {
  event: FlowEvent;
  code?: string;
}

/** Stands for a new appointment's id in a predicted booking; complete_turn writes the real one into the log. */
export const ID_FROM_DATABASE = "(assigned by the database)";

export interface WritePlan<T = unknown> {
  rpc: WriteRpc;
  /** The function's arguments besides the patient and the clock (and the conversation where it takes one). */
  args: Record<string, unknown>;
  /** Whether it takes the conversation (p_conversation_id). */
  ofConversation: boolean;
  schema: z.ZodType<T>;
  /** What success returns, as far as the turn can tell in advance. */
  predict(): T;
  /** The keys of the result the flow's event depends on: compared by complete_turn. */
  compared: ReadonlyArray<keyof T & string>;
  /** Log record keys filled from the real result (log key → result key). */
  fill: Record<string, string>;
  eventOf(outcome: Attempted<T>): WriteAnswer;
}

/** What a refused slot-engine call means for the patient, or null when it means nothing the flow handles. */
export function refusal(code: string): RefusalReason | "lost" | null {
  switch (code) {
    case "BK001":
      return "lost"; // slot_unavailable: someone else took it
    case "BK006": // no_hold
    case "BK007": // hold_expired
    case "BK011": // hold_mismatch: our hold is not what we are confirming any more
      return "lost";
    case "BK002":
      return "too_soon";
    case "BK003":
      return "beyond_horizon";
    case "BK004":
      return "limit_reached";
    case "BK005": // service_unavailable
    case "BK008": // appointment_not_found
    case "BK010": // appointment_not_upcoming
      return "not_found";
    default:
      return null;
  }
}

/**
 * A refusal returned by complete_turn, as the same call made directly would have come back: an
 * outcome the flow explains, or the RpcError it would have thrown.
 */
export function refusedAs<T>(rpc: WriteRpc, code: string, message: string): Attempted<T> {
  const reason = refusal(code);
  if (reason === null) throw new RpcError(rpc, "rejected", code, 400, message);
  return { refused: reason, code };
}

/** An instant as PostgreSQL writes a timestamptz into JSON in a UTC session: 2026-11-22T10:05:00.12+00:00. */
export function postgresInstant(at: Date): string {
  const iso = at.toISOString(); // 2026-11-22T10:05:00.120Z
  const fraction = iso.slice(19, 23).replace(/\.?0+$/, "");
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

function withCode(event: FlowEvent, outcome: Attempted<unknown>): WriteAnswer {
  return "code" in outcome ? { event, code: outcome.code } : { event };
}

export function writePlan(effect: WriteEffect, context: TurnContext, now: Date): WritePlan {
  switch (effect.type) {
    case "claim_slot": {
      const { draft, slot } = effect;
      const plan: WritePlan<z.infer<typeof claimed>> = {
        rpc: "claim_slot",
        args: {
          p_service_id: draft.serviceId,
          p_slot_id: slot.slotId,
          p_replacing_appointment_id: draft.rescheduleOf?.appointmentId ?? null,
        },
        ofConversation: true,
        schema: claimed,
        // claim_slot holds until p_now + the clinic's hold minutes.
        predict: () => ({
          starts_at: slot.startsAt,
          held_until: postgresInstant(new Date(now.getTime() + context.clinic.holdMinutes * MS_PER_MINUTE)),
          provider_id: slot.providerId,
        }),
        compared: ["starts_at", "held_until", "provider_id"],
        fill: {},
        eventOf(outcome) {
          const result: ClaimOutcome = "ok" in outcome
            ? {
              kind: "held",
              hold: { slotId: slot.slotId, startsAt: outcome.ok.starts_at, holdUntil: outcome.ok.held_until, providerId: outcome.ok.provider_id },
            }
            : outcome.refused === "lost"
            ? { kind: "taken" }
            : { kind: "refused", reason: outcome.refused };
          return withCode({ type: "claim_result", draft, slot, outcome: result }, outcome);
        },
      };
      return plan as WritePlan;
    }
    case "confirm_hold": {
      const { draft, hold } = effect;
      const from = draft.rescheduleOf;
      const plan: WritePlan<z.infer<typeof appointment>> = {
        rpc: from ? "reschedule_appointment" : "confirm_hold",
        args: from ? { p_appointment_id: from.appointmentId } : { p_service_id: draft.serviceId },
        ofConversation: true,
        schema: appointment,
        // The booking starts where the hold does (the first held slot).
        predict: () => ({ id: ID_FROM_DATABASE, starts_at: hold.startsAt }),
        compared: ["starts_at"],
        fill: { appointmentId: "id" },
        eventOf(outcome) {
          const result: ConfirmOutcome = "ok" in outcome
            ? { kind: "confirmed", appointmentId: outcome.ok.id, startsAt: outcome.ok.starts_at }
            : outcome.refused === "lost"
            ? { kind: "hold_expired" }
            : { kind: "refused", reason: outcome.refused };
          return withCode({ type: "confirm_result", draft, hold, outcome: result }, outcome);
        },
      };
      return plan as WritePlan;
    }
    case "cancel_appointment": {
      const target = effect.appointment;
      const plan: WritePlan<z.infer<typeof appointment>> = {
        rpc: "cancel_appointment",
        args: { p_appointment_id: target.appointmentId },
        ofConversation: false,
        schema: appointment,
        predict: () => ({ id: target.appointmentId, starts_at: target.startsAt }),
        // Any success is "cancelled" (cancelling a cancelled appointment too).
        compared: [],
        fill: {},
        eventOf(outcome) {
          const result = "ok" in outcome
            ? { kind: "cancelled" as const }
            : { kind: "refused" as const, reason: outcome.refused === "lost" ? "not_found" as const : outcome.refused };
          return withCode({ type: "cancel_result", appointment: target, outcome: result }, outcome);
        },
      };
      return plan as WritePlan;
    }
    case "confirm_visit": {
      const target = effect.appointment;
      const plan: WritePlan<z.infer<typeof confirmedVisit>> = {
        rpc: "confirm_appointment",
        args: { p_appointment_id: target.appointmentId },
        ofConversation: false,
        schema: confirmedVisit,
        predict: () => ({ id: target.appointmentId, startsAt: target.startsAt, confirmedAt: now.toISOString() }),
        compared: [],
        fill: {},
        eventOf(outcome) {
          // BK010: the visit has begun (the flow checks the clock first; this is the race with it).
          const result: VisitOutcome = "ok" in outcome
            ? { kind: "confirmed" }
            : outcome.code === "BK010"
            ? { kind: "passed" }
            : { kind: "refused", reason: outcome.refused === "lost" ? "not_found" : outcome.refused };
          return withCode({ type: "visit_confirmed", appointment: target, outcome: result }, outcome);
        },
      };
      return plan as WritePlan;
    }
    case "set_opt_out": {
      const { optedOut } = effect;
      const plan: WritePlan<z.infer<typeof optOut>> = {
        rpc: "set_patient_opt_out",
        args: { p_opted_out: optedOut },
        ofConversation: false,
        schema: optOut,
        // Asked for, so presumably a change; "you had already chosen so" is settled again if not.
        predict: () => ({ optedOut, changed: true }),
        compared: ["optedOut", "changed"],
        fill: {},
        eventOf(outcome) {
          // set_patient_opt_out refuses nothing the flow explains: a refusal is thrown by refusedAs.
          if (!("ok" in outcome)) throw new RpcError("set_patient_opt_out", "rejected", outcome.code, 400, "refused");
          return { event: { type: "opt_out_set", optedOut: outcome.ok.optedOut, changed: outcome.ok.changed } };
        },
      };
      return plan as WritePlan;
    }
    default:
      return assertNever(effect);
  }
}

/** The slice of a result complete_turn compares with the real one. */
export function expected<T>(plan: WritePlan<T>, result: T): Record<string, unknown> {
  return Object.fromEntries(plan.compared.map((key) => [key, result[key]]));
}
