/**
 * Runs the flow until it settles: transition, then its effects in order. An effect with a result
 * (load slots, claim, confirm, …) is performed at once and its result fed back as an event, whose
 * effects run before the rest (depth first). Replies are collected into one message; the
 * conversation-level effects (handoff, pause, the patient's name and language) are returned for
 * complete_turn to commit with the new state. A language switch applies at once: later results of
 * the same turn are rendered in the new language.
 *
 * Every effect is recorded for the turn log (`turns.effects`): its type, its input (the effect
 * without its type), what came of it (the outcome, with the SQLSTATE of a refusal) and how long it
 * took. Whether the turn changed the world for good (a booking confirmed, an appointment moved or
 * cancelled) is returned too: a turn that loses its commit after that must still tell the patient.
 * A write the performer deferred (turn/perform.ts: settled on its predicted success, performed by
 * complete_turn with the commit) is returned as `deferred`, with the index of its log record; it
 * has not changed the world yet, so a lost commit changes nothing.
 */
import { transition } from "../flow/transition.ts";
import type { FlowState } from "../flow/state.ts";
import type { FlowEvent } from "../flow/events.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { Effect, RequestEffect } from "../flow/effects.ts";
import { type FlowContext, withLanguage } from "../flow/context.ts";
import type { Language } from "../locales/types.ts";
import type { WriteRpc } from "./writes.ts";

/** Results one turn may feed back before we call it a loop (a real turn needs at most four). */
export const MAX_RESULTS_PER_TURN = 8;

/** A write left to complete_turn: the slot-engine function, its arguments, what its result must contain. */
export interface DeferredWrite {
  rpc: WriteRpc;
  args: Record<string, unknown>;
  expect: Record<string, unknown>;
  /** Keys of the write's log record result filled in by complete_turn from its result (log key → result key). */
  fill: Record<string, string>;
}

/** What performing a request effect gave: the event for the flow, and the SQLSTATE of a refusal. */
export interface Performed {
  event: FlowEvent;
  code?: string;
  /** Set when the write is not done yet: complete_turn does it with the commit. */
  deferred?: DeferredWrite;
  /** How long it took when it was done earlier in the turn (a settle again replays it). */
  ms?: number;
  /** Free times found, when the event carries only those the flow needs (each practitioner's first of each day). */
  slotsFound?: number;
}

/** Performs effects against the world (RPCs, the FAQ answerer). */
export interface Performer {
  request(effect: RequestEffect): Promise<Performed>;
  /** Gives back this conversation's hold; how many slots it released. */
  releaseHold(): Promise<number>;
}

/** One effect as the turn log keeps it. */
export interface EffectRecord {
  type: Effect["type"];
  input: Record<string, unknown>;
  /** What came back; null for effects that only change the conversation (reply, handoff, …). */
  result: Record<string, unknown> | null;
  ms: number;
}

export interface Settled {
  state: FlowState;
  /** The reply texts in order; the turn joins them into one message. */
  replies: string[];
  handoff: boolean;
  pauseMinutes: number | null;
  patientName: string | null;
  /** The language the patient switched to in this turn, or null. */
  language: Language | null;
  effects: EffectRecord[];
  /** A booking confirmed or moved, or an appointment cancelled: done, whatever happens to the commit. */
  changedWorld: boolean;
  /** The write complete_turn is to perform with the commit, and the index of its record in `effects`. */
  deferred: (DeferredWrite & { log: number }) | null;
}

export function unsettled(state: FlowState): Settled {
  return { state, replies: [], handoff: false, pauseMinutes: null, patientName: null, language: null, effects: [], changedWorld: false, deferred: null };
}

function inputOf(effect: Effect): Record<string, unknown> {
  const { type: _type, ...input } = effect;
  return input;
}

/** What came of a request, for the log: outcomes and counts, not whole slot lists. */
export function resultOf(performed: Performed): Record<string, unknown> {
  const event = performed.event;
  const code = performed.code === undefined ? {} : { code: performed.code };
  switch (event.type) {
    case "slots_loaded":
      return { slots: performed.slotsFound ?? event.slots.length };
    case "appointments_loaded":
      return { appointments: event.appointments.length };
    case "claim_result":
    case "confirm_result":
    case "cancel_result":
    case "visit_confirmed": {
      const { kind, ...rest } = event.outcome;
      return { outcome: kind, ...rest, ...code };
    }
    case "opt_out_set":
      return { optedOut: event.optedOut, changed: event.changed };
    case "question_answered":
      return { outcome: event.answer.kind };
    case "text":
    case "restart":
      return { outcome: event.type };
    default:
      return assertNever(event);
  }
}

/** Whether an event reports something done for good. */
function isFinal(event: FlowEvent): boolean {
  return (event.type === "confirm_result" && event.outcome.kind === "confirmed") ||
    (event.type === "cancel_result" && event.outcome.kind === "cancelled");
}

export async function settle(state: FlowState, event: FlowEvent, context: FlowContext, perform: Performer): Promise<Settled> {
  let ctx = context;
  const first = transition(state, event, ctx);
  const settled: Settled = { ...unsettled(first.state) };
  const queue: Effect[] = [...first.effects];
  const record = (effect: Effect, result: Record<string, unknown> | null, startedMs: number, ms?: number) =>
    settled.effects.push({ type: effect.type, input: inputOf(effect), result, ms: ms ?? Math.round(performance.now() - startedMs) });
  let results = 0;
  let holdBooked = false;
  for (let effect = queue.shift(); effect !== undefined; effect = queue.shift()) {
    const startedMs = performance.now();
    switch (effect.type) {
      case "reply":
        settled.replies.push(effect.text);
        record(effect, null, startedMs);
        break;
      case "release_hold":
        // confirm_hold (and reschedule_appointment through it) books every slot the conversation
        // holds, so after a confirmation there is nothing left to release: no round trip for it.
        record(effect, { released: holdBooked ? 0 : await perform.releaseHold() }, startedMs);
        break;
      case "set_patient_name":
        settled.patientName = effect.name;
        record(effect, null, startedMs);
        break;
      case "set_language":
        settled.language = effect.language;
        ctx = withLanguage(ctx, effect.language);
        record(effect, null, startedMs);
        break;
      case "handoff":
        settled.handoff = true;
        record(effect, null, startedMs);
        break;
      case "pause":
        settled.pauseMinutes = effect.minutes;
        record(effect, null, startedMs);
        break;
      case "load_slots":
      case "claim_slot":
      case "confirm_hold":
      case "load_appointments":
      case "cancel_appointment":
      case "confirm_visit":
      case "set_opt_out":
      case "answer_question": {
        results += 1;
        if (results > MAX_RESULTS_PER_TURN) throw new Error(`the flow did not settle after ${MAX_RESULTS_PER_TURN} results`);
        const performed = await perform.request(effect);
        record(effect, resultOf(performed), startedMs, performed.ms);
        if (performed.deferred) settled.deferred = { ...performed.deferred, log: settled.effects.length - 1 };
        else if (isFinal(performed.event)) settled.changedWorld = true;
        if (performed.event.type === "confirm_result" && performed.event.outcome.kind === "confirmed") holdBooked = true;
        const next = transition(settled.state, performed.event, ctx);
        settled.state = next.state;
        queue.unshift(...next.effects);
        break;
      }
      default:
        assertNever(effect);
    }
  }
  return settled;
}
