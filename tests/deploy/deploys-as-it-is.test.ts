/**
 * Issue 9 §3, "deploys as it is": the function resolves and boots where a deploy puts it, with no
 * node_modules (`Could not find "@supabase/supabase-js" in a node_modules folder` was the failure).
 * The tracked files are copied to an empty folder; Deno, with a throwaway DENO_DIR, type-checks the
 * function from its own deno.json, fetching npm packages from the registry as a bundler does, then
 * serves it there, and once more from only the files the Supabase CLI uploads (`--use-api`) or
 * mounts (Docker), each time answering one unsigned request. Skipped, saying so, only when the npm
 * registry cannot be reached.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "../../shared/contract/index.ts";
import { discoversDenoJson, readFunctionConfig, type FunctionDeployConfig } from "../../scripts/deploy/function-config.ts";
import { uploadSet } from "../../scripts/deploy/upload-set.ts";
import { LISTENING_MARKER } from "../../scripts/stack/functions/marker.ts";
import { choosePort } from "../../scripts/stack/ports.ts";
import { stopProcessGroup } from "../../scripts/stack/processes.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const DENO = path.join(REPO_ROOT, "node_modules", ".bin", "deno");
const FUNCTION = "whatsapp-webhook";
const REGISTRY = process.env.NPM_CONFIG_REGISTRY ?? "https://registry.npmjs.org/";
/** The stack's stand-in for the edge runtime: serves an entrypoint on a port we choose. */
const HOST_FILES = ["scripts/stack/functions/serve.ts", "scripts/stack/functions/marker.ts"] as const;
const REGISTRY_PROBE_MS = 10_000;
/** A cold DENO_DIR fetches every package first; a shared 2-core machine is slow at it. */
const COLD_MS = 300_000;
const BOOT_DEADLINE_MS = 120_000;
const HTTP_UNAUTHORIZED = 401;

const work = mkdtempSync(path.join(tmpdir(), "deploys-as-it-is-"));
const copy = path.join(work, "repository");
const upload = path.join(work, "upload");
const harness = path.join(work, "harness");
const denoDir = path.join(work, "deno-dir");
let registryDown: string | null = null;
let config: FunctionDeployConfig;

function copyFiles(from: string, to: string, files: Iterable<string>): void {
  for (const file of files) {
    if (!existsSync(path.join(from, file))) continue; // tracked but deleted in the work tree
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/** How this machine reaches the registry (a proxy, its certificate authorities), passed on to Deno. */
const NETWORK_ENV = [
  "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
  "DENO_CERT", "DENO_TLS_CA_STORE", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "NPM_CONFIG_REGISTRY",
] as const;

/** What a bundler's Deno sees: no package.json discovery (the CLI sets this), our cache only. */
function denoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DENO_DIR: denoDir, DENO_NO_PACKAGE_JSON: "1", NO_COLOR: "1" };
  for (const key of NETWORK_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...extra };
}

function importMap(): string {
  if (config.importMap === null) throw new Error(`supabase/config.toml gives ${FUNCTION} no import map and none sits beside its entrypoint`);
  return config.importMap;
}

async function registryReachable(): Promise<string | null> {
  try {
    const response = await fetch(new URL("zod", REGISTRY), { method: "HEAD", signal: AbortSignal.timeout(REGISTRY_PROBE_MS) });
    return response.ok ? null : `the npm registry (${REGISTRY}) answered ${response.status}`;
  } catch (error) {
    return `the npm registry (${REGISTRY}) is unreachable (${(error as Error).message})`;
  }
}

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Serves the function from `root` with its deno.json, as the edge runtime would; resolves once it listens. */
async function serve(root: string, hostScript: string): Promise<Served> {
  const port = await choosePort(undefined);
  const child = spawn(
    DENO,
    ["run", "--config", path.join(root, importMap()), "--allow-net", "--allow-env", "--allow-read", "--no-prompt", hostScript],
    {
      cwd: path.join(root, path.dirname(config.entrypoint)),
      env: denoEnv({
        // Never contacted: an unsigned request is refused before any database call.
        SUPABASE_URL: "http://127.0.0.1:9",
        SUPABASE_SERVICE_ROLE_KEY: "unused-by-an-unsigned-request",
        STACK_FUNCTION_PORT: String(port),
        STACK_FUNCTION_ENTRY: path.join(root, config.entrypoint),
      }),
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after ${BOOT_DEADLINE_MS} ms:\n${stderr}`)), BOOT_DEADLINE_MS);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(LISTENING_MARKER)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the function exited (${code}) before listening:\n${stderr}`));
    });
  });
  try {
    await listening;
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/${FUNCTION}`, stop: () => stopProcessGroup(child) };
}

async function expectUnsignedRequestRefused(served: Served): Promise<void> {
  const response = await fetch(served.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(response.status).toBe(HTTP_UNAUTHORIZED);
  expect(errorBodySchema.parse(await response.json()).error.code).toBe("unauthorized");
}

beforeAll(async () => {
  const tracked = spawnSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (tracked.status !== 0) throw new Error(`git ls-files failed: ${tracked.stderr}`);
  copyFiles(REPO_ROOT, copy, tracked.stdout.split("\0").filter((file) => file !== ""));
  copyFiles(copy, harness, HOST_FILES);
  config = readFunctionConfig(copy, FUNCTION);
  registryDown = await registryReachable();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("the function deploys as it is", () => {
  it("has nothing to resolve from: the repository's node_modules config fails in the copy", () => {
    // The control: the copy holds no node_modules (nor does any folder above it), so what follows
    // resolves from the registry or not at all.
    const check = spawnSync(DENO, ["check", "--config", path.join(copy, "deno.json"), path.join(copy, config.entrypoint)], {
      cwd: copy,
      encoding: "utf8",
      env: denoEnv(),
    });
    expect(check.status).not.toBe(0);
    expect(check.stderr).toMatch(/node_modules/);
  });

  it("type-checks from its own deno.json with every npm package fetched from the registry", { timeout: COLD_MS }, (context) => {
    if (registryDown !== null) context.skip(`${registryDown}: cannot prove a cold deploy here`);
    // As edge-runtime's bundler is told: discover the deno.json from the entrypoint's folder, or
    // take the configured import map as the config.
    const configArgs = discoversDenoJson(config) ? [] : ["--config", path.join(copy, importMap())];
    const check = spawnSync(DENO, ["check", ...configArgs, path.basename(config.entrypoint)], {
      cwd: path.join(copy, path.dirname(config.entrypoint)),
      encoding: "utf8",
      env: denoEnv(),
    });
    expect(check.stderr).not.toMatch(/error/i);
    expect(check.status).toBe(0);
    // Fetched into the throwaway cache, so nothing came from a warm one.
    expect(existsSync(path.join(denoDir, "npm", new URL(REGISTRY).host, "zod"))).toBe(true);
  });

  it("boots there and refuses an unsigned request with the contract's 401", { timeout: BOOT_DEADLINE_MS + 30_000 }, async (context) => {
    if (registryDown !== null) context.skip(`${registryDown}: cannot prove a cold deploy here`);
    const served = await serve(copy, path.join(copy, HOST_FILES[0]));
    try {
      await expectUnsignedRequestRefused(served);
    } finally {
      await served.stop();
    }
  });

  it("boots from only the files the CLI uploads (--use-api) or mounts (Docker)", { timeout: BOOT_DEADLINE_MS + 30_000 }, async (context) => {
    if (registryDown !== null) context.skip(`${registryDown}: cannot prove a cold deploy here`);
    const set = uploadSet(copy, config);
    expect(set.problems).toEqual([]);
    expect(set.missing).toEqual([]);
    copyFiles(copy, upload, set.files);
    const served = await serve(upload, path.join(harness, HOST_FILES[0]));
    try {
      await expectUnsignedRequestRefused(served);
    } finally {
      await served.stop();
    }
  });
});
