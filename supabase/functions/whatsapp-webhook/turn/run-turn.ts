/**
 * One turn: one patient message handled exactly once against Postgres.
 *   begin_turn (record the message once; a message already answered gets its stored reply)
 *   → gate (staff have it unless the patient types `menu`, cool-off, flood, idle session, outdated state)
 *   → settle the flow, performing its effects through RPCs
 *   → complete_turn, guarded by the conversation's version.
 * A lost version race (another message of the same conversation committed first) retries the whole
 * turn from begin_turn, which hands the same, still unprocessed message back with fresh state.
 */
import type { RunTurn, TurnDeps, TurnInput, TurnResult } from "../../_shared/deps.ts";
import { type FlowState, heldSlot, initialState, loadState } from "../flow/state.ts";
import { MS_PER_MINUTE } from "../flow/time.ts";
import type { FlowEvent } from "../flow/events.ts";
import { type FlowContext, flowContext } from "../flow/context.ts";
import { BUNDLES } from "../locales/index.ts";
import { beginTurnSchema, completeTurnSchema, type TurnContext } from "./context.ts";
import { TurnError } from "./errors.ts";
import { turnRpc } from "./rpc.ts";
import { activePause, type Gate, gate } from "./gate.ts";
import { createPerformer } from "./perform.ts";
import { type Performer, settle, type Settled } from "./settle.ts";

/** Attempts of one turn before giving up on a conversation that keeps changing under it. */
export const MAX_TURN_ATTEMPTS = 5;
/** Base of the growing retry delay (doubles per attempt), and its cap. */
const RETRY_BASE_MS = 20;
const RETRY_CAP_MS = 400;

/** Exponential backoff with full jitter: somewhere in [0, min(cap, base·2^(attempt-1))). */
function retryDelayMs(attempt: number): number {
  return Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
}

export const runTurn: RunTurn = async (deps, input) => {
  // Whether this request redelivers a message recorded before it: decided by the first attempt,
  // since every retry finds the message our own first attempt recorded.
  let duplicate: boolean | null = null;
  for (let attemptNo = 1; attemptNo <= MAX_TURN_ATTEMPTS; attemptNo += 1) {
    const outcome = await attemptTurn(deps, input);
    duplicate ??= outcome.kind === "done" ? outcome.result.duplicate : outcome.duplicate;
    if (outcome.kind === "done") return { ...outcome.result, duplicate };
    deps.log.info("turn lost a version race; retrying", { attempt: attemptNo, conversationId: outcome.conversationId });
    if (attemptNo < MAX_TURN_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attemptNo)));
  }
  throw new TurnError("transient", `conversation kept changing during ${MAX_TURN_ATTEMPTS} attempts`);
};

/**
 * One attempt; `duplicate` (in the result, once done) says whether begin_turn found the message
 * already recorded.
 */
type Attempt =
  | { kind: "done"; result: TurnResult }
  | { kind: "conflict"; conversationId: string; duplicate: boolean };

async function attemptTurn(deps: TurnDeps, input: TurnInput): Promise<Attempt> {
  const now = deps.now();
  const { message, channel } = input;
  const began = await turnRpc(deps, "begin_turn", {
    p_channel_id: channel.id,
    p_message_id: message.messageId,
    p_chat_jid: message.chatJid,
    p_phone: message.phone,
    p_push_name: message.pushName,
    p_body: message.message,
    p_sent_at: message.timestamp,
    p_now: now.toISOString(),
  }, beginTurnSchema);
  if (began.completed) {
    return {
      kind: "done",
      result: { conversationId: began.conversationId, response: began.reply, duplicate: true },
    };
  }
  const text = message.message.trim();
  const loaded = loadState(began.conversation.state);
  const decision = gate(began, loaded, text, now);

  let event: FlowEvent | null;
  let notice: string | null = null;
  let mode = began.conversation.mode;
  switch (decision.kind) {
    case "silent":
      event = null;
      break;
    case "notice":
      event = null;
      notice = BUNDLES[began.patient.language ?? began.clinic.language].texts.slowDown;
      break;
    case "resume":
      mode = "bot";
      // The patient's `menu` is answered as the command it is; after staff's silence, a fresh menu.
      event = decision.by === "patient" ? { type: "text", text } : { type: "restart", reason: "resumed" };
      break;
    case "restart":
      event = { type: "restart", reason: decision.reason };
      break;
    case "step":
      event = { type: "text", text };
      break;
  }

  const performer = createPerformer(deps, began, now);
  const settled: Settled = event === null
    ? await notStepped(loaded.state, decision, performer)
    : await settle(loaded.state, event, contextOf(began, now), performer);
  const stepped = event !== null || settled.state !== loaded.state;
  const reply = notice ?? (settled.replies.length > 0 ? settled.replies.join("\n\n") : null);
  const pausedUntil = settled.pauseMinutes !== null
    ? new Date(now.getTime() + settled.pauseMinutes * MS_PER_MINUTE).toISOString()
    : activePause(began, now);

  const committed = await turnRpc(deps, "complete_turn", {
    p_conversation_id: began.conversation.id,
    p_expected_version: began.conversation.version,
    p_inbound_message_id: began.inboundMessageId,
    // A turn the flow did not step leaves the stored state exactly as it was (even one from an older deploy).
    p_state: stepped ? settled.state : began.conversation.state,
    p_mode: settled.handoff ? "human" : mode,
    p_reply: reply,
    p_paused_until: pausedUntil,
    p_patient_name: settled.patientName,
    p_now: now.toISOString(),
    p_patient_language: settled.language,
  }, completeTurnSchema);
  if (!committed.ok) return { kind: "conflict", conversationId: began.conversation.id, duplicate: began.duplicate };
  if (decision.kind === "silent" || decision.kind === "notice") deps.log.info("turn not stepped", { gate: decision.kind, reason: decision.reason });
  return {
    kind: "done",
    result: { conversationId: began.conversation.id, response: reply, duplicate: began.duplicate },
  };
}

/**
 * A turn the flow does not step. While staff have the conversation, a flow left mid-way (staff took
 * over in Studio) is reset to the menu and its hold released, so when staff hand the conversation
 * back the patient is never answered from a stale step (issue 8 §7).
 */
async function notStepped(state: FlowState, decision: Gate, performer: Performer): Promise<Settled> {
  const settled: Settled = { state, replies: [], handoff: false, pauseMinutes: null, patientName: null, language: null };
  if (decision.kind !== "silent" || decision.reason !== "human" || state.step.kind === "menu") return settled;
  if (heldSlot(state) !== null) await performer.releaseHold();
  return { ...settled, state: initialState() };
}

function contextOf(context: TurnContext, now: Date): FlowContext {
  const clinic = context.clinic;
  return flowContext({
    now,
    clinic: {
      name: clinic.name,
      timezone: clinic.timezone,
      locale: clinic.locale,
      language: clinic.language,
      askProvider: clinic.askProvider,
      holdMinutes: clinic.holdMinutes,
      horizonDays: clinic.horizonDays,
      minNoticeMinutes: clinic.minNoticeMinutes,
      cooloffMinutes: clinic.cooloffMinutes,
      openWeekdays: clinic.openWeekdays,
      closedDays: clinic.closedDays,
      hours: clinic.hours,
    },
    services: context.services,
    providers: context.providers,
    patient: { name: context.patient.name, pushName: context.patient.pushName },
    language: context.patient.language ?? clinic.language,
  });
}
