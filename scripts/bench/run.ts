/**
 * `npm run bench [-- [--quick] [--stack-env FILE] [scenario …]]`: runs every scripts/bench/*.bench.ts
 * (or the ones named) one after another, each in its own process, so the load generator is never
 * the process that serves: the gateway runs here, in the stack's process, and stays idle meanwhile.
 *
 * Without --stack-env (and without the stack variables in the environment) it starts its own
 * throw-away stack, and before it a Claude stub in its own process that the function is pointed at
 * (ANTHROPIC_BASE_URL), so FAQ turns take the real SDK path and the Claude-delay scenario can run.
 * At the end: one table of every figure with its target, and the whole run as JSON under
 * .local/bench/<time>/results.json (also .local/bench/latest.json), with the machine it ran on.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { StackHandle } from "../stack/stack.ts";
import { readEnvFile } from "../stack/env-file.ts";
import { startIsolatedStack } from "../test/isolated-stack.ts";
import { startClaudeStub, type ClaudeStub } from "./support/claude-control.ts";
import { describeMachine, describeMachineLine, type Machine } from "./support/machine.ts";
import { alignedTable, formatMet, formatValue, type ScenarioResult } from "./support/results.ts";
import { STACK_VARIABLES } from "./support/stack-target.ts";

const BENCH_DIR = import.meta.dirname;
const ROOT = path.resolve(BENCH_DIR, "..", "..");
const OUT_ROOT = path.join(ROOT, ".local", "bench");
/** What the function is given as its Claude key when it talks to our stub; never a real key. */
const STUB_API_KEY = "bench-stub-key";
/** The order scenarios run in; a file not listed runs after these, alphabetically. */
const ORDER = ["round-trips", "turns", "light-load", "saturation", "claude-isolation", "claim-contention", "relay-overhead", "availability-at-scale"];

interface Options {
  quick: boolean;
  stackEnv: string | undefined;
  only: string[];
}

function options(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { quick: { type: "boolean", default: false }, "stack-env": { type: "string" } },
  });
  return { quick: values.quick ?? false, stackEnv: values["stack-env"], only: positionals };
}

function scenarios(only: readonly string[]): string[] {
  const names = readdirSync(BENCH_DIR).filter((f) => f.endsWith(".bench.ts")).map((f) => f.replace(/\.bench\.ts$/, ""));
  const unknown = only.filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`no such benchmark: ${unknown.join(", ")} (there are: ${names.join(", ")})`);
  const rank = (name: string): number => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return names.filter((name) => only.length === 0 || only.includes(name)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The stack to measure: given (file or environment), or started here with the Claude stub. */
async function stackToMeasure(given: string | undefined): Promise<{ env: Record<string, string>; stop: () => Promise<void>; stubUrl: string | null }> {
  if (given !== undefined) return { env: readEnvFile(path.resolve(given)), stop: async () => {}, stubUrl: null };
  if (STACK_VARIABLES.every((name) => process.env[name])) {
    return { env: Object.fromEntries(STACK_VARIABLES.map((name) => [name, process.env[name]!])), stop: async () => {}, stubUrl: null };
  }
  console.log("starting a throw-away stack (and a Claude stub for it) …");
  const stub: ClaudeStub = await startClaudeStub();
  process.env.ANTHROPIC_API_KEY = STUB_API_KEY;
  process.env.ANTHROPIC_BASE_URL = stub.url;
  let stack: StackHandle;
  try {
    // Durable like a real project's database (fsync, synchronous commit): a turn's commits wait for
    // the disk as they do on Supabase.
    stack = await startIsolatedStack(() => {}, { durable: true });
  } catch (error) {
    stub.stop();
    throw error;
  }
  return {
    env: { ...stack.env },
    stubUrl: stub.url,
    stop: async () => {
      try {
        await stack.stop();
      } finally {
        stub.stop();
      }
    },
  };
}

function runOne(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  // Asynchronously: the stack's gateway runs in this process and must keep serving.
  const child = spawn(process.execPath, ["--import", "tsx", file], { cwd: ROOT, stdio: "inherit", env });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function printTable(machine: Machine, results: readonly ScenarioResult[]): void {
  console.log(`\n━━━ all figures (${describeMachineLine(machine)})`);
  const rows = results.flatMap((r) =>
    r.figures.map((f) => [r.scenario, f.label, formatValue(f.value, f.unit), f.target?.text ?? "", formatMet(f.target)]),
  );
  console.log(alignedTable(["scenario", "figure", "value", "target", ""], rows));
  for (const r of results) {
    if (r.load) console.log(`${r.scenario}: machine ${r.load.busyCores.toFixed(2)} cores busy, others ${r.load.othersCores.toFixed(2)}`);
  }
}

async function main(): Promise<number> {
  const opts = options();
  const names = scenarios(opts.only);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outDir = path.join(OUT_ROOT, stamp);
  mkdirSync(outDir, { recursive: true });

  const stack = await stackToMeasure(opts.stackEnv);
  const results: ScenarioResult[] = [];
  const failed: string[] = [];
  const machine = await describeMachine(stack.env.DATABASE_URL ?? "");
  console.log(describeMachineLine(machine));
  try {
    for (const name of names) {
      console.log(`\n━━━ ${name}`);
      const resultFile = path.join(outDir, `${name}.json`);
      const code = await runOne(path.join(BENCH_DIR, `${name}.bench.ts`), {
        ...process.env,
        ...stack.env,
        BENCH_RESULT_FILE: resultFile,
        BENCH_OUT_DIR: outDir,
        BENCH_QUICK: opts.quick ? "1" : "0",
        ...(stack.stubUrl === null ? {} : { BENCH_CLAUDE_STUB_URL: stack.stubUrl }),
      });
      if (code !== 0 || !existsSync(resultFile)) failed.push(name);
      if (existsSync(resultFile)) results.push(JSON.parse(readFileSync(resultFile, "utf8")) as ScenarioResult);
    }
  } finally {
    await stack.stop();
  }
  printTable(machine, results);
  const run = { startedAt: stamp, quick: opts.quick, machine, scenarios: results, failed };
  const file = path.join(outDir, "results.json");
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  copyFileSync(file, path.join(OUT_ROOT, "latest.json"));
  console.log(`\nresults: ${path.relative(ROOT, file)}${failed.length > 0 ? `\nfailed: ${failed.join(", ")}` : ""}`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
