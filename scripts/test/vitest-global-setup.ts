/**
 * Lets `npx vitest run …` work on its own: when no stack's environment is set (npm test sets it),
 * start an isolated stack, export its variables to the test workers, and stop it afterwards.
 */
import type { StackHandle } from "../stack/stack.ts";
import { startIsolatedStack } from "./isolated-stack.ts";

let stack: StackHandle | null = null;

export async function setup(): Promise<void> {
  if (process.env.SUPABASE_URL) return;
  stack = await startIsolatedStack((message) => {
    if (process.env.STACK_VERBOSE) console.log(`[stack] ${message}`);
  });
  // Workers are started after global setup and inherit this environment.
  Object.assign(process.env, stack.env);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  stack = null;
}
