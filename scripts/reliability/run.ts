/**
 * `npm run reliability [-- --quick] [--seed N]`: the reliability run (issue 10 §3) on a throw-away
 * stack of its own, with the real bot relay on a fake socket; prints one table per part and
 * writes the whole report as JSON under .local/reliability/<time>/ (with the bot's warnings).
 * Exits 1 when any check fails. `--quick` runs the small version `npm test` runs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { progress } from "../bench/support/progress.ts";
import { DEFAULT_SEED, formatReport, FULL, QUICK, runReliability } from "./reliability.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, seed: { type: "string" } } });
const base = values.quick ? QUICK : FULL;
const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
if (!Number.isInteger(seed)) {
  console.error("--seed must be an integer");
  process.exit(2);
}
const options = { ...base, hostile: { ...base.hostile, seed } };
const dir = path.join(ROOT, ".local", "reliability", new Date().toISOString().replace(/[:.]/g, "-"));
mkdirSync(dir, { recursive: true });

const started = performance.now();
const report = await runReliability(options, dir, (line) => console.log(line), progress);
console.log(formatReport(report));
writeFileSync(path.join(dir, "report.json"), `${JSON.stringify({ options: { ...options, chaos: { ...options.chaos } }, ...report, seconds: (performance.now() - started) / 1000 }, null, 2)}\n`);
console.log(`\nreport: ${path.relative(ROOT, path.join(dir, "report.json"))} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exitCode = report.ok ? 0 : 1;
