/**
 * The Deno half of `npm run typecheck`, offline:
 * 1. `deno check` over every function's index.ts, every Deno test file and the stack's own Deno
 *    host script, with the repository's deno.json (npm packages from node_modules);
 * 2. for each function, that its imports resolve where it deploys (scripts/deploy/import-audit.ts):
 *    every package mapped by the function's own deno.json at the version node_modules has, and
 *    every module among the files the Supabase CLI uploads. The deploy test
 *    (tests/deploy/deploys-as-it-is.test.ts) then proves it against the npm registry.
 */
import path from "node:path";
import { spawnSync } from "node:child_process";
import { readFunctionConfig } from "../deploy/function-config.ts";
import { auditFunctionImports } from "../deploy/import-audit.ts";
import { denoTestFiles, functionEntries } from "./test-files.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DENO = path.join(ROOT, "node_modules", ".bin", "deno");
const HOST_SCRIPT = path.join(ROOT, "scripts", "stack", "functions", "serve.ts");

const entries = functionEntries(ROOT);
const files = [...entries, ...denoTestFiles(ROOT), HOST_SCRIPT];
const result = spawnSync(DENO, ["check", "--quiet", "--config", path.join(ROOT, "deno.json"), ...files], {
  cwd: ROOT,
  stdio: "inherit",
});
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`deno check: ${files.length} entry files type-check`);

const problems = entries.flatMap((entry) => {
  const name = path.basename(path.dirname(entry));
  return auditFunctionImports(ROOT, readFunctionConfig(ROOT, name), DENO).map((problem) => `${name}: ${problem}`);
});
if (problems.length > 0) {
  console.error(`deploy imports: ${problems.length} problem(s) a deploy would hit (docs/design.md, "Deploying the function"):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
console.log(`deploy imports: ${entries.length} function(s) resolve from their own deno.json, every module within the CLI's upload`);
