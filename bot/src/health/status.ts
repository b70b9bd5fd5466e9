/**
 * The bot's live status, written by the socket lifecycle, relay and outbox, read by /health.
 * Plain mutable state with narrow setters; the view model (view-model.ts) turns it into output.
 */
import type { Clock } from "../shared/clock.ts";

export type ConnectionState = "connecting" | "waiting_for_scan" | "open" | "logged_out" | "stopped";

export const COUNTER_NAMES = [
  "received",
  "duplicates",
  "skipped",
  "unsupported",
  "relayed",
  "relayRetries",
  "replied",
  "deadLettered",
  "outboxSent",
  "outboxFailed",
  "reconnects",
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export interface QueueStats {
  depth: number;
  deadCount: number;
  latestDeadLetters: readonly { reason: string; atMs: number; chatJid: string }[];
}

export interface StatusSnapshot {
  state: ConnectionState;
  qr: string | null;
  me: string | null;
  /** Why the bot stopped or waits for the operator, in words. */
  notice: string | null;
  lastError: string | null;
  lastErrorAtMs: number | null;
  counters: Counters;
  startedAtMs: number;
  queue: QueueStats;
}

export class BotStatus {
  private state: ConnectionState = "connecting";
  private qr: string | null = null;
  private me: string | null = null;
  private notice: string | null = null;
  private lastError: string | null = null;
  private lastErrorAtMs: number | null = null;
  private readonly counters: Counters = Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Counters;
  private readonly startedAtMs: number;
  private queueStats: () => QueueStats = () => ({ depth: 0, deadCount: 0, latestDeadLetters: [] });
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

  count(name: CounterName, by = 1): void {
    this.counters[name] += by;
    this.changed();
  }

  useQueueStats(source: () => QueueStats): void {
    this.queueStats = source;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Called on every change; tests await states through it instead of sleeping. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): StatusSnapshot {
    return {
      state: this.state,
      qr: this.qr,
      me: this.me,
      notice: this.notice,
      lastError: this.lastError,
      lastErrorAtMs: this.lastErrorAtMs,
      counters: { ...this.counters },
      startedAtMs: this.startedAtMs,
      queue: this.queueStats(),
    };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
