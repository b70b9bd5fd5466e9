/**
 * The clinic tool runs on the bot's machine, installed with `npm ci --omit=dev` (README "Setting up
 * a clinic"): every package its code loads must be a runtime dependency, or the operator's first
 * `npm run clinic` fails there with "Cannot find package".
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./support/files.ts";

const TOOL_DIR = path.join(REPO_ROOT, "scripts", "clinic");
const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };

/** Bare packages imported for real (not type-only) by the tool's TypeScript files. */
function importedPackages(): Set<string> {
  const packages = new Set<string>();
  const files = readdirSync(TOOL_DIR, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(path.join(TOOL_DIR, file), "utf8"), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (specifier.startsWith(".") || specifier.startsWith("node:")) continue;
      packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] ?? specifier));
    }
  }
  return packages;
}

describe("the clinic tool's runtime dependencies", () => {
  it("are the packages it imports, and tsx, which runs it: all in dependencies", () => {
    const needed = [...importedPackages(), "tsx"].sort();
    expect(needed).toEqual(["pg", "tsx", "yaml", "zod"]);
    const missing = needed.filter((name) => !(name in pkg.dependencies));
    expect(missing, `in devDependencies only, so missing after npm ci --omit=dev: ${missing.join(", ")}`).toEqual([]);
  });
});
