/**
 * The files a deploy of one function takes from the repository, found the way the Supabase CLI
 * finds them. `supabase functions deploy --use-api` uploads the import map, the static files and
 * every file its walk of the import graph reaches (pkg/function/deploy.go `writeForm`); the
 * Docker bundler bind-mounts supabase/functions plus the files the same walk reaches outside it
 * (internal/utils/deno.go `BindHostModules`). Anything the walk misses is absent from the bundle.
 *
 * The walk (pkg/function/deno.go `WalkImportPaths`) is textual, not Deno's resolver: it matches
 * import/export statements with a regular expression, rewrites a specifier that starts with an
 * import map key, skips specifiers without a file extension and those that are not paths (npm:,
 * node:, URLs, bare names), and resolves the rest from the importing file, or from the import map
 * when rewritten. The CLI opens each path relative to the project root through Go's io/fs, which
 * refuses a path that leaves the root: supabase/cli#3467 ("open ../common/index.ts: invalid argument").
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { FunctionDeployConfig } from "./function-config.ts";

export interface UploadSet {
  /** Repository-relative paths, sorted. */
  files: string[];
  /** Paths the CLI refuses to read, which abort its deploy (each names the importing file). */
  problems: string[];
  /**
   * Paths that matched but do not exist: the CLI warns and goes on (a match inside a comment is
   * harmless; a module Deno needs is then missing from the bundle, which the import audit catches).
   */
  missing: string[];
}

/** The CLI's pattern (pkg/function/deno.go), so this walk matches exactly the statements it does. */
const IMPORT_PATTERN = /(?:import|export)\s+(?:type\s+)?(?:\{[^{}]+\}|.*?)\s*(?:from)?\s*['"](.*?)['"]|import\(\s*['"](.*?)['"]\)/gi;

type ImportMapEntries = ReadonlyMap<string, string>;

const isRelative = (specifier: string): boolean => specifier.startsWith("./") || specifier.startsWith("../");
const hasScheme = (value: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value);

const importMapSchema = z.object({ imports: z.record(z.string(), z.string()).default({}) });

/** The `imports` of a deno.json or import map (repository-relative path), as written. */
export function readImports(repoRoot: string, importMap: string): Record<string, string> {
  return importMapSchema.parse(JSON.parse(readFileSync(path.join(repoRoot, importMap), "utf8"))).imports;
}

/**
 * The import map's `imports`, with relative targets made repository-relative as the CLI does
 * (resolved from the map's folder, a trailing slash kept, `./` in front).
 */
export function loadImportMap(repoRoot: string, importMap: string): ImportMapEntries {
  const entries = new Map<string, string>();
  for (const [key, target] of Object.entries(readImports(repoRoot, importMap))) {
    if (path.posix.isAbsolute(target) || hasScheme(target)) {
      entries.set(key, target);
      continue;
    }
    let resolved = path.posix.join(path.posix.dirname(importMap), target);
    if (target.endsWith("/") && !resolved.endsWith("/")) resolved += "/";
    entries.set(key, path.posix.isAbsolute(resolved) ? resolved : `./${resolved}`);
  }
  return entries;
}

/** The specifiers the CLI's walk sees in one file's text. */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(IMPORT_PATTERN)].map((match) => (match[1] || match[2] || "").trim());
}

/**
 * Rewrites a specifier by the import map. The CLI applies every key that prefixes it, in Go's
 * random map order; with keys that do not prefix one another (ours) that is one rewrite, taken
 * here as the longest key so the answer is deterministic.
 */
function rewrite(specifier: string, imports: ImportMapEntries): { specifier: string; rewritten: boolean } {
  let best: string | null = null;
  for (const key of imports.keys()) {
    if (specifier.startsWith(key) && (best === null || key.length > best.length)) best = key;
  }
  if (best === null) return { specifier, rewritten: false };
  return { specifier: `${imports.get(best)}${specifier.slice(best.length)}`, rewritten: true };
}

export function uploadSet(repoRoot: string, config: FunctionDeployConfig): UploadSet {
  const imports: ImportMapEntries = config.importMap === null ? new Map() : loadImportMap(repoRoot, config.importMap);
  const files = new Set<string>(config.importMap === null ? [] : [config.importMap]);
  for (const file of config.staticFiles) files.add(file);
  const problems: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const pending: Array<{ file: string; importer: string | null }> = [{ file: config.entrypoint, importer: null }];

  while (pending.length > 0) {
    const { file, importer } = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const from = importer === null ? "" : ` (imported by ${importer})`;
    if (path.posix.isAbsolute(file) || file === ".." || file.startsWith("../")) {
      problems.push(`${file}${from} is outside the project root, where the CLI cannot read it (supabase/cli#3467)`);
      continue;
    }
    let source: string;
    try {
      source = readFileSync(path.join(repoRoot, file), "utf8");
    } catch {
      missing.push(`${file}${from}`);
      continue;
    }
    files.add(file);
    for (const raw of importSpecifiers(source)) {
      const { specifier, rewritten } = rewrite(raw, imports);
      if (path.posix.extname(specifier) === "") continue;
      if (!isRelative(specifier) && !path.posix.isAbsolute(specifier)) continue;
      const target = isRelative(specifier) && !rewritten ? path.posix.join(path.posix.dirname(file), specifier) : path.posix.normalize(specifier);
      pending.push({ file: target, importer: file });
    }
  }
  return { files: [...files].sort(), problems, missing };
}
