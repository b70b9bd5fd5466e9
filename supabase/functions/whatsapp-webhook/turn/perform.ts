/**
 * Performs the flow's effects through the slot-engine RPCs and the FAQ answerer, and turns each
 * outcome into the event the flow expects. The slot engine's BKnnn errors (listed in migration
 * 20261122002000_create_slot_generation.sql) become outcomes the patient is told about; transient
 * database failures become TurnError('transient'). Every call here is safe to repeat after a crash:
 * claim_slot re-takes this conversation's own hold, confirm_hold / reschedule_appointment return
 * the booking already made, cancelling a cancelled appointment is a no-op.
 */
import { z } from "zod";
import { RpcError } from "../../_shared/rpc.ts";
import type { TurnDeps } from "../../_shared/deps.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { RequestEffect } from "../flow/effects.ts";
import type { ClaimOutcome, ConfirmOutcome, FlowEvent, RefusalReason, VisitOutcome } from "../flow/events.ts";
import type { Performed, Performer } from "./settle.ts";
import type { TurnContext } from "./context.ts";
import { turnRpc } from "./rpc.ts";
import { readAhead, slotRowsSchema, upcomingRowsSchema } from "./prefetch.ts";

/** Most free times asked for at once: a 14-day horizon of 30-minute slots for a few practitioners (begin_turn reads ahead as many). */
const SLOT_SEARCH_LIMIT = 1000;

const claimed = z.object({ starts_at: z.string(), held_until: z.string(), provider_id: z.string() });
const appointment = z.object({ id: z.string(), starts_at: z.string() });
const released = z.number().int();
const confirmedVisit = z.object({ id: z.string(), startsAt: z.string(), confirmedAt: z.string() });
const optOut = z.object({ optedOut: z.boolean(), changed: z.boolean() });

/** What a refused slot-engine call means for the patient, or null when it means a lost race. */
function refusal(code: string): RefusalReason | "lost" | null {
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
 * Runs a turnRpc call (which already turns a transient failure into TurnError); a refusal the flow
 * can explain comes back as `{ refused }`, anything else throws.
 */
async function attempt<T>(call: () => Promise<T>): Promise<{ ok: T } | { refused: RefusalReason | "lost"; code: string }> {
  try {
    return { ok: await call() };
  } catch (error) {
    const reason = error instanceof RpcError ? refusal(error.code) : null;
    if (reason !== null && error instanceof RpcError) return { refused: reason, code: error.code };
    throw error;
  }
}

/** The event, with the SQLSTATE of a refusal for the turn log. */
function performed(event: FlowEvent, result?: { code?: string } | object): Performed {
  return result !== undefined && "code" in result && typeof result.code === "string" ? { event, code: result.code } : { event };
}

export function createPerformer(deps: TurnDeps, context: TurnContext, now: Date): Performer {
  const conversationId = context.conversation.id;
  const patientId = context.patient.id;
  const at = now.toISOString();
  const ahead = readAhead(context.prefetched);

  const request = async (effect: RequestEffect): Promise<Performed> => {
    // Only loads leave the world as it was; anything else makes the read-ahead stale.
    if (effect.type !== "load_slots" && effect.type !== "load_appointments" && effect.type !== "answer_question") ahead.spoil();
    switch (effect.type) {
      case "load_slots": {
        const rows = ahead.slots(effect.serviceId, effect.from, effect.to) ?? await turnRpc(deps, "available_slots", {
          p_clinic_id: context.clinic.id,
          p_service_id: effect.serviceId,
          p_from: effect.from,
          p_to: effect.to,
          p_now: at,
          p_limit: SLOT_SEARCH_LIMIT,
        }, slotRowsSchema);
        const slots = rows.map((row) => ({ slotId: row.slot_id, startsAt: row.starts_at, providerId: row.provider_id }));
        return performed({ type: "slots_loaded", purpose: effect.purpose, slots });
      }
      case "claim_slot": {
        const result = await attempt(() =>
          turnRpc(deps, "claim_slot", {
            p_conversation_id: conversationId,
            p_patient_id: patientId,
            p_service_id: effect.draft.serviceId,
            p_slot_id: effect.slot.slotId,
            p_now: at,
            p_replacing_appointment_id: effect.draft.rescheduleOf?.appointmentId ?? null,
          }, claimed)
        );
        const outcome: ClaimOutcome = "ok" in result
          ? {
            kind: "held",
            hold: {
              slotId: effect.slot.slotId,
              startsAt: result.ok.starts_at,
              holdUntil: result.ok.held_until,
              providerId: result.ok.provider_id,
            },
          }
          : result.refused === "lost"
          ? { kind: "taken" }
          : { kind: "refused", reason: result.refused };
        return performed({ type: "claim_result", draft: effect.draft, slot: effect.slot, outcome }, result);
      }
      case "confirm_hold": {
        const from = effect.draft.rescheduleOf;
        const result = await attempt(() =>
          from
            ? turnRpc(deps, "reschedule_appointment", {
              p_appointment_id: from.appointmentId,
              p_conversation_id: conversationId,
              p_patient_id: patientId,
              p_now: at,
            }, appointment)
            : turnRpc(deps, "confirm_hold", {
              p_conversation_id: conversationId,
              p_patient_id: patientId,
              p_service_id: effect.draft.serviceId,
              p_now: at,
            }, appointment)
        );
        const outcome: ConfirmOutcome = "ok" in result
          ? { kind: "confirmed", appointmentId: result.ok.id, startsAt: result.ok.starts_at }
          : result.refused === "lost"
          ? { kind: "hold_expired" }
          : { kind: "refused", reason: result.refused };
        return performed({ type: "confirm_result", draft: effect.draft, hold: effect.hold, outcome }, result);
      }
      case "load_appointments": {
        const rows = ahead.appointments() ??
          await turnRpc(deps, "patient_upcoming_appointments", { p_patient_id: patientId, p_now: at }, upcomingRowsSchema);
        const appointments = rows.map((row) => ({
          appointmentId: row.id,
          serviceId: row.service_id,
          serviceName: row.service_name,
          providerId: row.provider_id,
          providerName: row.provider_name,
          startsAt: row.starts_at,
        }));
        return performed({ type: "appointments_loaded", purpose: effect.purpose, appointments });
      }
      case "cancel_appointment": {
        const result = await attempt(() =>
          turnRpc(deps, "cancel_appointment", {
            p_appointment_id: effect.appointment.appointmentId,
            p_patient_id: patientId,
            p_now: at,
          }, appointment)
        );
        const outcome = "ok" in result
          ? { kind: "cancelled" as const }
          : { kind: "refused" as const, reason: result.refused === "lost" ? "not_found" as const : result.refused };
        return performed({ type: "cancel_result", appointment: effect.appointment, outcome }, result);
      }
      case "confirm_visit": {
        const result = await attempt(() =>
          turnRpc(deps, "confirm_appointment", {
            p_appointment_id: effect.appointment.appointmentId,
            p_patient_id: patientId,
            p_now: at,
          }, confirmedVisit)
        );
        // BK010: the visit has begun (the flow checks the clock first; this is the race with it).
        const outcome: VisitOutcome = "ok" in result
          ? { kind: "confirmed" }
          : result.code === "BK010"
          ? { kind: "passed" }
          : { kind: "refused", reason: result.refused === "lost" ? "not_found" : result.refused };
        return performed({ type: "visit_confirmed", appointment: effect.appointment, outcome }, result);
      }
      case "set_opt_out": {
        const result = await turnRpc(deps, "set_patient_opt_out", {
          p_patient_id: patientId,
          p_opted_out: effect.optedOut,
          p_now: at,
        }, optOut);
        return performed({ type: "opt_out_set", optedOut: result.optedOut, changed: result.changed });
      }
      case "answer_question": {
        const answer = await deps.answerQuestion({
          clinicId: context.clinic.id,
          clinicName: context.clinic.name,
          question: effect.question,
          language: effect.language,
          history: context.history,
          readAhead: ahead.faq(effect.question, effect.language),
        });
        return performed({
          type: "question_answered",
          answer: answer.kind === "answered" ? { kind: "answered", text: answer.text } : { kind: "no_match" },
        });
      }
      default:
        return assertNever(effect);
    }
  };

  const releaseHold = (): Promise<number> => {
    ahead.spoil();
    return turnRpc(deps, "release_hold", { p_conversation_id: conversationId, p_now: at }, released);
  };

  return { request, releaseHold };
}
