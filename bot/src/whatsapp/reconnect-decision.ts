/**
 * What to do when the WhatsApp socket closes, decided from Baileys' DisconnectReason alone.
 * Pure: the lifecycle (socket-lifecycle.ts) carries the action out.
 */
import { DisconnectReason } from "@whiskeysockets/baileys";

/** Status WhatsApp sends when the account is not entitled to multi-device (payment required). */
export const PAYMENT_REQUIRED = 402;
/** Status WhatsApp sends when the client version is too old to be accepted. */
export const VERSION_STALE = 405;
/** Status WhatsApp sends when the account or device is not acceptable (banned client, etc.). */
export const NOT_ACCEPTABLE = 406;
/** The message Baileys closes with after the QR codes have rotated out unscanned. */
export const QR_ATTEMPTS_ENDED_MESSAGE = "QR refs attempts ended";

/** After this many "connection replaced" closes within the window, we stop instead of fighting. */
export const MAX_REPLACED_IN_WINDOW = 3;
const MS_PER_MINUTE = 60_000;
/** The window in which "connection replaced" closes are counted. */
const REPLACED_WINDOW_MINUTES = 10;
export const REPLACED_WINDOW_MS = REPLACED_WINDOW_MINUTES * MS_PER_MINUTE;

export type StopReason = "forbidden" | "payment_required" | "not_acceptable" | "version_stale" | "replaced_loop";

export type ReconnectAction =
  /** Reconnect at once (WhatsApp asked for a restart, e.g. right after pairing). */
  | { kind: "reconnect_now" }
  /** Reconnect after the next back-off delay. */
  | { kind: "reconnect_backoff" }
  /** The phone removed this device: wipe the session and show a new QR. */
  | { kind: "clear_session" }
  /** The QR codes expired unscanned: wait for the operator's "new QR" button. */
  | { kind: "await_operator" }
  /** Do not reconnect; /health says why. */
  | { kind: "stop"; reason: StopReason };

export interface CloseInfo {
  /** `lastDisconnect.error.output.statusCode`, when Baileys gave one. */
  statusCode: number | undefined;
  /** `lastDisconnect.error.message`. */
  message: string | undefined;
  /** How many "connection replaced" closes happened within REPLACED_WINDOW_MS, this one included. */
  recentReplacedCount: number;
}

export function decideReconnect(close: CloseInfo): ReconnectAction {
  // Baileys reports expired QR codes as 408 (timedOut); the message is what tells them apart.
  if (close.message?.includes(QR_ATTEMPTS_ENDED_MESSAGE)) return { kind: "await_operator" };
  switch (close.statusCode) {
    case DisconnectReason.restartRequired:
      return { kind: "reconnect_now" };
    case DisconnectReason.connectionClosed:
    case DisconnectReason.connectionLost:
    case DisconnectReason.badSession:
    case DisconnectReason.unavailableService:
      return { kind: "reconnect_backoff" };
    case DisconnectReason.connectionReplaced:
      // Another client took the session. Once may be a stray tab; repeatedly means two processes
      // share one session, and reconnecting would only make them kick each other forever.
      return close.recentReplacedCount > MAX_REPLACED_IN_WINDOW
        ? { kind: "stop", reason: "replaced_loop" }
        : { kind: "reconnect_backoff" };
    case DisconnectReason.loggedOut:
      return { kind: "clear_session" };
    case DisconnectReason.forbidden:
      return { kind: "stop", reason: "forbidden" };
    case PAYMENT_REQUIRED:
      return { kind: "stop", reason: "payment_required" };
    case NOT_ACCEPTABLE:
      return { kind: "stop", reason: "not_acceptable" };
    case VERSION_STALE:
      return { kind: "stop", reason: "version_stale" };
    default:
      // Unknown or missing codes (e.g. a DNS failure before any stream) are treated as transient.
      return { kind: "reconnect_backoff" };
  }
}

/** What /health shows for each stop reason. */
export function describeStop(reason: StopReason): string {
  switch (reason) {
    case "forbidden":
      return `WhatsApp refused this number (${DisconnectReason.forbidden} forbidden): check the account on the phone`;
    case "payment_required":
      return `WhatsApp requires payment for this account (${PAYMENT_REQUIRED})`;
    case "not_acceptable":
      return `WhatsApp did not accept this device (${NOT_ACCEPTABLE})`;
    case "version_stale":
      return `The WhatsApp Web version is stale (${VERSION_STALE}): update @whiskeysockets/baileys or allow the version fetch`;
    case "replaced_loop":
      return `Another client keeps replacing this session (${DisconnectReason.connectionReplaced} more than ${MAX_REPLACED_IN_WINDOW} times in ${REPLACED_WINDOW_MINUTES} min): run one process per number`;
  }
}
