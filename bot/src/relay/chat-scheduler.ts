/**
 * Runs jobs one at a time per chat, in the order given, with different chats in parallel up to a
 * limit. Stopping lets each chat finish the job in flight and starts no new one; unstarted jobs
 * simply stay in the durable queue for the next start.
 */

/** Chats relayed at the same time; more would only queue inside the function and Postgres. */
export const MAX_PARALLEL_CHATS = 16;

export class ChatScheduler<T> {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private stopping = false;

  constructor(
    private readonly run: (item: T) => Promise<void>,
    /** Told about a job that threw; the chat's later jobs still run. */
    private readonly onError: (error: unknown, item: T) => void,
    private readonly maxParallel: number = MAX_PARALLEL_CHATS,
  ) {}

  /** Queues `item` behind the chat's earlier items. */
  schedule(chat: string, item: T): void {
    const previous = this.chains.get(chat) ?? Promise.resolve();
    const next = previous.then(() => this.runOne(item));
    this.chains.set(chat, next);
    void next.then(() => {
      if (this.chains.get(chat) === next) this.chains.delete(chat);
    });
  }

  /** Starts nothing new; resolves when every job in flight has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const release of this.waiting.splice(0)) release();
    await Promise.all([...this.chains.values()]);
  }

  /** Resolves when no chat has work left (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  get activeChats(): number {
    return this.chains.size;
  }

  private async runOne(item: T): Promise<void> {
    if (this.stopping) return;
    if (this.running >= this.maxParallel) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.stopping) return;
    }
    this.running += 1;
    try {
      await this.run(item);
    } catch (error) {
      this.onError(error, item);
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }
}
