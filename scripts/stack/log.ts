/**
 * The stack's progress log: one line per step, handed in by the caller (the CLI prints it with
 * timings, the test runner prints it plainly, library tests may pass nothing and stay quiet).
 */
export type StackLog = (message: string) => void;

export const silentLog: StackLog = () => {};
