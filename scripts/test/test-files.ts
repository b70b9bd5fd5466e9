/**
 * Which files each test tool runs (docs/design.md, "Test layout"): pgTAP files in supabase/tests,
 * Deno tests inside supabase/functions and anywhere as *.deno.test.ts, and the functions' entries
 * for `deno check`. Vitest finds its own files through vitest.config.ts.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const SKIPPED_DIRS = new Set(["node_modules", ".local", ".git"]);

function walk(dir: string, keep: (file: string) => boolean, found: string[] = []): string[] {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, keep, found);
    else if (keep(full)) found.push(full);
  }
  return found;
}

export function pgTapFiles(root: string): string[] {
  const dir = path.join(root, "supabase", "tests");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => name.endsWith(".sql")).sort().map((name) => path.join(dir, name));
}

export function denoTestFiles(root: string): string[] {
  const functionsDir = path.join(root, "supabase", "functions");
  const inFunctions = walk(functionsDir, (file) => file.endsWith(".test.ts"));
  const elsewhere = walk(root, (file) => file.endsWith(".deno.test.ts") && !file.startsWith(functionsDir + path.sep));
  return [...inFunctions, ...elsewhere].sort();
}

/** Every function's index.ts (folders starting with a letter, like the function host serves). */
export function functionEntries(root: string): string[] {
  const dir = path.join(root, "supabase", "functions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[A-Za-z]/.test(entry.name))
    .map((entry) => path.join(dir, entry.name, "index.ts"))
    .filter((file) => existsSync(file))
    .sort();
}
