/**
 * The bot's live status, written by the socket lifecycle, relay and outbox, read by /health.
 * Plain mutable state with narrow setters; the view model (view-model.ts) turns it into output.
 */
import type { Clock } from "../shared/clock.ts";

export type ConnectionState = "connecting" | "waiting_for_scan" | "open" | "logged_out" | "stopped";

/** Running totals since start. */
export const COUNTER_NAMES = [
  "received",
  "duplicates",
  "skipped",
  "unsupported",
  "relayed",
  "relayRetries",
  "replied",
  "deadLettered",
  "deadLetterApologies",
  "deadLetterReports",
  "outboxSent",
  "outboxPaced",
  "outboxFailed",
  "functionUnauthorized",
  "alertsSent",
  "alertsFailed",
  "reconnects",
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

/** Current values (not totals), shown beside the counters in /health.json's `counters`. */
export const GAUGE_NAMES = ["pacedWaiting", "pacedSentLast24h", "deadLetterReportsPending"] as const;
export type GaugeName = (typeof GAUGE_NAMES)[number];
export type Gauges = Record<GaugeName, number>;

export interface DeadLetterView {
  seq: number;
  reason: string;
  atMs: number;
  chatJid: string;
  /** What the bot did about it: apology, operator alert, report to the function. */
  followUp: string;
}

export interface QueueStats {
  depth: number;
  deadCount: number;
  latestDeadLetters: readonly DeadLetterView[];
  /** Dead-letter reports the function has not taken yet. */
  reportsPending: number;
}

export interface PacedMessageView {
  kind: string;
  chatJid: string;
  /** When it is due to go out (its slot), or null while the number is not linked. */
  dueAtMs: number | null;
}

export interface PacingStats {
  waiting: readonly PacedMessageView[];
  sentLast24h: number;
  dailyCap: number;
  gapS: number;
  chatGapS: number;
  /** Set while the daily cap holds proactive messages back: when the next one may go. */
  capResumesAtMs: number | null;
}

export interface StatusSnapshot {
  state: ConnectionState;
  qr: string | null;
  me: string | null;
  /** Why the bot stopped or waits for the operator, in words. */
  notice: string | null;
  lastError: string | null;
  lastErrorAtMs: number | null;
  /** A configuration fault an operator must fix (the function answers 401), with its start. */
  configFault: { message: string; sinceMs: number } | null;
  counters: Counters;
  gauges: Gauges;
  startedAtMs: number;
  queue: QueueStats;
  pacing: PacingStats;
}

const EMPTY_QUEUE: QueueStats = { depth: 0, deadCount: 0, latestDeadLetters: [], reportsPending: 0 };
const EMPTY_PACING: PacingStats = { waiting: [], sentLast24h: 0, dailyCap: 0, gapS: 0, chatGapS: 0, capResumesAtMs: null };

export class BotStatus {
  private state: ConnectionState = "connecting";
  private qr: string | null = null;
  private me: string | null = null;
  private notice: string | null = null;
  private lastError: string | null = null;
  private lastErrorAtMs: number | null = null;
  private configFault: { message: string; sinceMs: number } | null = null;
  private readonly counters: Counters = Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Counters;
  private readonly startedAtMs: number;
  private queueStats: () => QueueStats = () => EMPTY_QUEUE;
  private pacingStats: () => PacingStats = () => EMPTY_PACING;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {
    this.startedAtMs = clock.now();
  }

  setConnection(state: ConnectionState, details: { qr?: string | null; me?: string | null; notice?: string | null } = {}): void {
    this.state = state;
    this.qr = state === "waiting_for_scan" ? (details.qr ?? this.qr) : null;
    if (details.me !== undefined) this.me = details.me;
    this.notice = details.notice ?? null;
    this.changed();
  }

  recordError(message: string): void {
    this.lastError = message;
    this.lastErrorAtMs = this.clock.now();
    this.changed();
  }

  /** Returns true when this starts a fault (none was shown), so the caller logs and alerts once. */
  setConfigFault(message: string): boolean {
    const started = this.configFault === null;
    this.configFault = { message, sinceMs: this.configFault?.sinceMs ?? this.clock.now() };
    this.recordError(message);
    return started;
  }

  /** Returns true when a fault was shown and is now cleared. */
  clearConfigFault(): boolean {
    if (this.configFault === null) return false;
    this.configFault = null;
    this.changed();
    return true;
  }

  count(name: CounterName, by = 1): void {
    this.counters[name] += by;
    this.changed();
  }

  useQueueStats(source: () => QueueStats): void {
    this.queueStats = source;
  }

  usePacingStats(source: () => PacingStats): void {
    this.pacingStats = source;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  get linkedNumber(): string | null {
    return this.me;
  }

  /** Called on every change; tests await states through it instead of sleeping. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell listeners that something the status reads (queue, pacing) changed. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  snapshot(): StatusSnapshot {
    const queue = this.queueStats();
    const pacing = this.pacingStats();
    return {
      state: this.state,
      qr: this.qr,
      me: this.me,
      notice: this.notice,
      lastError: this.lastError,
      lastErrorAtMs: this.lastErrorAtMs,
      configFault: this.configFault,
      counters: { ...this.counters },
      gauges: { pacedWaiting: pacing.waiting.length, pacedSentLast24h: pacing.sentLast24h, deadLetterReportsPending: queue.reportsPending },
      startedAtMs: this.startedAtMs,
      queue,
      pacing,
    };
  }
}
