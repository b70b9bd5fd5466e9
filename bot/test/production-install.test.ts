/**
 * The bot runs in production from `npm ci --omit=dev` under PM2, on Node 20 or 22: that install
 * must be clean (no EBADENGINE: @supabase/supabase-js declares Node 22, and only the local stack and
 * tests use it under Node) and must hold every package the bot loads. The function gets its npm
 * packages through Deno's import map, not from here.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "bot", "src", "main.ts");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
/** A dry run reads the lockfile only; a slow registry answer still finishes well within this. */
const NPM_TIMEOUT_MS = 120_000;

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Packages the code reachable from `entry` imports for real (type-only imports vanish at run time). */
function runtimePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
    for (const statement of source.statements) {
      const isImport = ts.isImportDeclaration(statement);
      if (!isImport && !ts.isExportDeclaration(statement)) continue;
      if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const typeOnly = isImport ? statement.importClause?.isTypeOnly === true : statement.isTypeOnly;
      if (typeOnly) continue;
      const specifier = statement.moduleSpecifier.text;
      if (specifier.startsWith(".")) pending.push(resolve(dirname(file), specifier));
      else if (!specifier.startsWith("node:")) packages.add(packageName(specifier));
    }
  }
  return packages;
}

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  dir = await tempDir("omit-dev");
});
afterEach(async () => {
  await dir.remove();
});

describe("the production install", () => {
  it("npm ci --omit=dev installs cleanly on this Node, without EBADENGINE", () => {
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(ROOT, file), join(dir.path, file));
    const run = spawnSync(NPM, ["ci", "--omit=dev", "--dry-run", "--no-audit", "--no-fund"], { cwd: dir.path, encoding: "utf8", timeout: NPM_TIMEOUT_MS });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).not.toContain("EBADENGINE");
    // What it installs: the bot's packages, not the stack's.
    expect(output).toMatch(/add @whiskeysockets\/baileys /);
    expect(output).toMatch(/add pm2 /);
    expect(output).not.toMatch(/add @supabase\/supabase-js /);
  });

  it("holds every package the bot loads, and PM2 and tsx, which run it", () => {
    const needed = [...runtimePackages(MAIN), "pm2", "tsx"].sort();
    expect(needed).toEqual(expect.arrayContaining(["@whiskeysockets/baileys", "pino", "qrcode", "zod"]));
    const missing = needed.filter((name) => !(name in pkg.dependencies));
    expect(missing, `in devDependencies only, so missing from npm ci --omit=dev: ${missing.join(", ")}`).toEqual([]);
  });

  it("keeps what only the stack, the function and the tests use out of the production install", () => {
    // pg stays in: the clinic tool (npm run clinic) runs on the bot's machine too.
    for (const name of ["@supabase/supabase-js", "jose", "@anthropic-ai/sdk", "chrono-node", "vitest", "playwright-core", "deno"]) {
      expect(pkg.devDependencies).toHaveProperty(name);
      expect(pkg.dependencies).not.toHaveProperty(name);
    }
  });
});
