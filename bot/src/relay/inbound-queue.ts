/**
 * The durable inbound queue: one fsync'd file per message under `<dir>/inbound`, dead letters
 * under `<dir>/dead`, and the keys of finished messages in `<dir>/seen.log`. A message is on disk
 * before the bot does anything else with it, and its key is remembered for dedupe from that moment:
 * seen = seen.log ∪ queued ∪ dead-lettered, so a restart neither loses nor repeats a message.
 */
import { mkdir, readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { removeFileDurably, TEMP_MARKER, writeFileAtomic } from "../shared/atomic-file.ts";
import type { Clock } from "../shared/clock.ts";
import { KeyLog } from "../shared/key-log.ts";
import {
  QUEUE_RECORD_VERSION,
  deadLetterSchema,
  queueItemSchema,
  type DeadLetter,
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
  await mkdir(directory, { recursive: true });
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
  private readonly deadKeys = new Set<string>();
  private readonly recentDead: DeadLetter[] = [];
  private nextSeq = 1;
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
      this.rememberDead(dead.data);
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
    const item: QueueItem = {
      v: QUEUE_RECORD_VERSION,
      seq: this.nextSeq++,
      dedupeKey: input.dedupeKey,
      chatJid: input.chatJid,
      messageKey: input.messageKey,
      receivedAtMs: this.clock.now(),
      job: input.job,
    };
    this.pendingByKey.set(item.dedupeKey, item);
    try {
      await writeFileAtomic(join(this.inboundDir, fileName(item.seq)), JSON.stringify(item));
    } catch (error) {
      this.pendingByKey.delete(item.dedupeKey);
      throw error;
    }
    return item;
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

  /** Moves an item to the dead letters with the reason, shown on /health. */
  async deadLetter(item: QueueItem, reason: string): Promise<void> {
    const dead: DeadLetter = { item, reason, atMs: this.clock.now() };
    await writeFileAtomic(join(this.deadDir, fileName(item.seq)), JSON.stringify(dead));
    this.deadKeys.add(item.dedupeKey);
    await removeFileDurably(join(this.inboundDir, fileName(item.seq)));
    this.pendingByKey.delete(item.dedupeKey);
    this.rememberDead(dead);
  }

  get depth(): number {
    return this.pendingByKey.size;
  }

  get deadCount(): number {
    return this.deadKeys.size + this.corruptCount;
  }

  /** The newest dead letters, newest first, for /health. */
  latestDeadLetters(): readonly DeadLetter[] {
    return this.recentDead;
  }

  private rememberDead(dead: DeadLetter): void {
    this.recentDead.unshift(dead);
    this.recentDead.sort((a, b) => b.atMs - a.atMs);
    this.recentDead.length = Math.min(this.recentDead.length, RECENT_DEAD_SHOWN);
  }
}

/** Dead letters listed on /health. */
export const RECENT_DEAD_SHOWN = 10;
