/**
 * Before the flow sees a message: should the bot answer at all, and from where? Staff have the
 * conversation (silent, unless the patient types `menu` or staff have been idle for the clinic's
 * period since the handoff or their last reply), the patient is in a cool-off (silent) or flooding
 * (one notice on the first message over the limit, then silent), the stored state is from an older
 * deploy or the session went idle (start over at the menu), or none of these (step the flow with
 * the text). Pure, so Deno tests cover it.
 */
import { isMenuWord, isStaffRequest } from "../flow/intents.ts";
import type { LoadedState } from "../flow/state.ts";
import { isResting } from "../flow/steps/index.ts";
import { MS_PER_MINUTE } from "../flow/time.ts";
import type { TurnContext } from "./context.ts";

export type Gate =
  | { kind: "silent"; reason: "human" | "paused" | "rate_limited" }
  /** Answer with a fixed notice and leave the conversation's state as it is. */
  | { kind: "notice"; reason: "rate_limited" }
  /**
   * The bot takes the conversation back from staff: the patient typed `menu` (the flow then
   * answers that text), or staff were idle for the clinic's period (a fresh menu).
   */
  | { kind: "resume"; by: "patient" | "staff_idle" }
  | { kind: "restart"; reason: "idle" | "outdated" }
  | { kind: "step" };

/** When the patient's cool-off ends, or null when none is in force at `now`. */
export function activePause(context: TurnContext, now: Date): string | null {
  const until = context.conversation.pausedUntil;
  return until !== null && Date.parse(until) > now.getTime() ? until : null;
}

/** The later of two instants, either of which may be unknown. */
function latest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function minutesSince(iso: string | null, now: Date): number | null {
  return iso === null ? null : (now.getTime() - Date.parse(iso)) / MS_PER_MINUTE;
}

export function gate(context: TurnContext, loaded: LoadedState, text: string, now: Date): Gate {
  const { conversation, clinic } = context;
  if (conversation.mode === "human") {
    // Only the bare word ("menu", "menú"): "hi" or "hola" here are greetings meant for staff, not the bot.
    if (isMenuWord(text)) return { kind: "resume", by: "patient" };
    // Counted from staff's last activity; the patient's own messages never keep staff mode alive.
    const quiet = minutesSince(conversation.staffActivityAt, now);
    return quiet !== null && quiet >= clinic.humanIdleMinutes
      ? { kind: "resume", by: "staff_idle" }
      : { kind: "silent", reason: "human" };
  }
  if (activePause(context, now) !== null) {
    // Asking for a person is the one thing the cool-off still hears: that is what it offered.
    return isStaffRequest(text) ? { kind: "step" } : { kind: "silent", reason: "paused" };
  }
  // The count includes this message: the first one over the limit is told why the bot goes quiet,
  // so a fast typist's answer is not dropped without a word.
  if (context.inboundLastMinute === clinic.rateLimitPerMinute + 1) return { kind: "notice", reason: "rate_limited" };
  if (context.inboundLastMinute > clinic.rateLimitPerMinute) return { kind: "silent", reason: "rate_limited" };
  if (loaded.kind === "outdated") return { kind: "restart", reason: "outdated" };
  // Counted from the later of the patient's previous message and the conversation's last change:
  // a patient an outbox message placed at "choose a new time" answers it, not a fresh menu. A step
  // at rest (the menu, a reminder's question) never expires: its answer may come hours later.
  const idle = minutesSince(latest(conversation.previousInboundAt, conversation.updatedAt), now);
  if (idle !== null && idle >= clinic.sessionIdleMinutes && !isResting(loaded.state.step)) {
    return { kind: "restart", reason: "idle" };
  }
  return { kind: "step" };
}
