/**
 * Performs the flow's effects through the slot-engine RPCs and the FAQ answerer, and turns each
 * outcome into the event the flow expects. The slot engine's BKnnn errors (listed in migration
 * 20261122002000_create_slot_generation.sql) become outcomes the patient is told about; transient
 * database failures become TurnError('transient'). Every call here is safe to repeat after a crash:
 * claim_slot re-takes this conversation's own hold, confirm_hold / reschedule_appointment return
 * the booking already made, cancelling a cancelled appointment is a no-op.
 *
 * The turn's first write is normally not performed here but deferred to complete_turn (WriteMode,
 * turn/writes.ts): answered with its predicted success, so the step costs begin_turn and
 * complete_turn only (issue 10 §2).
 */
import { z } from "zod";
import { RpcError } from "../../_shared/rpc.ts";
import type { TurnDeps } from "../../_shared/deps.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { RequestEffect } from "../flow/effects.ts";
import type { FlowEvent } from "../flow/events.ts";
import type { DeferredWrite, Performed, Performer } from "./settle.ts";
import type { TurnContext } from "./context.ts";
import { turnRpc } from "./rpc.ts";
import { readAhead, type SlotRow, slotRowsSchema, upcomingRowsSchema } from "./prefetch.ts";
import { daysNeedFirstTimesOnly, excludedStart } from "../flow/results.ts";
import { type Attempted, expected, isWrite, refusal, refusedAs, type WriteEffect, type WritePlan, writePlan } from "./writes.ts";

/** Most free times asked for at once: a 14-day horizon of 30-minute slots for a few practitioners (begin_turn reads ahead as many). */
const SLOT_SEARCH_LIMIT = 1000;

const released = z.number().int();

/**
 * How the turn's writes are done. `eager`: each through its own RPC at once (today's way, and the
 * fallback). `defer`: the first write is settled on its predicted success and left to
 * complete_turn (`corrected`: complete_turn reported what that write really gives, to predict
 * from instead); anything the flow asks after it abandons the settle (SpeculationAbandoned), to be
 * settled again eagerly. `refused`: complete_turn refused that write; it is answered with the
 * refusal, and what the flow asks next is done at once.
 */
export type WriteMode =
  | { kind: "eager" }
  | { kind: "defer"; corrected?: { write: DeferredWrite; result: unknown } }
  | { kind: "refused"; write: DeferredWrite; code: string; message: string; ms?: number };

/** Whether a plan is the write complete_turn reported on (a settle again takes the same path). */
function isSame(plan: WritePlan, write: DeferredWrite): boolean {
  return plan.rpc === write.rpc && JSON.stringify(plan.args) === JSON.stringify(write.args);
}

/** Thrown by a deferring performer when the flow asks for more after the deferred write. */
export class SpeculationAbandoned extends Error {
  override readonly name = "SpeculationAbandoned";
}

/**
 * What one attempt of a turn performed, in order, so that settling it again (after a refusal or an
 * abandoned speculation) replays those calls instead of repeating them: a write is never done
 * twice, a question never sent to Claude twice. The settles of one attempt take the same path up
 * to the deferred write (which is never journaled) and record nothing after it, so a settle again
 * leaves the journal only at its end; from there its calls are live and recorded.
 */
export class Journal {
  private readonly entries: Array<{ key: string; value: unknown; ms: number }> = [];
  /** The next entry to replay; null once this settle has left the journal. */
  private cursor: number | null = 0;

  /** Starts a new settle of the same turn from the first entry. */
  rewind(): void {
    this.cursor = 0;
  }

  async through<R>(key: string, live: () => Promise<R>): Promise<{ value: R; ms?: number }> {
    const entry = this.cursor === null ? undefined : this.entries[this.cursor];
    if (this.cursor !== null && entry !== undefined && entry.key === key) {
      this.cursor += 1;
      return { value: entry.value as R, ms: entry.ms };
    }
    this.cursor = null;
    const startedMs = performance.now();
    const value = await live();
    this.entries.push({ key, value, ms: Math.round(performance.now() - startedMs) });
    return { value };
  }
}

/**
 * Runs a turnRpc call (which already turns a transient failure into TurnError); a refusal the flow
 * can explain comes back as `{ refused }`, anything else throws.
 */
async function attempt<T>(call: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: await call() };
  } catch (error) {
    const reason = error instanceof RpcError ? refusal(error.code) : null;
    if (reason !== null && error instanceof RpcError) return { refused: reason, code: error.code };
    throw error;
  }
}

function performed(event: FlowEvent): Performed {
  return { event };
}

function slotFacts(rows: readonly SlotRow[]) {
  return rows.map((row) => ({ slotId: row.slot_id, startsAt: row.starts_at, providerId: row.provider_id }));
}

export interface PerformerOptions {
  writes: WriteMode;
  /** Shared by the settles of one attempt; each new performer replays it from the start. */
  journal: Journal;
}

export function createPerformer(
  deps: TurnDeps,
  context: TurnContext,
  now: Date,
  options: PerformerOptions = { writes: { kind: "eager" }, journal: new Journal() },
): Performer {
  const conversationId = context.conversation.id;
  const patientId = context.patient.id;
  const at = now.toISOString();
  const ahead = readAhead(context.prefetched);
  const { writes, journal } = options;
  journal.rewind();
  /** Whether this settle has met its first write (the one a deferring performer defers). */
  let metWrite = false;
  let deferred = false;

  const write = async (plan: WritePlan): Promise<Performed> => {
    const call = () =>
      turnRpc(deps, plan.rpc, {
        ...plan.args,
        ...(plan.ofConversation ? { p_conversation_id: conversationId } : {}),
        p_patient_id: patientId,
        p_now: at,
      }, plan.schema);
    return plan.eventOf(await attempt(call));
  };

  /** The first write of a deferring or refused settle: answered without a round trip, or null to perform it. */
  const firstWrite = (effect: WriteEffect): Performed | null => {
    if (writes.kind === "eager") return null;
    const plan = writePlan(effect, context, now);
    if (writes.kind === "refused") {
      if (!isSame(plan, writes.write)) return null;
      const answer = plan.eventOf(refusedAs(plan.rpc, writes.code, writes.message));
      return writes.ms === undefined ? answer : { ...answer, ms: writes.ms };
    }
    let result = plan.predict();
    if (writes.corrected !== undefined) {
      const real = plan.schema.safeParse(writes.corrected.result);
      if (!isSame(plan, writes.corrected.write) || !real.success) return null;
      result = real.data;
    }
    deferred = true;
    const { rpc, args, fill } = plan;
    return { ...plan.eventOf({ ok: result }), deferred: { rpc, args, expect: expected(plan, result), fill } };
  };

  const live = async (effect: RequestEffect): Promise<Performed> => {
    switch (effect.type) {
      case "load_slots": {
        const read = ahead.slots(effect.serviceId, effect.from, effect.to);
        // A list of days wants each practitioner's days only: the read-ahead's free days answer it,
        // and the log counts every free time there is, as the full answer would.
        // The firsts must have been taken without the instant the flow leaves out (a move's own start).
        const days = read === null && daysNeedFirstTimesOnly(effect.purpose)
          ? ahead.freeDays(effect.serviceId, effect.from, effect.to, excludedStart(effect.purpose.draft))
          : null;
        if (days !== null) {
          return { ...performed({ type: "slots_loaded", purpose: effect.purpose, slots: slotFacts(days.rows) }), slotsFound: days.found };
        }
        const rows = read ?? await turnRpc(deps, "available_slots", {
          p_clinic_id: context.clinic.id,
          p_service_id: effect.serviceId,
          p_from: effect.from,
          p_to: effect.to,
          p_now: at,
          p_limit: SLOT_SEARCH_LIMIT,
        }, slotRowsSchema);
        return performed({ type: "slots_loaded", purpose: effect.purpose, slots: slotFacts(rows) });
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
      case "claim_slot":
      case "confirm_hold":
      case "cancel_appointment":
      case "confirm_visit":
      case "set_opt_out":
        return await write(writePlan(effect, context, now));
      default:
        return assertNever(effect);
    }
  };

  const request = async (effect: RequestEffect): Promise<Performed> => {
    if (deferred) throw new SpeculationAbandoned(`the flow asked for ${effect.type} after a deferred write`);
    if (isWrite(effect)) {
      // Only loads leave the world as it was: a write makes the read-ahead stale.
      ahead.spoil();
      if (!metWrite) {
        metWrite = true;
        const answered = firstWrite(effect);
        if (answered !== null) return answered;
      }
    }
    const { value, ms } = await journal.through(JSON.stringify(effect), () => live(effect));
    return ms === undefined ? value : { ...value, ms };
  };

  const releaseHold = async (): Promise<number> => {
    if (deferred) throw new SpeculationAbandoned("the flow released the hold after a deferred write");
    ahead.spoil();
    const { value } = await journal.through("release_hold", () =>
      turnRpc(deps, "release_hold", { p_conversation_id: conversationId, p_now: at }, released));
    return value;
  };

  return { request, releaseHold };
}
