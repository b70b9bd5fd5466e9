/**
 * Checks, offline, that a function's imports will resolve where it deploys. Locally Deno takes npm
 * packages from node_modules (`--node-modules-dir=manual`), and there it also finds a bare name
 * that the function's deno.json never maps; a deploy has no node_modules, so such an import fails
 * only once deployed. From Deno's own module graph of the entrypoint (`deno info --json`, with the
 * function's config, as the stack serves it) this reports:
 * - a bare import in the function's code (or in shared/) that its deno.json does not map;
 * - a module Deno cannot resolve (e.g. an npm: version that node_modules does not have);
 * - a module of the graph that the CLI's walk would not upload or mount (upload-set.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { FunctionDeployConfig } from "./function-config.ts";
import { readImports, uploadSet } from "./upload-set.ts";

const graphSchema = z.object({
  modules: z.array(
    z.object({
      specifier: z.string(),
      error: z.string().optional(),
      dependencies: z
        .array(
          z.object({
            specifier: z.string(),
            code: z.object({ error: z.string().optional() }).optional(),
            type: z.object({ error: z.string().optional() }).optional(),
          }),
        )
        .optional(),
    }),
  ),
});

/** `deno info --json` of the function's graph, npm packages included, is a few megabytes. */
const MAX_INFO_BYTES = 64 * 1024 * 1024;

const hasScheme = (specifier: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(specifier);
const isBare = (specifier: string): boolean =>
  !specifier.startsWith("./") && !specifier.startsWith("../") && !specifier.startsWith("/") && !hasScheme(specifier);

/** An import map maps a specifier by an equal key, or by a key ending in `/` that prefixes it. */
function isMapped(specifier: string, keys: Iterable<string>): boolean {
  for (const key of keys) if (key === specifier || (key.endsWith("/") && specifier.startsWith(key))) return true;
  return false;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function installedVersion(repoRoot: string, name: string): string | null {
  const manifest = path.join(repoRoot, "node_modules", name, "package.json");
  if (!existsSync(manifest)) return null;
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(readFileSync(manifest, "utf8")));
  return parsed.success ? parsed.data.version : null;
}

function addImportHint(repoRoot: string, specifier: string): string {
  const name = packageName(specifier);
  const version = installedVersion(repoRoot, name);
  return version === null
    ? `add "${name}": "npm:${name}@<version>" to its "imports" and \`npm install --save-exact ${name}@<version>\``
    : `add "${name}": "npm:${name}@${version}" to its "imports"`;
}

function localPath(repoRoot: string, specifier: string): string | null {
  if (!specifier.startsWith("file:")) return null;
  const file = fileURLToPath(specifier);
  if (file.split(path.sep).includes("node_modules")) return null;
  return path.relative(repoRoot, file).split(path.sep).join("/");
}

export function auditFunctionImports(repoRoot: string, config: FunctionDeployConfig, deno: string): string[] {
  if (config.importMap === null) {
    return [`${config.entrypoint}: the function has no deno.json beside it, so a deploy maps none of its packages`];
  }
  const info = spawnSync(
    deno,
    ["info", "--json", "--config", config.importMap, "--node-modules-dir=manual", config.entrypoint],
    { cwd: repoRoot, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, maxBuffer: MAX_INFO_BYTES },
  );
  if (info.status !== 0) return [`deno info ${config.entrypoint} failed:\n${info.stderr.trim()}`];
  const graph = graphSchema.parse(JSON.parse(info.stdout));
  const keys = Object.keys(readImports(repoRoot, config.importMap));
  const uploaded = uploadSet(repoRoot, config);
  const walked = new Set(uploaded.files);
  const problems = [...uploaded.problems];
  // One report per unresolvable specifier, however many files import it.
  const unresolved = new Set<string>();

  for (const module of graph.modules) {
    const file = localPath(repoRoot, module.specifier);
    if (module.error !== undefined) problems.push(`${file ?? module.specifier}: ${module.error}`);
    if (file === null) continue;
    if (!walked.has(file)) {
      problems.push(`${file} is in the function's module graph but not among the files the CLI uploads or mounts (write its import as a relative path with its extension)`);
    }
    for (const { specifier, code, type } of module.dependencies ?? []) {
      const error = code?.error ?? type?.error;
      if (error !== undefined && !unresolved.has(specifier)) {
        unresolved.add(specifier);
        const hint = error.includes("npm:") ? ` (${config.importMap} must pin the version package.json installs)` : "";
        problems.push(`${file} imports "${specifier}", which does not resolve${hint}: ${error}`);
      }
      if (isBare(specifier) && !isMapped(specifier, keys)) {
        problems.push(`${file} imports "${specifier}", which ${config.importMap} does not map, and a deploy has no node_modules: ${addImportHint(repoRoot, specifier)}`);
      }
    }
  }
  return problems;
}
