/**
 * `npm test` after the type check: one isolated stack, then pgTAP (pg_prove over supabase/tests),
 * vitest and Deno tests against it, one after another, each with the stack's environment. Prints a
 * summary, always stops the stack (also on Ctrl-C or SIGTERM), exits non-zero if any part failed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { stopProcessGroup } from "../stack/processes.ts";
import type { StackHandle } from "../stack/stack.ts";
import { startIsolatedStack } from "./isolated-stack.ts";
import { denoTestFiles, pgTapFiles } from "./test-files.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const EXIT_INTERRUPTED = 130;

type Outcome = "passed" | "failed" | "skipped";
interface PartResult {
  name: string;
  outcome: Outcome;
  seconds: number;
  note: string;
}

let current: ChildProcess | null = null;

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    // Own process group, so an interrupt can stop the tool and everything it started.
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit", detached: true });
    current = child;
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function banner(text: string): void {
  console.log(`\n━━━ ${text} ${"━".repeat(Math.max(0, 70 - text.length))}`);
}

async function timed(name: string, body: () => Promise<{ outcome: Outcome; note: string }>): Promise<PartResult> {
  banner(name);
  const started = performance.now();
  const { outcome, note } = await body();
  return { name, outcome, note, seconds: (performance.now() - started) / 1000 };
}

async function pgTap(env: NodeJS.ProcessEnv, databaseUrl: string): Promise<{ outcome: Outcome; note: string }> {
  const files = pgTapFiles(ROOT);
  if (files.length === 0) {
    console.log("no supabase/tests/*.sql yet: skipped");
    return { outcome: "skipped", note: "no pgTAP files" };
  }
  // As `supabase test db` does: pgTAP lives in the extensions schema for the run.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("create extension if not exists pgtap with schema extensions");
  } finally {
    await client.end();
  }
  const code = await run("pg_prove", ["--dbname", databaseUrl, "--ext", ".sql", ...files.map((f) => path.relative(ROOT, f))], env);
  return { outcome: code === 0 ? "passed" : "failed", note: `${files.length} files` };
}

async function vitest(env: NodeJS.ProcessEnv): Promise<{ outcome: Outcome; note: string }> {
  const code = await run(path.join(BIN, "vitest"), ["run"], env);
  return { outcome: code === 0 ? "passed" : "failed", note: "" };
}

async function denoTests(env: NodeJS.ProcessEnv): Promise<{ outcome: Outcome; note: string }> {
  const files = denoTestFiles(ROOT);
  if (files.length === 0) {
    console.log("no Deno test files yet: skipped");
    return { outcome: "skipped", note: "no Deno tests" };
  }
  const code = await run(
    path.join(BIN, "deno"),
    ["test", "--config", path.join(ROOT, "deno.json"), "--allow-all", ...files.map((f) => path.relative(ROOT, f))],
    env,
  );
  return { outcome: code === 0 ? "passed" : "failed", note: `${files.length} files` };
}

function printSummary(results: readonly PartResult[], stackSeconds: number): void {
  banner("summary");
  console.log(`  stack start     ${stackSeconds.toFixed(1)}s`);
  for (const result of results) {
    const mark = result.outcome === "passed" ? "ok  " : result.outcome === "failed" ? "FAIL" : "skip";
    console.log(`  ${mark} ${result.name.padEnd(10)} ${result.seconds.toFixed(1).padStart(6)}s  ${result.note}`);
  }
}

async function main(): Promise<number> {
  // A signal stops the running tool; the flow below then skips the remaining parts and still stops
  // the stack before exiting, so there is one place that cleans up.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping the tests and the stack`);
    if (current) void stopProcessGroup(current);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  banner("starting an isolated stack");
  const started = performance.now();
  let stack: StackHandle;
  try {
    stack = await startIsolatedStack((message) => console.log(`[stack] ${message}`));
  } catch (error) {
    console.error(`the test stack did not start:\n${(error as Error).message}`);
    return 1;
  }
  const stackSeconds = (performance.now() - started) / 1000;

  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env };
  const parts: Array<[string, () => Promise<{ outcome: Outcome; note: string }>]> = [
    ["pgTAP", () => pgTap(env, stack.env.DATABASE_URL)],
    ["vitest", () => vitest(env)],
    ["deno test", () => denoTests(env)],
  ];
  const results: PartResult[] = [];
  try {
    for (const [name, part] of parts) {
      if (interrupted) break;
      results.push(await timed(name, part));
    }
  } finally {
    await stack.stop();
  }
  if (interrupted) return EXIT_INTERRUPTED;
  printSummary(results, stackSeconds);
  return results.some((result) => result.outcome === "failed") ? 1 : 0;
}

process.exit(await main());
