/**
 * The Deno half of `npm run typecheck`: `deno check` over every function's index.ts, every Deno
 * test file and the stack's own Deno host script, with the repository's deno.json.
 */
import path from "node:path";
import { spawnSync } from "node:child_process";
import { denoTestFiles, functionEntries } from "./test-files.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const DENO = path.join(ROOT, "node_modules", ".bin", "deno");
const HOST_SCRIPT = path.join(ROOT, "scripts", "stack", "functions", "serve.ts");

const files = [...functionEntries(ROOT), ...denoTestFiles(ROOT), HOST_SCRIPT];
const result = spawnSync(DENO, ["check", "--quiet", "--config", path.join(ROOT, "deno.json"), ...files], {
  cwd: ROOT,
  stdio: "inherit",
});
if (result.status === 0) console.log(`deno check: ${files.length} entry files type-check`);
process.exit(result.status ?? 1);
