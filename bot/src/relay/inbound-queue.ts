/**
 * The durable inbound queue: one fsync'd file per message under `<dir>/inbound`, dead letters
 * under `<dir>/dead`, and the keys of finished messages in `<dir>/seen.log`. A message is on disk
 * before the bot does anything else with it, and its key is remembered for dedupe from that moment:
 * seen = seen.log ∪ queued ∪ dead-lettered, so a restart neither loses nor repeats a message.
 * A dead letter can be put back in the queue by the operator (/health "Retry"), in its old order.
 */
import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { removeFileDurably, TEMP_MARKER, writeFileAtomic } from "../shared/atomic-file.ts";
import { PRIVATE_DIR_MODE } from "../shared/private-files.ts";
import type { Clock } from "../shared/clock.ts";
import { KeyLog } from "../shared/key-log.ts";
import {
  QUEUE_RECORD_VERSION,
  deadLetterSchema,
  queueItemSchema,
  type DeadLetter,
  type FollowUp,
  type Job,
  type QueueItem,
  type StoredMessageKey,
} from "./queue-item.ts";

/** How many finished message keys dedupe remembers (WhatsApp redelivers within hours, not weeks). */
export const SEEN_CAPACITY = 50_000;
/** Digits of the zero-padded sequence in file names, so names sort in arrival order. */
const SEQ_DIGITS = 16;
const DECIMAL = 10;
const RECORD_SUFFIX = ".json";

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Unparseable JSON is reported by the schema check that follows, like any other bad record.
    return undefined;
  }
}

function fileName(seq: number): string {
  return `${String(seq).padStart(SEQ_DIGITS, "0")}${RECORD_SUFFIX}`;
}

async function listRecords(directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIR_MODE });
  const names = await readdir(directory);
  // Temporary files are writes a crash interrupted before their rename: never committed.
  await Promise.all(names.filter((n) => n.startsWith(TEMP_MARKER)).map((n) => rm(join(directory, n), { force: true })));
  return names.filter((n) => n.endsWith(RECORD_SUFFIX)).sort();
}

export interface EnqueueInput {
  dedupeKey: string;
  chatJid: string;
  messageKey: StoredMessageKey;
  job: Job;
}

export class InboundQueue {
  private readonly pendingByKey = new Map<string, QueueItem>();
  /** Every dead letter, by sequence number (they are rare; an operator may retry any of them). */
  private readonly deadBySeq = new Map<number, DeadLetter>();
  private readonly deadKeys = new Set<string>();
  private nextSeq = 1;
  private deadLetterChanges: Promise<void> = Promise.resolve();
  /** Records no version of the bot could read; kept in the dead folder for an operator. */
  private corruptCount = 0;

  private constructor(
    private readonly inboundDir: string,
    private readonly deadDir: string,
    private readonly seen: KeyLog,
    private readonly clock: Clock,
  ) {}

  static async open(directory: string, clock: Clock): Promise<InboundQueue> {
    const seen = await KeyLog.open(join(directory, "seen.log"), SEEN_CAPACITY);
    const queue = new InboundQueue(join(directory, "inbound"), join(directory, "dead"), seen, clock);
    await queue.load();
    return queue;
  }

  private async load(): Promise<void> {
    let maxSeq = 0;
    for (const name of await listRecords(this.deadDir)) {
      const dead = deadLetterSchema.safeParse(parseJson(await readFile(join(this.deadDir, name), "utf8")));
      if (!dead.success) {
        this.corruptCount += 1;
        continue;
      }
      this.deadKeys.add(dead.data.item.dedupeKey);
      this.deadBySeq.set(dead.data.item.seq, dead.data);
      maxSeq = Math.max(maxSeq, dead.data.item.seq);
    }
    for (const name of await listRecords(this.inboundDir)) {
      const path = join(this.inboundDir, name);
      const text = await readFile(path, "utf8");
      const parsed = queueItemSchema.safeParse(parseJson(text));
      if (!parsed.success) {
        // Unreadable by this version: keep it for an operator rather than deleting a patient message.
        const seq = Number.parseInt(name, DECIMAL);
        await writeFileAtomic(join(this.deadDir, `corrupt-${name}`), text);
        await removeFileDurably(path);
        this.corruptCount += 1;
        maxSeq = Math.max(maxSeq, Number.isFinite(seq) ? seq : 0);
        continue;
      }
      this.pendingByKey.set(parsed.data.dedupeKey, parsed.data);
      maxSeq = Math.max(maxSeq, parsed.data.seq);
    }
    // A retry that a crash interrupted left the message queued and still dead: the queued one wins.
    for (const dead of [...this.deadBySeq.values()]) {
      if (!this.pendingByKey.has(dead.item.dedupeKey)) continue;
      await removeFileDurably(join(this.deadDir, fileName(dead.item.seq)));
      this.deadBySeq.delete(dead.item.seq);
      this.deadKeys.delete(dead.item.dedupeKey);
    }
    this.nextSeq = maxSeq + 1;
  }

  /** True when this WhatsApp message was already received (finished, queued or dead-lettered). */
  has(dedupeKey: string): boolean {
    return this.seen.has(dedupeKey) || this.pendingByKey.has(dedupeKey) || this.deadKeys.has(dedupeKey);
  }

  /**
   * Stores a new message durably. Returns null for a duplicate. The key is claimed before the
   * write, so two deliveries of one message racing each other enqueue it once.
   */
  async enqueue(input: EnqueueInput): Promise<QueueItem | null> {
    if (this.has(input.dedupeKey)) return null;
    const item = this.newItem(input);
    this.pendingByKey.set(item.dedupeKey, item);
    try {
      await this.writePending(item);
    } catch (error) {
      this.pendingByKey.delete(item.dedupeKey);
      throw error;
    }
    return item;
  }

  private newItem(input: EnqueueInput): QueueItem {
    return {
      v: QUEUE_RECORD_VERSION,
      seq: this.nextSeq++,
      dedupeKey: input.dedupeKey,
      chatJid: input.chatJid,
      messageKey: input.messageKey,
      receivedAtMs: this.clock.now(),
      job: input.job,
    };
  }

  private writePending(item: QueueItem): Promise<void> {
    return writeFileAtomic(join(this.inboundDir, fileName(item.seq)), JSON.stringify(item));
  }

  /** Queued items in arrival order (after a restart: everything left unfinished). */
  pending(): QueueItem[] {
    return [...this.pendingByKey.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Marks an item finished: its key goes to seen.log first, so dedupe never forgets it. */
  async complete(item: QueueItem): Promise<void> {
    await this.seen.add(item.dedupeKey);
    await removeFileDurably(join(this.inboundDir, fileName(item.seq)));
    this.pendingByKey.delete(item.dedupeKey);
  }

  /** Moves an item to the dead letters with the reason (shown on /health) and what is to be done about it. */
  async deadLetter(item: QueueItem, reason: string, followUp?: FollowUp): Promise<DeadLetter> {
    const dead: DeadLetter = followUp === undefined ? { item, reason, atMs: this.clock.now() } : { item, reason, atMs: this.clock.now(), followUp };
    await writeFileAtomic(join(this.deadDir, fileName(item.seq)), JSON.stringify(dead));
    this.deadKeys.add(item.dedupeKey);
    this.deadBySeq.set(item.seq, dead);
    await removeFileDurably(join(this.inboundDir, fileName(item.seq)));
    this.pendingByKey.delete(item.dedupeKey);
    return dead;
  }

  /** Runs changes to existing dead letters one at a time, so a follow-up never rewrites one a retry removed. */
  private deadLetterChange<T>(change: () => Promise<T>): Promise<T> {
    const next = this.deadLetterChanges.then(change);
    this.deadLetterChanges = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Records progress on a dead letter's follow-up; a dead letter retried meanwhile is left alone. */
  updateFollowUp(seq: number, followUp: FollowUp): Promise<void> {
    return this.deadLetterChange(async () => {
      const dead = this.deadBySeq.get(seq);
      if (!dead) return;
      const updated: DeadLetter = { ...dead, followUp };
      await writeFileAtomic(join(this.deadDir, fileName(seq)), JSON.stringify(updated));
      this.deadBySeq.set(seq, updated);
    });
  }

  /**
   * Puts dead letters back in the queue (all of them, or the given sequence numbers), oldest
   * first, as new items received now: the relay's one-hour limit counts from the retry. Returns
   * them in that order for the scheduler. Each is queued before its dead letter is removed, so a
   * crash in between leaves it in both places, and the load after a restart keeps the queued one.
   */
  retryDeadLetters(selection: "all" | readonly number[]): Promise<QueueItem[]> {
    return this.deadLetterChange(() => this.retryNow(selection));
  }

  private async retryNow(selection: "all" | readonly number[]): Promise<QueueItem[]> {
    const chosen = [...this.deadBySeq.values()]
      .filter((dead) => selection === "all" || selection.includes(dead.item.seq))
      .sort((a, b) => a.item.seq - b.item.seq);
    const retried: QueueItem[] = [];
    for (const dead of chosen) {
      const item = this.newItem(dead.item);
      await this.writePending(item);
      this.pendingByKey.set(item.dedupeKey, item);
      await removeFileDurably(join(this.deadDir, fileName(dead.item.seq)));
      this.deadBySeq.delete(dead.item.seq);
      this.deadKeys.delete(dead.item.dedupeKey);
      retried.push(item);
    }
    return retried;
  }

  get depth(): number {
    return this.pendingByKey.size;
  }

  get deadCount(): number {
    return this.deadBySeq.size + this.corruptCount;
  }

  /** Every dead letter, oldest first. */
  deadLetters(): DeadLetter[] {
    return [...this.deadBySeq.values()].sort((a, b) => a.item.seq - b.item.seq);
  }

  /** The newest dead letters, newest first, for /health. */
  latestDeadLetters(): DeadLetter[] {
    return this.deadLetters()
      .sort((a, b) => b.atMs - a.atMs || b.item.seq - a.item.seq)
      .slice(0, RECENT_DEAD_SHOWN);
  }
}

/** Dead letters listed on /health. */
export const RECENT_DEAD_SHOWN = 10;
