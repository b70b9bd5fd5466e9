/**
 * One turn: one patient message handled exactly once against Postgres.
 *   begin_turn (record the message once; a message already answered gets its stored reply)
 *   → gate (staff have it unless the patient types `menu`, cool-off, flood, idle session, outdated state)
 *   → settle the flow, performing its reads through RPCs (or from what begin_turn read ahead)
 *   → complete_turn, guarded by the conversation's version, which also performs the turn's write.
 * The write (a hold, a booking, a move, a cancellation, a visit confirmed, reminders stopped) is
 * settled on its predicted success and done inside complete_turn, in the commit's transaction
 * (turn/writes.ts); when the database refuses it, or it would give another result, complete_turn
 * writes nothing and says so, and the flow is settled again from the real outcome (turn/perform.ts).
 * A lost version race (another message of the same conversation, or a staff edit, committed first)
 * retries the whole turn from begin_turn, which hands the same, still unprocessed message back with
 * fresh state. An attempt that lost its race after changing the world for good (a booking
 * confirmed, an appointment moved or cancelled) is not run again: its answer is what happened, so
 * the retry commits that answer, whoever has the conversation now (docs/design.md "Integration").
 *
 * begin_turn sends the clinic's catalog only when the copy this function keeps is stale
 * (turn/catalog.ts).
 *
 * complete_turn also writes the turn's row in `turns` (gate, effects with results and timings,
 * attempts, duration) and raises a staff alert when the patient asked for staff or reached the
 * cool-off, in the same transaction and round trip. A message from an alert phone is no patient
 * turn: begin_turn says so and staff/answer.ts handles it.
 */
import type { z } from "zod";
import type { RunTurn, TurnDeps, TurnInput, TurnResult } from "../../_shared/deps.ts";
import { type FlowState, heldSlot, initialState, loadState } from "../flow/state.ts";
import { MS_PER_MINUTE } from "../flow/time.ts";
import type { FlowEvent } from "../flow/events.ts";
import { type FlowContext, flowContext } from "../flow/context.ts";
import { BUNDLES } from "../locales/index.ts";
import { beginTurnSchema, completeTurnSchema, type TurnContext } from "./context.ts";
import { TurnError } from "./errors.ts";
import { turnRpc } from "./rpc.ts";
import { clinicCatalogs, withCatalog } from "./catalog.ts";
import { activePause, type Gate, gate } from "./gate.ts";
import { createPerformer, Journal, SpeculationAbandoned, type WriteMode } from "./perform.ts";
import { type Performer, settle, type Settled, unsettled } from "./settle.ts";
import { answerStaff } from "../staff/answer.ts";
import { isUrgent } from "../staff/urgency.ts";

/** Earlier messages of the patient read, with the current one, for words that make a need urgent. */
const URGENT_LOOKBACK_MESSAGES = 2;

/** Attempts of one turn before giving up on a conversation that keeps changing under it. */
export const MAX_TURN_ATTEMPTS = 5;
/** Base of the growing retry delay (doubles per attempt), and its cap. */
const RETRY_BASE_MS = 20;
const RETRY_CAP_MS = 400;

/** Exponential backoff with full jitter: somewhere in [0, min(cap, base·2^(attempt-1))). */
function retryDelayMs(attempt: number): number {
  return Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
}

/** What an attempt decided to commit: the gate's decision, the settled flow and the reply. */
interface Decided {
  gate: Gate;
  settled: Settled;
  /** Whether the flow stepped (else the stored state is written back as it was). */
  stepped: boolean;
  reply: string | null;
  /** How its writes were done, when not the first way (deferred on a prediction). */
  writes?: WriteMode;
}

/** Whether the decision already predicted from the result complete_turn reported. */
function isCorrected(decided: Decided): boolean {
  return decided.writes?.kind === "defer" && decided.writes.corrected !== undefined;
}

export const runTurn: RunTurn = async (deps, input) => {
  // Whether this request redelivers a message recorded before it: decided by the first attempt,
  // since every retry finds the message our own first attempt recorded.
  let duplicate: boolean | null = null;
  // The decision of an attempt that lost its commit after changing the world, replayed by the next.
  let carried: Decided | null = null;
  const startedMs = performance.now();
  for (let attemptNo = 1; attemptNo <= MAX_TURN_ATTEMPTS; attemptNo += 1) {
    const outcome = await attemptTurn(deps, input, carried, { attempt: attemptNo, startedMs });
    duplicate ??= outcome.kind === "done" ? outcome.result.duplicate : outcome.duplicate;
    if (outcome.kind === "done") return { ...outcome.result, duplicate };
    if (outcome.decided.settled.changedWorld) carried = outcome.decided;
    deps.log.info("turn lost a version race; retrying", {
      attempt: attemptNo,
      conversationId: outcome.conversationId,
      replaying: carried !== null,
    });
    if (attemptNo < MAX_TURN_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attemptNo)));
  }
  throw new TurnError("transient", `conversation kept changing during ${MAX_TURN_ATTEMPTS} attempts`);
};

/**
 * One attempt; `duplicate` (in the result, once done) says whether begin_turn found the message
 * already recorded. A conflict returns what the attempt decided, for a replay.
 */
type Attempt =
  | { kind: "done"; result: TurnResult }
  | { kind: "conflict"; conversationId: string; duplicate: boolean; decided: Decided };

/** Which attempt this is, and when the turn began: for the turn log. */
interface Timing {
  attempt: number;
  startedMs: number;
}

async function attemptTurn(deps: TurnDeps, input: TurnInput, carried: Decided | null, timing: Timing): Promise<Attempt> {
  const now = deps.now();
  const { message, channel } = input;
  const offered = clinicCatalogs.offer(channel.clinicId);
  const started = await turnRpc(deps, "begin_turn", {
    p_channel_id: channel.id,
    p_message_id: message.messageId,
    p_chat_jid: message.chatJid,
    p_phone: message.phone,
    p_push_name: message.pushName,
    p_body: message.message,
    p_sent_at: message.timestamp,
    p_now: now.toISOString(),
    p_quoted_message_id: message.quoted?.messageId ?? null,
    p_catalog_key: offered?.key ?? null,
  }, beginTurnSchema);
  if ("staff" in started) return { kind: "done", result: await answerStaff(deps, input, started.staff.id) };
  if (started.completed) {
    return {
      kind: "done",
      result: { conversationId: started.conversationId, response: started.reply, duplicate: true },
    };
  }
  const began = withCatalog(started, offered, clinicCatalogs);
  const text = message.message.trim();
  const journal = new Journal();
  let decided = carried === null ? await decide(deps, began, text, now, { kind: "defer" }, journal) : replay(carried, began);
  for (;;) {
    const committed = await commit(deps, began, decided, carried !== null, now, timing, message.message);
    if (committed.ok) break;
    if (committed.reason === "conflict") {
      return { kind: "conflict", conversationId: began.conversation.id, duplicate: began.duplicate, decided };
    }
    // complete_turn did not do the deferred write, and wrote nothing: settle again from what the
    // write really gives (its refusal; or its result, predicted from once, then done at once).
    const write = decided.settled.deferred;
    if (write === null) throw new TurnError("internal", `complete_turn answered ${committed.reason} to a turn without a write`);
    const writes: WriteMode = committed.reason === "refused"
      ? { kind: "refused", write, code: committed.code, message: committed.message, ms: committed.ms }
      : committed.reason === "mispredicted" && !isCorrected(decided)
      ? { kind: "defer", corrected: { write, result: committed.result } }
      : { kind: "eager" };
    deps.log.info("turn settled again after its write", { conversationId: began.conversation.id, rpc: write.rpc, reason: committed.reason });
    decided = { ...await decide(deps, began, text, now, writes, journal), writes };
  }
  const g = decided.gate;
  if (g.kind === "silent" || g.kind === "notice") deps.log.info("turn not stepped", { gate: g.kind, reason: g.reason });
  return {
    kind: "done",
    result: { conversationId: began.conversation.id, response: decided.reply, duplicate: began.duplicate },
  };
}

/**
 * complete_turn with what the attempt decided: state, mode, pause, reply, the patient's name and
 * language, the turn log, a staff alert, and the deferred write (`p_turn.write`, only when there is
 * one: the turn log's record of it is `effects[write.log]`, which complete_turn completes).
 */
function commit(
  deps: TurnDeps,
  began: TurnContext,
  decided: Decided,
  replayed: boolean,
  now: Date,
  timing: Timing,
  text: string,
): Promise<z.infer<typeof completeTurnSchema>> {
  const { settled } = decided;
  const mode = settled.handoff ? "human" : decided.gate.kind === "resume" ? "bot" : began.conversation.mode;
  const pausedUntil = settled.pauseMinutes !== null
    ? new Date(now.getTime() + settled.pauseMinutes * MS_PER_MINUTE).toISOString()
    : activePause(began, now);
  return turnRpc(deps, "complete_turn", {
    p_conversation_id: began.conversation.id,
    p_expected_version: began.conversation.version,
    p_inbound_message_id: began.inboundMessageId,
    // A turn the flow did not step leaves the stored state exactly as it was (even one from an older deploy).
    p_state: decided.stepped ? settled.state : began.conversation.state,
    p_mode: mode,
    p_reply: decided.reply,
    p_paused_until: pausedUntil,
    p_patient_name: settled.patientName,
    p_now: now.toISOString(),
    p_patient_language: settled.language,
    p_turn: {
      ...gateOf(decided, replayed),
      effects: settled.effects,
      attempts: timing.attempt,
      durationMs: Math.round(performance.now() - timing.startedMs),
      ...(settled.deferred === null ? {} : { write: settled.deferred }),
    },
    p_alert: alertOf(decided, began, text),
  }, completeTurnSchema);
}

/** The gate's decision as the turn log keeps it (`turns.gate`, `gate_reason`). */
function gateOf(decided: Decided, replayed: boolean): { gate: Gate["kind"]; gateReason: string | null } {
  const g = decided.gate;
  switch (g.kind) {
    case "silent":
    case "notice":
    case "restart":
      return { gate: g.kind, gateReason: g.reason };
    case "resume":
      return { gate: g.kind, gateReason: g.by };
    case "step":
      return { gate: g.kind, gateReason: replayed ? "effects_committed" : null };
  }
}

/**
 * The staff alert this turn raises: when the patient hands themselves to staff (from the bot), or
 * reaches the cool-off; urgent when their words say so (staff/urgency.ts). complete_turn adds it to
 * an alert still open for the conversation rather than alerting again.
 */
function alertOf(decided: Decided, began: TurnContext, text: string): { reason: string; urgent: boolean } | null {
  const { settled } = decided;
  const reason = settled.handoff && began.conversation.mode === "bot"
    ? "asked_for_staff"
    : settled.pauseMinutes !== null
    ? "cooloff"
    : null;
  if (reason === null) return null;
  const earlier = began.history.filter((m) => m.direction === "in").slice(-URGENT_LOOKBACK_MESSAGES).map((m) => m.body);
  return { reason, urgent: isUrgent([text, ...earlier]) };
}

/**
 * The gate's decision and the flow settled on it, for a fresh attempt; its writes done as `writes`
 * says. A deferring settle the flow asked more of after the deferred write is settled again with
 * every write done at once (what was performed before is replayed from the journal).
 */
async function decide(deps: TurnDeps, began: TurnContext, text: string, now: Date, writes: WriteMode, journal: Journal): Promise<Decided> {
  const loaded = loadState(began.conversation.state);
  const decision = gate(began, loaded, text, now);
  let event: FlowEvent | null;
  let notice: string | null = null;
  switch (decision.kind) {
    case "silent":
      event = null;
      break;
    case "notice":
      event = null;
      notice = BUNDLES[began.patient.language ?? began.clinic.language].texts.slowDown;
      break;
    case "resume":
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
  const settleWith = (mode: WriteMode): Promise<Settled> => {
    const performer = createPerformer(deps, began, now, { writes: mode, journal });
    return event === null
      ? notStepped(loaded.state, decision, performer)
      : settle(loaded.state, event, contextOf(began, now), performer);
  };
  let settled: Settled;
  try {
    settled = await settleWith(writes);
  } catch (error) {
    if (!(error instanceof SpeculationAbandoned)) throw error;
    deps.log.info("turn settled again with its writes done at once", { conversationId: began.conversation.id, why: error.message });
    settled = await settleWith({ kind: "eager" });
  }
  return {
    gate: decision,
    settled,
    stepped: event !== null || settled.state !== loaded.state,
    reply: notice ?? (settled.replies.length > 0 ? settled.replies.join("\n\n") : null),
  };
}

/**
 * An earlier attempt changed the world and then lost its commit (a takeover, a staff edit or
 * another message landed in between). Its reply says what happened and is sent whoever has the
 * conversation now: staff mode stays staff mode, and the state the earlier attempt reached (the
 * menu, after a confirmation) is kept. Nothing is performed again.
 */
function replay(carried: Decided, began: TurnContext): Decided {
  const settled: Settled = began.conversation.mode === "human" ? { ...carried.settled, handoff: true } : carried.settled;
  return { ...carried, settled };
}

/**
 * A turn the flow does not step. While staff have the conversation, a flow left mid-way (staff took
 * over in Studio) is reset to the menu and its hold released, so when staff hand the conversation
 * back the patient is never answered from a stale step (issue 8 §7).
 */
async function notStepped(state: FlowState, decision: Gate, performer: Performer): Promise<Settled> {
  const settled = unsettled(state);
  if (decision.kind !== "silent" || decision.reason !== "human" || state.step.kind === "menu") return settled;
  if (heldSlot(state) === null) return { ...settled, state: initialState() };
  const startedMs = performance.now();
  const released = await performer.releaseHold();
  const ms = Math.round(performance.now() - startedMs);
  return { ...settled, state: initialState(), effects: [{ type: "release_hold", input: {}, result: { released }, ms }] };
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
