/**
 * The Deno function host behind the gateway's /functions/v1: a scratch project with an echo function,
 * a function that fails to load, a `_shared` folder and a folder without index.ts, served by the real
 * Deno binary exactly as the stack serves supabase/functions.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFunctionHost, type FunctionHost } from "../../scripts/stack/functions/host.ts";
import { startGateway, type Gateway } from "../../scripts/stack/gateway/server.ts";
import { choosePort } from "../../scripts/stack/ports.ts";
import { isAlive } from "../../scripts/stack/processes.ts";
import { silentLog } from "../../scripts/stack/log.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const project = mkdtempSync(path.join(tmpdir(), "clinic-functions-"));
const functionsDir = path.join(project, "supabase", "functions");

const ECHO_FUNCTION = `
Deno.serve(async (request: Request) => {
  const url = new URL(request.url);
  return Response.json({
    path: url.pathname + url.search,
    method: request.method,
    body: await request.text(),
    signature: request.headers.get("x-signature"),
    supabaseUrl: Deno.env.get("SUPABASE_URL"),
    hasServiceKey: (Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") ?? "").length > 0,
    fromDotEnv: Deno.env.get("FROM_DOTENV"),
    anthropicModel: Deno.env.get("ANTHROPIC_MODEL"),
    leakedVariable: Deno.env.get("STACK_TEST_NOT_FOR_FUNCTIONS") ?? null,
  }, { status: url.pathname.endsWith("/teapot") ? 418 : 200 });
});
`;

let host: FunctionHost;
let gateway: Gateway;

beforeAll(async () => {
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"));
  copyFileSync(path.join(REPO_ROOT, "deno.json"), path.join(project, "deno.json"));
  for (const name of ["echo", "broken", "_shared", "no-entry"]) mkdirSync(path.join(functionsDir, name), { recursive: true });
  writeFileSync(path.join(functionsDir, "echo", "index.ts"), ECHO_FUNCTION);
  writeFileSync(path.join(functionsDir, "broken", "index.ts"), `throw new Error("misconfigured on purpose");\n`);
  writeFileSync(path.join(functionsDir, "_shared", "index.ts"), ECHO_FUNCTION);
  writeFileSync(path.join(functionsDir, ".env"), "# local secrets\nFROM_DOTENV=\"from the .env file\"\n");

  // One variable the host passes through, one it must not: functions see only what Supabase gives them.
  process.env.ANTHROPIC_MODEL = "model-from-the-stack-environment";
  process.env.STACK_TEST_NOT_FOR_FUNCTIONS = "secret of the host process";
  const port = await choosePort(undefined);
  const url = `http://127.0.0.1:${port}`;
  host = await startFunctionHost({
    repoRoot: project,
    env: { SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: "service-key", SUPABASE_ANON_KEY: "anon-key", SUPABASE_DB_URL: "unused" },
    log: silentLog,
  });
  gateway = await startGateway({
    port,
    jwtSecret: "a-secret-of-at-least-thirty-two-characters",
    // Nothing listens on port 1: the proxy never needs the database, and RPCs must fail cleanly.
    databaseUrl: "postgresql://authenticator:unused@127.0.0.1:1/postgres",
    functions: host.targets,
    log: silentLog,
  });
});

afterAll(async () => {
  delete process.env.ANTHROPIC_MODEL;
  delete process.env.STACK_TEST_NOT_FOR_FUNCTIONS;
  await gateway?.stop();
  await host?.stop();
  rmSync(project, { recursive: true, force: true });
});

describe("the function host", () => {
  it("serves only folders that start with a letter and have an index.ts", () => {
    expect([...host.targets.keys()].sort()).toEqual(["broken", "echo"]);
  });

  it("passes method, body and headers through, and the function sees /<name>/… without /functions/v1", async () => {
    const response = await fetch(`${gateway.url}/functions/v1/echo/outbox/claim?limit=5`, {
      method: "POST",
      headers: { "x-signature": "sha256=abc", "content-type": "application/json" },
      body: '{"limit":5}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      path: "/echo/outbox/claim?limit=5",
      method: "POST",
      body: '{"limit":5}',
      signature: "sha256=abc",
    });
  });

  it("gives the function SUPABASE_URL, the keys, the Anthropic settings and supabase/functions/.env, and nothing else of the host's environment", async () => {
    const body = (await (await fetch(`${gateway.url}/functions/v1/echo`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      supabaseUrl: gateway.url,
      hasServiceKey: true,
      fromDotEnv: "from the .env file",
      anthropicModel: "model-from-the-stack-environment",
      leakedVariable: null,
    });
  });

  it("returns the function's own status code", async () => {
    expect((await fetch(`${gateway.url}/functions/v1/echo/teapot`)).status).toBe(418);
  });

  it("answers 503 BOOT_ERROR for a function that failed to load, and the others keep working", async () => {
    const response = await fetch(`${gateway.url}/functions/v1/broken`, { method: "POST", body: "{}" });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: "BOOT_ERROR" });
  });

  it("answers 404 NOT_FOUND for a name that is no function", async () => {
    const response = await fetch(`${gateway.url}/functions/v1/_shared`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps serving functions while the database is unreachable, where RPCs answer 503 PGRST001", async () => {
    const rpc = await fetch(`${gateway.url}/rest/v1/rpc/anything`, { method: "POST", body: "{}" });
    expect(rpc.status).toBe(503);
    expect(await rpc.json()).toMatchObject({ code: "PGRST001" });
    expect((await fetch(`${gateway.url}/functions/v1/echo`)).status).toBe(200);
  });

  it("restart() serves the function's new code on the same URL, and a fixed function boots", async () => {
    writeFileSync(path.join(functionsDir, "echo", "index.ts"), `Deno.serve(() => Response.json({ version: 2 }));\n`);
    writeFileSync(path.join(functionsDir, "broken", "index.ts"), `Deno.serve(() => new Response("fixed"));\n`);
    await host.restart();
    expect(await (await fetch(`${gateway.url}/functions/v1/echo`)).json()).toEqual({ version: 2 });
    expect(await (await fetch(`${gateway.url}/functions/v1/broken`)).text()).toBe("fixed");
  });

  it("leaves no Deno process behind once stopped", async () => {
    const pids = host.pids();
    expect(pids).toHaveLength(2);
    await host.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
