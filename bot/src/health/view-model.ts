/**
 * Pure view of the bot's status: the binding /health.json body (ARCHITECTURE.md "The bot
 * process") and the data the HTML page shows. Status 200 only while WhatsApp is open.
 */
import type { ConnectionState, Counters, StatusSnapshot } from "./status.ts";

const MS_PER_S = 1_000;
export const HTTP_OK = 200;
export const HTTP_UNAVAILABLE = 503;

/** Exactly the binding shape: no more keys, no fewer. */
export interface HealthJson {
  ok: boolean;
  state: ConnectionState;
  me: string | null;
  queue: { inbound: number; deadLetters: number };
  counters: Counters;
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
      counters: snapshot.counters,
      lastError: snapshot.lastError,
      uptimeS: Math.max(0, Math.floor((nowMs - snapshot.startedAtMs) / MS_PER_S)),
    },
  };
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
  /** Whether the "new QR code" button is shown (authorised, and not linked). */
  canRepair: boolean;
  /** Seconds until the page reloads itself: quickly while pairing, slowly once linked. */
  refreshS: number;
  deadLetters: readonly { reason: string; at: string; chatJid: string }[];
  lastErrorAt: string | null;
}

/** While pairing, WhatsApp rotates the QR about every 20 s; reloading every 5 s keeps it current. */
export const PAIRING_REFRESH_S = 5;
/** Otherwise a slow reload keeps the counters roughly fresh without hammering the bot. */
export const IDLE_REFRESH_S = 30;

export function headlineFor(state: ConnectionState): string {
  switch (state) {
    case "connecting":
      return "Connecting to WhatsApp…";
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

export function healthPageModel(
  snapshot: StatusSnapshot,
  nowMs: number,
  viewer: { authorised: boolean },
  qrDataUrl: string | null,
): HealthPageModel {
  const { status, body } = healthJson(snapshot, nowMs);
  const waiting = snapshot.state === "waiting_for_scan";
  return {
    status,
    json: body,
    headline: headlineFor(snapshot.state),
    notice: snapshot.notice,
    qrDataUrl: waiting && viewer.authorised ? qrDataUrl : null,
    qrHidden: waiting && !viewer.authorised,
    canRepair: viewer.authorised && snapshot.state !== "open",
    refreshS: snapshot.state === "open" ? IDLE_REFRESH_S : PAIRING_REFRESH_S,
    // Dead letters name patients' chats: only for viewers who may also see the QR.
    deadLetters: (viewer.authorised ? snapshot.queue.latestDeadLetters : []).map((d) => ({ reason: d.reason, at: new Date(d.atMs).toISOString(), chatJid: d.chatJid })),
    lastErrorAt: snapshot.lastErrorAtMs === null ? null : new Date(snapshot.lastErrorAtMs).toISOString(),
  };
}
