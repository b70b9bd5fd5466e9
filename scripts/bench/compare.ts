/**
 * `npm run bench:compare -- <base-ref> [scenario …] [--pairs N] [--quick] [--keep]`: runs the same
 * benchmark scenarios (saturation by default) alternately on another commit (the base, checked
 * out in a worktree under .local/bench/compare/) and on this checkout as it is, uncommitted changes
 * included, N pairs in Thue–Morse order (base this this base …), each run an ordinary `npm run
 * bench` with its own throw-away stack, after one uncounted quick run of each tree. Prints every
 * figure's runs side by side with the medians and their ratio, and writes them to
 * .local/bench/compare/<time>/comparison.json.
 *
 * Why: one run of each tree says little on a 2-core VM, where the same tree's saturation figure
 * moves by ±10 % between runs; interleaved runs spread the machine's drift over both.
 */
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { armOrder, compareFigures, type Arm, type ArmRun } from "./support/compare-runs.ts";
import { alignedTable, formatValue, type ScenarioResult } from "./support/results.ts";
import { STACK_VARIABLES } from "./support/stack-target.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const COMPARE_ROOT = path.join(ROOT, ".local", "bench", "compare");

interface Options {
  base: string;
  scenarios: string[];
  pairs: number;
  quick: boolean;
  keep: boolean;
}

function options(): Options {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      pairs: { type: "string", default: "2" },
      quick: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const [base, ...scenarios] = positionals;
  if (base === undefined) {
    throw new Error("usage: npm run bench:compare -- <base-ref> [scenario …] [--pairs N] [--quick] [--keep]");
  }
  const pairs = Number(values.pairs);
  return { base, scenarios: scenarios.length > 0 ? scenarios : ["saturation"], pairs, quick: values.quick ?? false, keep: values.keep ?? false };
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Whether the commit's package-lock.json is this checkout's (git diff --quiet exits 1 when not). */
function sameLockfile(sha: string): boolean {
  try {
    git(["diff", "--quiet", sha, "--", "package-lock.json"]);
    return true;
  } catch {
    return false;
  }
}

/** The base commit checked out beside this one, with node_modules installed as its lockfile says. */
function baseTree(sha: string): string {
  const dir = path.join(COMPARE_ROOT, `tree-${sha.slice(0, 12)}`);
  if (!existsSync(dir)) {
    mkdirSync(COMPARE_ROOT, { recursive: true });
    git(["worktree", "add", "--detach", dir, sha]);
  }
  if (!existsSync(path.join(dir, "node_modules"))) {
    if (sameLockfile(sha) && existsSync(path.join(ROOT, "node_modules"))) {
      symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    } else {
      console.log(`installing the base's dependencies (its package-lock.json differs) …`);
      execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
    }
  }
  return dir;
}

/** One ordinary `npm run bench` in the given tree, its output kept in a log; its results back. */
function benchIn(tree: string, opts: Options, log: string): Promise<ScenarioResult[]> {
  return new Promise((resolve, reject) => {
    const args = ["--import", "tsx", "scripts/bench/run.ts", ...(opts.quick ? ["--quick"] : []), ...opts.scenarios];
    // The stack variables of an outer stack must not leak in: each run measures its own stack.
    const env = { ...process.env };
    for (const name of STACK_VARIABLES) delete env[name];
    const out = createWriteStream(log);
    const child = spawn(process.execPath, args, { cwd: tree, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on("error", reject);
    child.on("close", (code) => {
      out.end();
      const latest = path.join(tree, ".local", "bench", "latest.json");
      if (code !== 0 || !existsSync(latest)) {
        reject(new Error(`the benchmark failed in ${tree} (exit ${code}); its output: ${log}`));
        return;
      }
      resolve((JSON.parse(readFileSync(latest, "utf8")) as { scenarios: ScenarioResult[] }).scenarios);
    });
  });
}

function ratioText(ratio: number | null): string {
  return ratio === null ? "" : `${ratio.toFixed(3)}×`;
}

async function main(): Promise<number> {
  const opts = options();
  const order = armOrder(opts.pairs);
  const baseSha = git(["rev-parse", "--verify", `${opts.base}^{commit}`]);
  const head = git(["rev-parse", "--short=10", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  const thisLabel = `this checkout (${head}${dirty ? " with uncommitted changes" : ""})`;
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outDir = path.join(COMPARE_ROOT, stamp);
  mkdirSync(outDir, { recursive: true });
  const tree = baseTree(baseSha);
  console.log(`base ${baseSha.slice(0, 10)} (${opts.base}) against ${thisLabel}: ${opts.scenarios.join(", ")}, ${order.length} runs`);

  const runs: ArmRun[] = [];
  const where: Record<Arm, string> = { base: tree, this: ROOT };
  try {
    // A tree's first run compiles what the later ones find cached (tsx's transforms, Deno's module
    // graph of the function), and on a short window that shows: one quick run of each, not counted.
    for (const arm of ["base", "this"] as const) {
      process.stdout.write(`warm-up: ${arm} … `);
      await benchIn(where[arm], { ...opts, quick: true }, path.join(outDir, `warm-up-${arm}.log`));
      console.log("done");
    }
    for (const [i, arm] of order.entries()) {
      const log = path.join(outDir, `run-${i + 1}-${arm}.log`);
      const started = performance.now();
      process.stdout.write(`run ${i + 1}/${order.length}: ${arm} … `);
      const scenarios = await benchIn(where[arm], opts, log);
      runs.push({ arm, scenarios });
      console.log(`${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    if (!opts.keep) git(["worktree", "remove", "--force", tree]);
  }

  const rows = compareFigures(runs);
  const show = (values: number[], unit: string): string => values.map((v) => formatValue(v, unit)).join(", ");
  console.log(`\n━━━ base ${baseSha.slice(0, 10)} against ${thisLabel}, in the order ${order.join(" ")}`);
  console.log(alignedTable(
    ["scenario", "figure", "base runs", "this runs", "base median", "this median", "this / base"],
    rows.map((r) => [r.scenario, r.label, show(r.base, r.unit), show(r.this, r.unit),
      r.baseMedian === null ? "" : formatValue(r.baseMedian, r.unit), r.thisMedian === null ? "" : formatValue(r.thisMedian, r.unit), ratioText(r.ratio)]),
  ));
  const file = path.join(outDir, "comparison.json");
  writeFileSync(file, `${JSON.stringify({ base: baseSha, this: { head, dirty }, order, quick: opts.quick, runs, figures: rows }, null, 2)}\n`);
  console.log(`\ncomparison: ${path.relative(ROOT, file)} (each run's output beside it)`);
  return 0;
}

process.exitCode = await main();
