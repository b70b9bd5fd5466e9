/**
 * The stack's progress log: one line per step, handed in by the caller (the CLI prints it with
 * timings, the test runner prints it plainly, library tests may pass nothing and stay quiet).
 */
export type StackLog = (message: string) => void;

export const silentLog: StackLog = () => {};

const MS_PER_S = 1_000;
/** Seconds are shown with this many decimals, right-aligned in this many characters, so lines align. */
const ELAPSED_DECIMALS = 2;
const ELAPSED_WIDTH = 6;

/** A console log whose lines say `[<tag> <seconds since this call>s]`, for `npm run stack` and `npm start`. */
export function timedConsoleLog(tag: string): StackLog {
  const startedAt = performance.now();
  return (message) => {
    const seconds = ((performance.now() - startedAt) / MS_PER_S).toFixed(ELAPSED_DECIMALS).padStart(ELAPSED_WIDTH);
    console.log(`[${tag} ${seconds}s] ${message}`);
  };
}
