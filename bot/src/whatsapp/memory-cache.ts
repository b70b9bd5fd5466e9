/**
 * Small in-memory stores handed to Baileys: a TTL cache (its CacheStore interface) for message
 * retry counters, and a bounded map of the messages the bot sent, to answer `getMessage` when a
 * recipient's phone asks for a retry. Both live outside the socket so they survive reconnects.
 */
import type { CacheStore, proto } from "@whiskeysockets/baileys";
import type { Clock } from "../shared/clock.ts";

export class TtlCache implements CacheStore {
  private readonly entries = new Map<string, { value: unknown; expiresAtMs: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  set<T>(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs: this.clock.now() + this.ttlMs });
    // Maps iterate in insertion order, so the first key is the oldest.
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  del(key: string): void {
    this.entries.delete(key);
  }

  flushAll(): void {
    this.entries.clear();
  }
}

/** Retry counters matter for minutes (a recipient asks for a resend soon after delivery). */
export const RETRY_COUNTER_TTL_MS = 10 * 60_000;
export const RETRY_COUNTER_MAX_ENTRIES = 10_000;
/** Sent messages remembered for resends; older ones are long delivered. */
export const SENT_MESSAGES_KEPT = 1_000;

export class SentMessages {
  private readonly messages = new Map<string, proto.IMessage>();

  constructor(private readonly capacity: number = SENT_MESSAGES_KEPT) {}

  remember(id: string, message: proto.IMessage): void {
    this.messages.set(id, message);
    while (this.messages.size > this.capacity) {
      const oldest = this.messages.keys().next().value;
      if (oldest === undefined) break;
      this.messages.delete(oldest);
    }
  }

  get(id: string): proto.IMessage | undefined {
    return this.messages.get(id);
  }
}
