/**
 * Keeps the stack's PostgreSQL running, as the platform does for a project's database: a server
 * that dies (killed, crashed, stopped by hand) is started again on the same data, port and
 * settings, and the gateway's pool reconnects by itself. Without this, one `kill -9` of the
 * postmaster left the whole stack answering 503 until it was restarted by hand.
 */
import type { StackLog } from "./log.ts";

/** How often the postmaster is looked at. */
const POLL_MS = 1_000;
/**
 * Polls in a row that must find the server down before it is started again: a `pg_ctl restart`
 * run by hand has a moment without a postmaster, and starting a second one then would only fail.
 */
const DOWN_POLLS_BEFORE_RESTART = 2;
/** A start that fails (old backends still exiting, shared memory still attached) is retried later, doubling up to this. */
const MAX_RETRY_DELAY_MS = 30_000;

export interface SupervisedServer {
  isRunning(): boolean;
  start(): Promise<void>;
}

export interface Supervisor {
  stop(): void;
}

export function supervisePostgres(server: SupervisedServer, log: StackLog): Supervisor {
  let stopped = false;
  let downPolls = 0;
  let failedStarts = 0;
  let timer: NodeJS.Timeout | null = null;

  const schedule = (delayMs: number): void => {
    if (stopped) return;
    timer = setTimeout(() => void poll(), delayMs);
  };

  const poll = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    if (server.isRunning()) {
      downPolls = 0;
      failedStarts = 0;
      schedule(POLL_MS);
      return;
    }
    downPolls += 1;
    if (downPolls < DOWN_POLLS_BEFORE_RESTART) {
      schedule(POLL_MS);
      return;
    }
    log("PostgreSQL is not running: starting it again with its data");
    try {
      await server.start();
      if (stopped) return;
      log("PostgreSQL restarted; the gateway reconnects on its next request");
      downPolls = 0;
      failedStarts = 0;
      schedule(POLL_MS);
    } catch (error) {
      failedStarts += 1;
      const delay = Math.min(MAX_RETRY_DELAY_MS, POLL_MS * 2 ** (failedStarts - 1));
      log(`PostgreSQL did not start again (${(error as Error).message.split("\n")[0]}); retrying in ${delay} ms`);
      schedule(delay);
    }
  };

  schedule(POLL_MS);
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
