/**
 * The conversation's single step: `transition(state, event, ctx) -> { state, effects }`. Pure: it
 * reads the clock and facts from `ctx` and the event, and returns effects as data for the turn to
 * execute. A state that stops carrying a held slot always emits `release_hold` first, so no path
 * (menu, stop, back, staff, restart, a new time) can leave a slot held behind.
 */
import { type FlowState, heldSlot } from "./state.ts";
import type { FlowEvent } from "./events.ts";
import { assertNever } from "../../../../shared/assert-never.ts";
import type { FlowContext } from "./context.ts";
import { menuText, reply, toMenu, type Transition } from "./nav.ts";
import { onText } from "./read.ts";
import { onResult } from "./results.ts";

export type { Transition } from "./nav.ts";

export function transition(state: FlowState, event: FlowEvent, ctx: FlowContext): Transition {
  const next = step(state, event, ctx);
  const before = heldSlot(state);
  if (before !== null && heldSlot(next.state) !== before) {
    return { state: next.state, effects: [{ type: "release_hold" }, ...next.effects] };
  }
  return next;
}

function step(state: FlowState, event: FlowEvent, ctx: FlowContext): Transition {
  switch (event.type) {
    case "text":
      return onText(state, event.text, ctx);
    case "restart": {
      const intro = ({ idle: "welcome_back", outdated: "updated", resumed: "welcome_back" } as const)[event.reason];
      return toMenu([reply(menuText(ctx, intro))]);
    }
    case "slots_loaded":
    case "claim_result":
    case "confirm_result":
    case "appointments_loaded":
    case "cancel_result":
    case "visit_confirmed":
    case "opt_out_set":
    case "question_answered":
      return onResult(state, event, ctx);
    default:
      return assertNever(event);
  }
}
