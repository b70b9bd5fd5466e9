/**
 * Runs the flow until it settles: transition, then its effects in order. An effect with a result
 * (load slots, claim, confirm, …) is performed at once and its result fed back as an event, whose
 * effects run before the rest (depth first). Replies are collected into one message; the
 * conversation-level effects (handoff, pause, the patient's name and language) are returned for
 * complete_turn to commit with the new state. A language switch applies at once: later results of
 * the same turn are rendered in the new language.
 */
import { transition } from "../flow/transition.ts";
import type { FlowState } from "../flow/state.ts";
import type { FlowEvent } from "../flow/events.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { Effect, RequestEffect } from "../flow/effects.ts";
import { type FlowContext, withLanguage } from "../flow/context.ts";
import type { Language } from "../locales/types.ts";

/** Results one turn may feed back before we call it a loop (a real turn needs at most four). */
export const MAX_RESULTS_PER_TURN = 8;

/** Performs effects against the world (RPCs, the FAQ answerer). */
export interface Performer {
  request(effect: RequestEffect): Promise<FlowEvent>;
  releaseHold(): Promise<void>;
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
}

export async function settle(state: FlowState, event: FlowEvent, context: FlowContext, perform: Performer): Promise<Settled> {
  let ctx = context;
  const first = transition(state, event, ctx);
  const settled: Settled = { state: first.state, replies: [], handoff: false, pauseMinutes: null, patientName: null, language: null };
  const queue: Effect[] = [...first.effects];
  let results = 0;
  for (let effect = queue.shift(); effect !== undefined; effect = queue.shift()) {
    switch (effect.type) {
      case "reply":
        settled.replies.push(effect.text);
        break;
      case "release_hold":
        await perform.releaseHold();
        break;
      case "set_patient_name":
        settled.patientName = effect.name;
        break;
      case "set_language":
        settled.language = effect.language;
        ctx = withLanguage(ctx, effect.language);
        break;
      case "handoff":
        settled.handoff = true;
        break;
      case "pause":
        settled.pauseMinutes = effect.minutes;
        break;
      case "load_slots":
      case "claim_slot":
      case "confirm_hold":
      case "load_appointments":
      case "cancel_appointment":
      case "answer_question": {
        results += 1;
        if (results > MAX_RESULTS_PER_TURN) throw new Error(`the flow did not settle after ${MAX_RESULTS_PER_TURN} results`);
        const next = transition(settled.state, await perform.request(effect), ctx);
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
