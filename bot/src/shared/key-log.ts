/**
 * A durable set of string keys: an append-only, fsync'd file of one key per line, loaded into
 * memory at start. Bounded: when it grows past twice the capacity it is rewritten atomically with
 * the newest `capacity` keys (dedupe only has to remember recent messages).
 */
import { readFile } from "node:fs/promises";
import { appendLineDurably, writeFileAtomic } from "./atomic-file.ts";

/** The file is compacted once it holds this many times `capacity` keys: one rewrite per `capacity` appends. */
const COMPACT_AT_CAPACITY_MULTIPLE = 2;

export class KeyLog {
  private readonly keys: string[] = [];
  private readonly set = new Set<string>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly capacity: number,
  ) {}

  static async open(path: string, capacity: number): Promise<KeyLog> {
    const log = new KeyLog(path, capacity);
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    // A crash mid-append can leave a partial last line without its newline; it is not a key.
    // Either way the last element of the split is not a complete key.
    const complete = text.split("\n").slice(0, -1);
    for (const line of complete) if (line !== "") log.remember(line);
    return log;
  }

  has(key: string): boolean {
    return this.set.has(key);
  }

  get size(): number {
    return this.set.size;
  }

  /** Adds a key; resolves once it is on disk. Appends are serialised to keep lines whole. */
  add(key: string): Promise<void> {
    if (key.includes("\n")) throw new Error("a key may not contain a newline");
    this.remember(key);
    const next = this.writing.then(() => this.persist(key));
    // The chain must survive one failed write; the failure still reaches this call's caller.
    this.writing = next.catch(() => undefined);
    return next;
  }

  private remember(key: string): void {
    if (this.set.has(key)) return;
    this.set.add(key);
    this.keys.push(key);
  }

  private async persist(key: string): Promise<void> {
    if (this.keys.length > COMPACT_AT_CAPACITY_MULTIPLE * this.capacity) {
      const kept = this.keys.splice(0, this.keys.length - this.capacity);
      for (const dropped of kept) this.set.delete(dropped);
      await writeFileAtomic(this.path, this.keys.map((k) => `${k}\n`).join(""));
      return;
    }
    await appendLineDurably(this.path, key);
  }
}
