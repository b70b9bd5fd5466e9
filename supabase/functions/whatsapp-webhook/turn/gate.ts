/**
 * Before the flow sees a message: should the bot answer at all, and from where? Staff have the
 * conversation (silent, until their idle period passes), the patient is in a cool-off or flooding
 * (silent), the stored state is from an older deploy or the session went idle (start over at the
 * menu), or none of these (step the flow with the text). Pure, so Deno tests cover it.
 */
import { readCommand } from "../flow/input.ts";
import type { LoadedState } from "../flow/state.ts";
import type { TurnContext } from "./context.ts";

const MS_PER_MINUTE = 60_000;

export type Gate =
  | { kind: "silent"; reason: "human" | "paused" | "rate_limited" }
  /** Staff's idle period passed: the bot takes the conversation back with a fresh menu. */
  | { kind: "resume" }
  | { kind: "restart"; reason: "idle" | "outdated" }
  | { kind: "step" };

function minutesSince(iso: string | null, now: Date): number | null {
  return iso === null ? null : (now.getTime() - Date.parse(iso)) / MS_PER_MINUTE;
}

export function gate(context: TurnContext, loaded: LoadedState, text: string, now: Date): Gate {
  const { conversation, clinic } = context;
  if (conversation.mode === "human") {
    const quiet = minutesSince(conversation.lastActivityAt, now);
    return quiet !== null && quiet >= clinic.humanIdleMinutes ? { kind: "resume" } : { kind: "silent", reason: "human" };
  }
  if (conversation.pausedUntil !== null && Date.parse(conversation.pausedUntil) > now.getTime()) {
    // Asking for a person is the one thing the cool-off still hears: that is what it offered.
    return readCommand(text) === "staff" ? { kind: "step" } : { kind: "silent", reason: "paused" };
  }
  if (context.inboundLastMinute > clinic.rateLimitPerMinute) return { kind: "silent", reason: "rate_limited" };
  if (loaded.kind === "outdated") return { kind: "restart", reason: "outdated" };
  const idle = minutesSince(conversation.previousInboundAt, now);
  if (idle !== null && idle >= clinic.sessionIdleMinutes && loaded.state.step.kind !== "menu") {
    return { kind: "restart", reason: "idle" };
  }
  return { kind: "step" };
}
