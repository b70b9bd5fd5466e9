/**
 * What `supabase functions deploy NAME` reads from supabase/config.toml for one function, resolved
 * as the Supabase CLI resolves it (pkg/config/config.go, internal/functions/deploy/deploy.go):
 * paths in the file are relative to supabase/; without `entrypoint` it is
 * supabase/functions/NAME/index.ts; without `import_map`, a deno.json or deno.jsonc beside the
 * entrypoint. Only the `[functions.NAME]` table is read, and only the value forms this project
 * writes (strings, booleans, one-line arrays of strings); anything else is an error naming the line.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export interface FunctionDeployConfig {
  name: string;
  /** Repository-relative, forward slashes, as the CLI passes it when run from the repository root. */
  entrypoint: string;
  /** The deno.json (or import map) the bundlers use, repository-relative; null when there is none. */
  importMap: string | null;
  /** Repository-relative glob patterns of files bundled beside the code. */
  staticFiles: string[];
  verifyJwt: boolean;
}

const SUPABASE_DIR = "supabase";
const CONFIG_FILE = path.posix.join(SUPABASE_DIR, "config.toml");
const DENO_CONFIG_NAMES = ["deno.json", "deno.jsonc"] as const;

const tableSchema = z
  .object({
    enabled: z.boolean().optional(),
    verify_jwt: z.boolean().optional(),
    entrypoint: z.string().min(1).optional(),
    import_map: z.string().min(1).optional(),
    static_files: z.array(z.string().min(1)).optional(),
  })
  .strict();

export class FunctionConfigError extends Error {
  override readonly name = "FunctionConfigError";
}

/** The line without its comment: `#` outside a double-quoted string starts one. */
function withoutComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (char === "\\" && inString) i += 1;
    else if (char === '"') inString = !inString;
    else if (char === "#" && !inString) return line.slice(0, i);
  }
  return line;
}

/** `functions.NAME` or `functions."NAME"`, the two ways TOML spells this table's header. */
function isTableOf(header: string, name: string): boolean {
  const key = header.replace(/\s+/g, "");
  return key === `functions.${name}` || key === `functions."${name}"`;
}

/** The keys of `[functions.NAME]`, or null when the file has no such table. */
export function parseFunctionTable(toml: string, name: string): z.infer<typeof tableSchema> | null {
  const values: Record<string, unknown> = {};
  let inTable = false;
  let found = false;
  const lines = toml.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = withoutComment(raw).trim();
    if (line === "") continue;
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header?.[1] !== undefined) {
      inTable = isTableOf(header[1], name);
      found ||= inTable;
      continue;
    }
    if (!inTable) continue;
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair?.[1] || pair[2] === undefined) throw new FunctionConfigError(`${CONFIG_FILE}:${index + 1}: expected key = value`);
    try {
      // Basic strings, booleans and arrays of basic strings read the same in TOML and JSON.
      values[pair[1]] = JSON.parse(pair[2]);
    } catch {
      throw new FunctionConfigError(`${CONFIG_FILE}:${index + 1}: ${pair[1]} has a value this reader does not take (use "…", true/false or ["…"])`);
    }
  }
  if (!found) return null;
  const parsed = tableSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FunctionConfigError(`${CONFIG_FILE} [functions.${name}]: ${issue?.path.join(".") || "table"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** A config.toml path (relative to supabase/) as a repository-relative one. */
function fromSupabaseDir(value: string): string {
  return path.posix.isAbsolute(value) ? value : path.posix.join(SUPABASE_DIR, value);
}

export function resolveFunctionConfig(repoRoot: string, name: string, toml: string): FunctionDeployConfig {
  const table = parseFunctionTable(toml, name) ?? {};
  const entrypoint = table.entrypoint === undefined
    ? path.posix.join(SUPABASE_DIR, "functions", name, "index.ts")
    : fromSupabaseDir(table.entrypoint);
  let importMap: string | null = table.import_map === undefined ? null : fromSupabaseDir(table.import_map);
  if (importMap === null) {
    const beside = DENO_CONFIG_NAMES.map((file) => path.posix.join(path.posix.dirname(entrypoint), file));
    importMap = beside.find((file) => existsSync(path.join(repoRoot, file))) ?? null;
  }
  return {
    name,
    entrypoint,
    importMap,
    staticFiles: (table.static_files ?? []).map(fromSupabaseDir),
    verifyJwt: table.verify_jwt ?? true,
  };
}

/**
 * Whether the bundlers find the config by Deno's own discovery from the entrypoint's folder (a
 * deno.json beside it), rather than being handed it as `--import-map` (pkg/function/bundle.go
 * `ShouldUseDenoJsonDiscovery`, which both the Docker and the native bundler apply).
 */
export function discoversDenoJson(config: FunctionDeployConfig): boolean {
  return (
    config.importMap !== null &&
    (DENO_CONFIG_NAMES as readonly string[]).includes(path.posix.basename(config.importMap)) &&
    path.posix.dirname(config.importMap) === path.posix.dirname(config.entrypoint)
  );
}

export function readFunctionConfig(repoRoot: string, name: string): FunctionDeployConfig {
  return resolveFunctionConfig(repoRoot, name, readFileSync(path.join(repoRoot, CONFIG_FILE), "utf8"));
}
