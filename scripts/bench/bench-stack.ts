/**
 * What a benchmark runs against: the stack described by the environment (DATABASE_URL, and the
 * other stack.env variables when present), otherwise a throw-away isolated stack started here and
 * stopped by close().
 */
import { startIsolatedStack } from "../test/isolated-stack.ts";

export interface BenchStack {
  /** Variables for benchmark processes: the caller's environment, or the started stack's. */
  env: Record<string, string>;
  databaseUrl: string;
  close(): Promise<void>;
}

export async function benchStack(): Promise<BenchStack> {
  const given = process.env.DATABASE_URL;
  if (given) return { env: {}, databaseUrl: given, close: async () => {} };
  const stack = await startIsolatedStack(() => {});
  return { env: { ...stack.env }, databaseUrl: stack.env.DATABASE_URL, close: () => stack.stop() };
}
