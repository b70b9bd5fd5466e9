import { symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveFunctionConfig } from "./function-config.ts";
import { auditFunctionImports } from "./import-audit.ts";
import { scratchProjects } from "./scratch-project.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const DENO = path.join(REPO_ROOT, "node_modules", ".bin", "deno");
const ZOD_VERSION = "4.6.7";
const scratch = scratchProjects("import-audit-");

/** A function importing zod from shared/, with `imports` as its deno.json maps them; node_modules is the repository's. */
function audit(imports: Record<string, string>, entry = 'import { schema } from "../../../shared/schema.ts";\nconsole.log(schema);\n'): string[] {
  const root = scratch.create({
    "supabase/functions/hello/deno.json": JSON.stringify({ imports }),
    "supabase/functions/hello/index.ts": entry,
    "shared/schema.ts": 'import { z } from "zod";\nexport const schema = z.string();\n',
  });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"));
  return auditFunctionImports(root, resolveFunctionConfig(root, "hello", ""), DENO);
}

afterEach(() => scratch.removeAll());

describe("auditing a function's imports for a deploy, offline", () => {
  it("passes when its deno.json maps every package at the installed version", () => {
    expect(audit({ zod: `npm:zod@${ZOD_VERSION}` })).toEqual([]);
  });

  it("names a package that resolves locally from node_modules but is not mapped, with the line to add", () => {
    expect(audit({})).toEqual([
      `shared/schema.ts imports "zod", which supabase/functions/hello/deno.json does not map, and a deploy has no node_modules: add "zod": "npm:zod@${ZOD_VERSION}" to its "imports"`,
    ]);
  });

  it("names a pinned version that node_modules does not have", () => {
    const problems = audit({ zod: "npm:zod@3.0.0" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^shared\/schema\.ts imports "zod", which does not resolve \(.*must pin the version package\.json installs\)/);
  });

  it("names a module the CLI's walk would not upload", () => {
    // A default import beside named ones split over lines: Deno reads it, the CLI's pattern does not.
    const problems = audit(
      { zod: `npm:zod@${ZOD_VERSION}` },
      'import schemaModule, {\n  schema,\n} from "../../../shared/schema.ts";\nconsole.log(schemaModule, schema);\n',
    );
    expect(problems).toEqual([
      "shared/schema.ts is in the function's module graph but not among the files the CLI uploads or mounts (write its import as a relative path with its extension)",
    ]);
  });
});
