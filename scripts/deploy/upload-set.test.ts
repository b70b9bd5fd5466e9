import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scratchProjects } from "./scratch-project.ts";
import { readFunctionConfig, type FunctionDeployConfig } from "./function-config.ts";
import { importSpecifiers, uploadSet } from "./upload-set.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const scratch = scratchProjects("upload-set-");
const project = scratch.create;

const config = (overrides: Partial<FunctionDeployConfig> = {}): FunctionDeployConfig => ({
  name: "hello",
  entrypoint: "supabase/functions/hello/index.ts",
  importMap: "supabase/functions/hello/deno.json",
  staticFiles: [],
  verifyJwt: false,
  ...overrides,
});

afterEach(() => scratch.removeAll());

describe("the files a deploy takes, found as the Supabase CLI finds them", () => {
  it("sees static, multi-line, type-only, re-export and dynamic imports", () => {
    const source = `import {\n  a,\n  b,\n} from "./a.ts";\nimport type { C } from '../c.ts';\nexport * from "./d.ts";\nconst e = await import("./e.ts");\nimport "./f.ts";\n`;
    expect(importSpecifiers(source)).toEqual(["./a.ts", "../c.ts", "./d.ts", "./e.ts", "./f.ts"]);
  });

  it("follows relative imports out of supabase/functions into the repository's shared/", () => {
    const root = project({
      "supabase/functions/hello/deno.json": '{ "imports": { "zod": "npm:zod@4.6.7" } }',
      "supabase/functions/hello/index.ts": 'import { handler } from "./http/handler.ts";\nDeno.serve(handler);\n',
      "supabase/functions/hello/http/handler.ts": 'import { sign } from "../../../../shared/signing/index.ts";\nexport const handler = () => new Response(sign());\n',
      "supabase/functions/hello/http/handler.test.ts": 'import "./handler.ts";\n',
      "shared/signing/index.ts": 'export * from "./hmac.ts";\n',
      "shared/signing/hmac.ts": 'import { z } from "zod";\nimport { createHmac } from "node:crypto";\nexport const sign = () => "x";\n',
    });
    expect(uploadSet(root, config())).toEqual({
      files: [
        "shared/signing/hmac.ts",
        "shared/signing/index.ts",
        "supabase/functions/hello/deno.json",
        "supabase/functions/hello/http/handler.ts",
        "supabase/functions/hello/index.ts",
      ],
      problems: [],
      missing: [],
    });
  });

  it("rewrites a specifier by the import map, relative to the map's folder", () => {
    const root = project({
      "supabase/functions/hello/deno.json": '{ "imports": { "@shared/": "../../../shared/" } }',
      "supabase/functions/hello/index.ts": 'import { x } from "@shared/x.ts";\n',
      "shared/x.ts": 'import { y } from "./y.ts";\nexport const x = y;\n',
      "shared/y.ts": "export const y = 1;\n",
    });
    expect(uploadSet(root, config()).files).toEqual([
      "shared/x.ts",
      "shared/y.ts",
      "supabase/functions/hello/deno.json",
      "supabase/functions/hello/index.ts",
    ]);
  });

  it("reports a path above the project root, which aborts the CLI's upload (supabase/cli#3467)", () => {
    const root = project({
      "supabase/functions/hello/deno.json": "{}",
      "supabase/functions/hello/index.ts": 'import { handler } from "../../../../common/index.ts";\n',
    });
    expect(uploadSet(root, config()).problems).toEqual([
      "../common/index.ts (imported by supabase/functions/hello/index.ts) is outside the project root, where the CLI cannot read it (supabase/cli#3467)",
    ]);
  });

  it("lists a matched path that does not exist apart, as the CLI only warns about it", () => {
    const root = project({
      "supabase/functions/hello/deno.json": "{}",
      "supabase/functions/hello/index.ts": '// e.g. import { old } from "./gone.ts"\nDeno.serve(() => new Response());\n',
    });
    const set = uploadSet(root, config());
    expect(set.problems).toEqual([]);
    expect(set.missing).toEqual(["supabase/functions/hello/gone.ts (imported by supabase/functions/hello/index.ts)"]);
  });

  it("takes the repository's function with shared/ and without its tests", () => {
    const set = uploadSet(REPO_ROOT, readFunctionConfig(REPO_ROOT, "whatsapp-webhook"));
    expect(set.problems).toEqual([]);
    expect(set.missing).toEqual([]);
    expect(set.files).toContain("supabase/functions/whatsapp-webhook/deno.json");
    expect(set.files).toContain("shared/contract/webhook.ts");
    expect(set.files).toContain("shared/signing/hmac.ts");
    expect(set.files.filter((file) => file.endsWith(".test.ts"))).toEqual([]);
  });
});
