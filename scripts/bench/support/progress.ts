/**
 * A progress line for long runs on stderr: rewritten in place on a terminal, otherwise printed at
 * most every few seconds, so a CI log shows that a run is alive without thousands of lines.
 */
const LOG_EVERY_MS = 5_000;

export interface Progress {
  update(text: string): void;
  done(text?: string): void;
}

/** Says nothing: for runs inside tests, whose output is the test report. */
export const silentProgress: Progress = { update: () => {}, done: () => {} };

export function progress(label: string): Progress {
  const tty = process.stderr.isTTY === true;
  let lastLogMs = 0;
  let last = "";
  return {
    update(text) {
      last = text;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${label}: ${text}`);
        return;
      }
      const now = performance.now();
      if (now - lastLogMs >= LOG_EVERY_MS) {
        lastLogMs = now;
        process.stderr.write(`${label}: ${text}\n`);
      }
    },
    done(text = last) {
      if (tty) process.stderr.write(`\r\x1b[2K`);
      process.stderr.write(`${label}: ${text}\n`);
    },
  };
}

/** Rewrites the line every second from `text` until the returned function is called. */
export function everySecond(line: Progress, text: () => string): () => void {
  const timer = setInterval(() => line.update(text()), 1_000);
  return () => clearInterval(timer);
}
