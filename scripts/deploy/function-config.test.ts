import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scratchProjects } from "./scratch-project.ts";
import { FunctionConfigError, parseFunctionTable, readFunctionConfig, resolveFunctionConfig } from "./function-config.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const scratch = scratchProjects("function-config-");
const project = scratch.create;

afterEach(() => scratch.removeAll());

describe("reading [functions.NAME] from supabase/config.toml", () => {
  it("resolves entrypoint, import map and static files relative to supabase/, as the CLI does", () => {
    const toml = `
[functions.hello]
verify_jwt = false  # we sign requests ourselves
entrypoint = "./functions/hello/main.ts"
import_map = "./functions/hello/deno.json"
static_files = ["./functions/hello/*.html"]
`;
    expect(resolveFunctionConfig("/nowhere", "hello", toml)).toEqual({
      name: "hello",
      entrypoint: "supabase/functions/hello/main.ts",
      importMap: "supabase/functions/hello/deno.json",
      staticFiles: ["supabase/functions/hello/*.html"],
      verifyJwt: false,
    });
  });

  it("without a table, uses index.ts and the deno.json beside it, with the JWT check on", () => {
    const root = project({ "supabase/functions/hello/index.ts": "", "supabase/functions/hello/deno.json": "{}" });
    expect(resolveFunctionConfig(root, "hello", "[api]\nport = 54321\n")).toEqual({
      name: "hello",
      entrypoint: "supabase/functions/hello/index.ts",
      importMap: "supabase/functions/hello/deno.json",
      staticFiles: [],
      verifyJwt: true,
    });
  });

  it("has no import map when none is configured and none sits beside the entrypoint", () => {
    const root = project({ "supabase/functions/hello/index.ts": "" });
    expect(resolveFunctionConfig(root, "hello", "").importMap).toBeNull();
  });

  it("reads only its own table and keeps a # inside a string", () => {
    const toml = `[functions.other]\nentrypoint = "x.ts"\n[functions."hello"]\nentrypoint = "./functions/hello/#1.ts"\n[db]\nport = 1\n`;
    expect(parseFunctionTable(toml, "hello")).toEqual({ entrypoint: "./functions/hello/#1.ts" });
  });

  it("names a misspelt key instead of ignoring it", () => {
    expect(() => parseFunctionTable('[functions.hello]\nimport-map = "deno.json"\n', "hello")).toThrow(/import-map/);
  });

  it("names the line of a value it cannot read", () => {
    expect(() => parseFunctionTable("[functions.hello]\nentrypoint = 'index.ts'\n", "hello")).toThrow(FunctionConfigError);
    expect(() => parseFunctionTable("[functions.hello]\nentrypoint = 'index.ts'\n", "hello")).toThrow(/config\.toml:2/);
  });
});

describe("the repository's whatsapp-webhook config", () => {
  it("turns the platform's JWT check off and points both bundlers at the function's own deno.json", () => {
    const config = readFunctionConfig(REPO_ROOT, "whatsapp-webhook");
    expect(config.verifyJwt).toBe(false);
    expect(config.entrypoint).toBe("supabase/functions/whatsapp-webhook/index.ts");
    // Beside the entrypoint: the Docker bundler then lets edge-runtime discover it instead of
    // passing --import-map (pkg/function/bundle.go ShouldUseDenoJsonDiscovery).
    expect(config.importMap).toBe("supabase/functions/whatsapp-webhook/deno.json");
  });
});
