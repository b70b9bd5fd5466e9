/**
 * Restarts the functions when their code changes, as `supabase functions serve` reloads them:
 * watches supabase/functions and shared/ (the function imports both), waits for edits to settle,
 * and runs one restart at a time; changes during a restart cause one more afterwards.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import type { StackLog } from "../log.ts";

/** Editors write a file in several steps; wait this long after the last event before restarting. */
const SETTLE_MS = 300;
const WATCHED_DIRS = [path.join("supabase", "functions"), "shared"] as const;

export interface SourceWatcher {
  close(): void;
}

export function watchFunctionSources(repoRoot: string, restart: () => Promise<void>, log: StackLog): SourceWatcher {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = false;

  const run = async (): Promise<void> => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      do {
        pending = false;
        log("function code changed: restarting functions");
        const started = performance.now();
        await restart();
        log(`functions restarted in ${Math.round(performance.now() - started)} ms`);
      } while (pending);
    } catch (error) {
      log(`restarting functions failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };

  const onChange = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), SETTLE_MS);
  };

  const watchers: FSWatcher[] = WATCHED_DIRS.map((dir) => path.join(repoRoot, dir))
    .filter((dir) => existsSync(dir))
    .map((dir) => watch(dir, { recursive: true }, onChange));
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
