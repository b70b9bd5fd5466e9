/**
 * A durable set of string keys, each with an optional value: an append-only, fsync'd file of one
 * `key` or `key<TAB>value` per line, loaded into memory at start. Bounded: when it grows past
 * twice the capacity it is rewritten atomically with the newest `capacity` keys (dedupe only has
 * to remember recent messages).
 */
import { readFile } from "node:fs/promises";
import { appendLineDurably, writeFileAtomic } from "./atomic-file.ts";

/** The file is compacted once it holds this many times `capacity` keys: one rewrite per `capacity` appends. */
const COMPACT_AT_CAPACITY_MULTIPLE = 2;
const SEPARATOR = "\t";

function line(key: string, value: string | undefined): string {
  return value === undefined ? key : `${key}${SEPARATOR}${value}`;
}

export class KeyLog {
  private readonly keys: string[] = [];
  private readonly values = new Map<string, string | undefined>();
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
    for (const entry of complete) {
      if (entry === "") continue;
      const at = entry.indexOf(SEPARATOR);
      if (at === -1) log.remember(entry, undefined);
      else log.remember(entry.slice(0, at), entry.slice(at + 1));
    }
    return log;
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** The value stored with `key`, if any. */
  get(key: string): string | undefined {
    return this.values.get(key);
  }

  get size(): number {
    return this.values.size;
  }

  /** Adds a key (and a value); resolves once it is on disk. Appends are serialised to keep lines whole. */
  add(key: string, value?: string): Promise<void> {
    if (/[\n\t]/.test(key) || (value !== undefined && value.includes("\n"))) throw new Error("a key may not contain a newline or a tab, nor a value a newline");
    this.remember(key, value);
    const next = this.writing.then(() => this.persist(key, value));
    // The chain must survive one failed write; the failure still reaches this call's caller.
    this.writing = next.catch(() => undefined);
    return next;
  }

  private remember(key: string, value: string | undefined): void {
    if (!this.values.has(key)) this.keys.push(key);
    this.values.set(key, value);
  }

  private async persist(key: string, value: string | undefined): Promise<void> {
    if (this.keys.length > COMPACT_AT_CAPACITY_MULTIPLE * this.capacity) {
      const dropped = this.keys.splice(0, this.keys.length - this.capacity);
      for (const old of dropped) this.values.delete(old);
      await writeFileAtomic(this.path, this.keys.map((k) => `${line(k, this.values.get(k))}\n`).join(""));
      return;
    }
    await appendLineDurably(this.path, line(key, value));
  }
}
