/**
 * When proactive messages went out, kept on disk (`<queue>/paced-sends.json`, rewritten atomically
 * after each send) so that the daily cap and the gap after the last send survive a restart: a bot
 * that crashes and restarts must not start the day's count again. Only the last 24 hours are kept.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "../shared/atomic-file.ts";
import { CAP_WINDOW_MS, type PaceHistory } from "./pacing.ts";

const FILE_VERSION = 1;
const fileSchema = z.object({ v: z.literal(FILE_VERSION), sentAtMs: z.array(z.number()) });

export class SendHistory {
  private sentAtMs: number[];
  private readonly lastByChat = new Map<string, number>();

  private constructor(
    private readonly path: string,
    sentAtMs: number[],
  ) {
    this.sentAtMs = sentAtMs;
  }

  /** An unreadable file counts as empty: the cap then restarts, which is the lesser harm than not starting. */
  static async open(path: string): Promise<SendHistory> {
    let sentAtMs: number[] = [];
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
      if (parsed.success) sentAtMs = [...parsed.data.sentAtMs].sort((a, b) => a - b);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
    }
    return new SendHistory(path, sentAtMs);
  }

  /** Records a proactive send to `chatJid` at `atMs`, on disk before it resolves. */
  async record(chatJid: string, atMs: number): Promise<void> {
    this.sentAtMs = [...this.sentAtMs.filter((at) => at > atMs - CAP_WINDOW_MS), atMs];
    // Only the current run's sends per chat matter: a restart takes longer than nothing, and the
    // global gap (which is kept) spaces the first sends after it.
    this.lastByChat.set(chatJid, atMs);
    await writeFileAtomic(this.path, JSON.stringify({ v: FILE_VERSION, sentAtMs: this.sentAtMs }));
  }

  view(): PaceHistory {
    return { lastSentAtMs: this.sentAtMs.at(-1) ?? null, lastSentByChat: this.lastByChat, sentAtMs: this.sentAtMs };
  }
}
