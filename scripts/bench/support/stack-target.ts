/**
 * The stack a benchmark process measures, from the environment `npm run bench` hands it (the
 * stack.env variables), with its processes found for CPU accounting and the Claude stub's control
 * URL when the run started one.
 */
import { z } from "zod";
import type { FunctionTarget } from "../../patient/client.ts";
import { findStackProcesses, type StackProcesses } from "./stack-processes.ts";

/** The variables a stack.env gives: what `npm run bench` hands each scenario, and keeps out of a run that starts its own stack. */
export const STACK_VARIABLES = ["SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "DATABASE_URL", "FUNCTION_URL", "CHANNEL_ID", "CHANNEL_SECRET"] as const;

const envSchema = z.object({
  FUNCTION_URL: z.url(),
  CHANNEL_ID: z.string().min(1),
  CHANNEL_SECRET: z.string().min(1),
  SUPABASE_URL: z.url(),
  DATABASE_URL: z.string().min(1),
  /** Set by `npm run bench` when the function it started talks to our Claude stub. */
  BENCH_CLAUDE_STUB_URL: z.url().optional(),
});

export interface BenchTarget {
  function: FunctionTarget;
  supabaseUrl: string;
  databaseUrl: string;
  claudeStubUrl: string | null;
  processes: StackProcesses;
}

export async function benchTarget(): Promise<BenchTarget> {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new Error(`${names} missing or invalid: run benchmarks through \`npm run bench\`, which starts a stack or reads --stack-env`);
  }
  const env = parsed.data;
  return {
    function: { functionUrl: env.FUNCTION_URL.replace(/\/+$/, ""), channelId: env.CHANNEL_ID, channelSecret: env.CHANNEL_SECRET },
    supabaseUrl: env.SUPABASE_URL,
    databaseUrl: env.DATABASE_URL,
    claudeStubUrl: env.BENCH_CLAUDE_STUB_URL ?? null,
    processes: await findStackProcesses(env),
  };
}
