/**
 * Pure view of the bot's status: the binding /health.json body (ARCHITECTURE.md "The bot
 * process") and the data the HTML page shows. Status 200 only while WhatsApp is open.
 */
import type { ConnectionState, Counters, Gauges, StatusSnapshot } from "./status.ts";

const MS_PER_S = 1_000;
export const HTTP_OK = 200;
export const HTTP_UNAVAILABLE = 503;

/** The binding shape: exactly these keys; `counters` holds the totals and the current gauges. */
export interface HealthJson {
  ok: boolean;
  state: ConnectionState;
  me: string | null;
  queue: { inbound: number; deadLetters: number };
  counters: Counters & Gauges;
  lastError: string | null;
  uptimeS: number;
}

export function healthJson(snapshot: StatusSnapshot, nowMs: number): { status: number; body: HealthJson } {
  const ok = snapshot.state === "open";
  return {
    status: ok ? HTTP_OK : HTTP_UNAVAILABLE,
    body: {
      ok,
      state: snapshot.state,
      me: snapshot.me,
      queue: { inbound: snapshot.queue.depth, deadLetters: snapshot.queue.deadCount },
      counters: { ...snapshot.counters, ...snapshot.gauges },
      lastError: snapshot.lastError,
      uptimeS: Math.max(0, Math.floor((nowMs - snapshot.startedAtMs) / MS_PER_S)),
    },
  };
}

/** Which of the operator's actions the page offers. */
export interface OperatorActions {
  /** "New QR code": only while waiting for a scan or logged out, never while linked or connecting. */
  newPairing: boolean;
  /** "Unlink this number": only while linked. */
  unlink: boolean;
  /** "Retry" on dead letters. */
  retryDeadLetters: boolean;
}

/** States in which nothing is linked, so a new pairing loses nothing. */
const PAIRING_STATES: ReadonlySet<ConnectionState> = new Set(["waiting_for_scan", "logged_out"]);

export function operatorActions(state: ConnectionState, authorised: boolean, deadLetters: number): OperatorActions {
  return {
    newPairing: authorised && PAIRING_STATES.has(state),
    unlink: authorised && state === "open",
    retryDeadLetters: authorised && deadLetters > 0,
  };
}

export interface PacedView {
  waiting: number;
  /** Listed only to authorised viewers (they name patients' chats). */
  entries: readonly { kind: string; chatJid: string; dueAt: string | null }[];
  nextDueAt: string | null;
  sentLast24h: number;
  dailyCap: number;
  gapS: number;
  chatGapS: number;
  capResumesAt: string | null;
}

export interface HealthPageModel {
  /** The page answers with the same status as /health.json, for monitors that fetch the page. */
  status: number;
  json: HealthJson;
  headline: string;
  notice: string | null;
  /** The QR's PNG data URL, only when waiting for a scan and the viewer is authorised. */
  qrDataUrl: string | null;
  /** Waiting for a scan but the viewer has no token: say how to see the QR. */
  qrHidden: boolean;
  actions: OperatorActions;
  /** Seconds until the page reloads itself: quickly while pairing, slowly once linked. */
  refreshS: number;
  deadLetters: readonly { seq: number; reason: string; at: string; chatJid: string; followUp: string }[];
  lastErrorAt: string | null;
  configFault: { message: string; since: string } | null;
  paced: PacedView;
}

/** While pairing, WhatsApp rotates the QR about every 20 s; reloading every 5 s keeps it current. */
export const PAIRING_REFRESH_S = 5;
/** Otherwise a slow reload keeps the counters roughly fresh without hammering the bot. */
export const IDLE_REFRESH_S = 30;

export function headlineFor(state: ConnectionState): string {
  switch (state) {
    case "connecting":
      return "Connecting to WhatsApp… (a linked number shows this during any outage; it comes back by itself)";
    case "waiting_for_scan":
      return "Scan this QR code with WhatsApp → Linked devices → Link a device";
    case "open":
      return "Linked and online";
    case "logged_out":
      return "Not linked";
    case "stopped":
      return "Stopped";
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function healthPageModel(
  snapshot: StatusSnapshot,
  nowMs: number,
  viewer: { authorised: boolean },
  qrDataUrl: string | null,
): HealthPageModel {
  const { status, body } = healthJson(snapshot, nowMs);
  const waiting = snapshot.state === "waiting_for_scan";
  const dues = snapshot.pacing.waiting.flatMap((entry) => (entry.dueAtMs === null ? [] : [entry.dueAtMs]));
  return {
    status,
    json: body,
    headline: headlineFor(snapshot.state),
    notice: snapshot.notice,
    qrDataUrl: waiting && viewer.authorised ? qrDataUrl : null,
    qrHidden: waiting && !viewer.authorised,
    actions: operatorActions(snapshot.state, viewer.authorised, snapshot.queue.latestDeadLetters.length),
    refreshS: snapshot.state === "open" ? IDLE_REFRESH_S : PAIRING_REFRESH_S,
    // Dead letters name patients' chats: only for viewers who may also see the QR.
    deadLetters: (viewer.authorised ? snapshot.queue.latestDeadLetters : []).map((d) => ({
      seq: d.seq,
      reason: d.reason,
      at: new Date(d.atMs).toISOString(),
      chatJid: d.chatJid,
      followUp: d.followUp,
    })),
    lastErrorAt: iso(snapshot.lastErrorAtMs),
    configFault: snapshot.configFault === null ? null : { message: snapshot.configFault.message, since: new Date(snapshot.configFault.sinceMs).toISOString() },
    paced: {
      waiting: snapshot.pacing.waiting.length,
      entries: viewer.authorised ? snapshot.pacing.waiting.map((entry) => ({ kind: entry.kind, chatJid: entry.chatJid, dueAt: iso(entry.dueAtMs) })) : [],
      nextDueAt: dues.length === 0 ? null : iso(Math.min(...dues)),
      sentLast24h: snapshot.pacing.sentLast24h,
      dailyCap: snapshot.pacing.dailyCap,
      gapS: snapshot.pacing.gapS,
      chatGapS: snapshot.pacing.chatGapS,
      capResumesAt: iso(snapshot.pacing.capResumesAtMs),
    },
  };
}
