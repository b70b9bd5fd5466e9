/**
 * The Deno function host: every folder under supabase/functions whose name starts with a letter and
 * that has an index.ts is a function (so `_shared/` is not), served by the real Deno binary with
 * the function's own deno.json as a deploy reads it (else the repository's), npm packages taken
 * from node_modules so it works offline, in its own process on its own loopback port, with the environment
 * Supabase's runtime gives a function: SUPABASE_URL, the keys, SUPABASE_DB_URL, the pass-through
 * variables below, and supabase/functions/.env when present.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { choosePort } from "../ports.ts";
import { stopProcessGroup } from "../processes.ts";
import type { StackLog } from "../log.ts";
import type { FunctionTarget } from "../gateway/proxy.ts";
import { readDotEnv } from "./dotenv.ts";
import { LISTENING_MARKER } from "./marker.ts";
import { assertNever } from "../../../shared/assert-never.ts";

const SERVE_SCRIPT = path.join(import.meta.dirname, "serve.ts");
/** Variables taken from the stack's own environment, as `supabase functions serve` would from .env. */
const PASS_THROUGH = ["ANTHROPIC_API_KEY", "ANTHROPIC_MODEL", "ANTHROPIC_BASE_URL", "LOG_LEVEL", "LOG_PATIENT_TEXT"] as const;
/** What Deno itself needs to find its cache and temp space. */
const DENO_RUNTIME_ENV = ["PATH", "HOME", "DENO_DIR", "TMPDIR"] as const;
/** Supabase's per-function memory limit. */
const MEMORY_LIMIT_MB = 256;
/** First start compiles the function's modules; later ones are cached. */
const START_DEADLINE_MS = 60_000;

export interface FunctionHostOptions {
  repoRoot: string;
  /** SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY, SUPABASE_DB_URL. */
  env: Record<string, string>;
  log: StackLog;
}

export interface FunctionHost {
  /** Updated in place by restart(), so the gateway always proxies to the current processes. */
  targets: ReadonlyMap<string, FunctionTarget>;
  /** The function processes' pids (each the leader of its own process group). */
  pids(): number[];
  /** Stops every function and starts it again on the same port (after a code change). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Function names: folders starting with a letter that hold an index.ts. */
export function discoverFunctions(repoRoot: string): string[] {
  const dir = path.join(repoRoot, "supabase", "functions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[A-Za-z]/.test(entry.name) && existsSync(path.join(dir, entry.name, "index.ts")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The config a deploy reads for this function (its own deno.json, whose npm: imports a deploy
 * fetches from the registry), else the repository's. Either way `--node-modules-dir=manual` makes
 * Deno take those packages from node_modules, at the versions the imports pin.
 */
function denoConfig(repoRoot: string, name: string): string {
  const own = path.join(repoRoot, "supabase", "functions", name, "deno.json");
  return existsSync(own) ? own : path.join(repoRoot, "deno.json");
}

function functionEnv(options: FunctionHostOptions, name: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of DENO_RUNTIME_ENV) if (process.env[key] !== undefined) env[key] = process.env[key];
  for (const key of PASS_THROUGH) if (process.env[key] !== undefined) env[key] = process.env[key];
  Object.assign(env, readDotEnv(path.join(options.repoRoot, "supabase", "functions", ".env")), options.env);
  // Plain text in the stack's log, not terminal colour codes.
  env.NO_COLOR = "1";
  env.STACK_FUNCTION_PORT = String(port);
  env.STACK_FUNCTION_ENTRY = path.join(options.repoRoot, "supabase", "functions", name, "index.ts");
  return env;
}

type StartOutcome = { kind: "listening"; child: ChildProcess } | { kind: "boot_error"; reason: string };

/**
 * Starts one function. A function that throws while loading does not stop the stack: like
 * Supabase's runtime, the stack keeps running and that function answers 503 BOOT_ERROR.
 * `onExit` hears the exit of a process that was listening (whether or not it was asked to stop).
 */
function startOne(
  options: FunctionHostOptions,
  name: string,
  port: number,
  onExit: (child: ChildProcess, how: string) => void,
): Promise<StartOutcome> {
  const deno = path.join(options.repoRoot, "node_modules", ".bin", "deno");
  const child = spawn(
    deno,
    [
      "run",
      "--config", denoConfig(options.repoRoot, name),
      "--node-modules-dir=manual",
      "--allow-net", "--allow-env", "--allow-read",
      "--no-prompt",
      `--v8-flags=--max-old-space-size=${MEMORY_LIMIT_MB}`,
      SERVE_SCRIPT,
    ],
    { cwd: options.repoRoot, env: functionEnv(options, name, port), stdio: ["pipe", "pipe", "pipe"], detached: true },
  );
  const prefix = `[${name}] `;
  createInterface({ input: child.stderr! }).on("line", (line) => options.log(prefix + line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`function ${name} did not start listening within ${START_DEADLINE_MS} ms`)), START_DEADLINE_MS);
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopProcessGroup(child).then(() => resolve({ kind: "boot_error", reason: error.message }), reject);
    };
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!settled && line.startsWith(LISTENING_MARKER)) {
        settled = true;
        clearTimeout(timer);
        resolve({ kind: "listening", child });
        return;
      }
      options.log(prefix + line);
    });
    child.once("error", (error) => fail(error));
    child.once("exit", (code, signal) => {
      const how = signal ?? `exit ${code}`;
      if (!settled) fail(new Error(`function ${name} exited before listening (${how}); its output is above`));
      else onExit(child, how);
    });
  });
}

/**
 * How soon a function that died on its own is started again: at once the first time, then after
 * a doubling delay while it keeps dying, so a function that crashes on every request does not spin
 * the machine. A process that stayed up RESTART_RESET_AFTER_MS counts as healthy again.
 */
const RESTART_FIRST_DELAY_MS = 0;
const RESTART_BASE_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 10_000;
const RESTART_RESET_AFTER_MS = 30_000;

export function restartDelayMs(crashesInARow: number): number {
  if (crashesInARow <= 1) return RESTART_FIRST_DELAY_MS;
  return Math.min(RESTART_MAX_DELAY_MS, RESTART_BASE_DELAY_MS * 2 ** (crashesInARow - 2));
}

export async function startFunctionHost(options: FunctionHostOptions): Promise<FunctionHost> {
  const names = discoverFunctions(options.repoRoot);
  const children = new Map<string, ChildProcess>();
  const targets = new Map<string, FunctionTarget>();
  const ports = new Map<string, number>();
  /** Supervision per function: consecutive unexpected exits, when the current process started, a pending restart. */
  const supervision = new Map<string, { crashes: number; startedAt: number; timer: NodeJS.Timeout | null }>();
  /** Processes being stopped on purpose (stop, restart): their exit is not a crash. */
  const stopping = new Set<ChildProcess>();
  let closed = false;

  const stopChildren = async (): Promise<void> => {
    for (const entry of supervision.values()) {
      if (entry.timer !== null) clearTimeout(entry.timer);
      entry.timer = null;
    }
    const running = [...children.values()];
    children.clear();
    for (const child of running) stopping.add(child);
    await Promise.all(running.map((child) => stopProcessGroup(child)));
    for (const child of running) stopping.delete(child);
  };

  // A function process that dies on its own (killed, out of memory, a crash) is started again on
  // its port, as the platform boots a new isolate; the gateway answers 503 BOOT_ERROR meanwhile.
  const onExit = (name: string) => (child: ChildProcess, how: string): void => {
    if (stopping.has(child) || closed || children.get(name) !== child) return;
    children.delete(name);
    const entry = supervision.get(name) ?? { crashes: 0, startedAt: 0, timer: null };
    entry.crashes = Date.now() - entry.startedAt >= RESTART_RESET_AFTER_MS ? 1 : entry.crashes + 1;
    const delay = restartDelayMs(entry.crashes);
    options.log(`function ${name} exited unexpectedly (${how}); restarting it${delay > 0 ? ` in ${delay} ms` : ""}`);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      startNamed(name).catch((error: unknown) => options.log(`function ${name} could not be restarted: ${(error as Error).message}`));
    }, delay);
    supervision.set(name, entry);
  };

  const startNamed = async (name: string): Promise<void> => {
    if (closed) return;
    const port = ports.get(name) ?? (await choosePort(undefined));
    ports.set(name, port);
    const entry = supervision.get(name) ?? { crashes: 0, startedAt: 0, timer: null };
    entry.startedAt = Date.now();
    supervision.set(name, entry);
    const outcome = await startOne(options, name, port, onExit(name));
    switch (outcome.kind) {
      case "listening":
        if (closed) {
          stopping.add(outcome.child);
          await stopProcessGroup(outcome.child);
          return;
        }
        children.set(name, outcome.child);
        targets.set(name, { kind: "listening", origin: `http://127.0.0.1:${port}` });
        if (entry.crashes > 0) options.log(`function ${name} restarted (pid ${outcome.child.pid})`);
        break;
      case "boot_error":
        options.log(`function ${name} failed to boot and answers 503 BOOT_ERROR until it is fixed: ${outcome.reason}`);
        targets.set(name, { kind: "boot_error", reason: outcome.reason });
        break;
      default:
        assertNever(outcome);
    }
  };

  const startAll = async (): Promise<void> => {
    await Promise.all(names.map((name) => startNamed(name)));
  };

  try {
    await startAll();
  } catch (error) {
    closed = true;
    await stopChildren();
    throw error;
  }
  return {
    targets,
    pids: () => [...children.values()].flatMap((child) => (child.pid === undefined ? [] : [child.pid])),
    async restart() {
      await stopChildren();
      for (const entry of supervision.values()) entry.crashes = 0;
      await startAll();
    },
    async stop() {
      closed = true;
      await stopChildren();
    },
  };
}
