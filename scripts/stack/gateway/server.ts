/**
 * The stack's HTTP gateway: one base URL, like a Supabase project's. `/rest/v1/rpc/<fn>` speaks
 * PostgREST's RPC dialect (rpc.ts), `/functions/v1/<name>` is proxied to the Deno function host
 * (proxy.ts), `/health` reports whether the database answers. CORS preflights are answered here.
 */
import http from "node:http";
import pg from "pg";
import type { StackLog } from "../log.ts";
import { createAuthenticator } from "./auth.ts";
import { GatewayError, gatewayError, payloadTooLarge, type ErrorBody } from "./errors.ts";
import { callRpc, createRoutineCache } from "./rpc.ts";
import { bootError, createProxyAgent, decodeSegment, functionRoute, proxyToFunction, type FunctionTarget } from "./proxy.ts";
import { assertNever } from "../../../shared/assert-never.ts";

const REST_RPC_PREFIX = "/rest/v1/rpc/";
/**
 * Not PostgREST's: the RPCs this gateway has served, by function name (calls and milliseconds),
 * since it started. Benchmarks read it before and after a turn to count its round trips.
 */
export const RPC_CALLS_PATH = "/stack/rpc-calls";
/** PostgREST itself has no body limit; the gateway in front of it does. JSON for an RPC is small. */
export const REST_BODY_LIMIT_BYTES = 1024 * 1024;
/** Connections from the gateway to Postgres, reused across requests. */
const POOL_SIZE = 20;
/**
 * An idle pooled connection is closed after this long (pg's default is 10 s). A fresh backend pays
 * for its first calls of each PL/pgSQL function (compiling it, planning its statements, filling its
 * catalog caches: about 50 ms for begin_turn here), so under bursty load closing connections after
 * 10 s of quiet showed up as slow turns. PostgREST keeps its idle connections too.
 */
const POOL_IDLE_MS = 5 * 60_000;
const READY_DEADLINE_MS = 10_000;
/** Idle keep-alive connections stay open this long (Node's default is 5 s), so callers rarely reconnect. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const READY_POLL_MS = 50;
/** Base for parsing request targets, which are paths (origin-form) in every request we serve. */
const GATEWAY_BASE = "http://gateway.invalid";

const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "Content-Encoding, Content-Location, Content-Range, Content-Type, Date, Location, Server, Transfer-Encoding, Range-Unit",
};
const PREFLIGHT_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE, OPTIONS, HEAD",
  "access-control-allow-headers": "authorization, x-client-info, apikey, content-type, prefer, accept, accept-profile, content-profile, range, x-upsert",
  "access-control-max-age": "86400",
};

export interface GatewayOptions {
  port: number;
  jwtSecret: string;
  /** A URL for the `authenticator` login role. */
  databaseUrl: string;
  functions: ReadonlyMap<string, FunctionTarget>;
  log: StackLog;
}

export interface Gateway {
  url: string;
  /** Resolves once /health answers 200 (the database is reachable through the pool). */
  waitUntilReady(): Promise<void>;
  stop(): Promise<void>;
}

function sendJson(response: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...CORS_HEADERS, "content-type": "application/json; charset=utf-8", ...headers });
  response.end(body);
}

function sendError(response: http.ServerResponse, error: GatewayError): void {
  sendJson(response, error.status, JSON.stringify(error.body satisfies ErrorBody), error.headers);
}

function readBody(request: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Drain the rest unread so the 413 can still be sent on this connection.
        request.removeAllListeners("data");
        request.resume();
        reject(payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Header values as PostgREST puts them in request.headers: lower-case names, one string each. */
function flatHeaders(request: http.IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/** Errors from the pg driver's socket (ECONNREFUSED, ECONNRESET, "Connection terminated …"), not from SQL. */
function isConnectionFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (typeof code === "string" && code.startsWith("E")) || /connection terminated|connection ended/i.test(error.message);
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw gatewayError(400, "PGRST102", "Empty or invalid json", { details: (error as Error).message });
  }
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: POOL_SIZE,
    idleTimeoutMillis: POOL_IDLE_MS,
    application_name: "stack-gateway",
  });
  const routines = createRoutineCache();
  // An idle connection dropped by the server must not crash the stack; the next request reconnects.
  pool.on("error", (error) => options.log(`gateway: idle database connection failed: ${error.message}`));
  const authenticate = createAuthenticator(options.jwtSecret);
  const agent = createProxyAgent();
  const rpcCalls = new Map<string, { calls: number; ms: number }>();

  async function handleRpc(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? "GET";
    if (method !== "POST" && method !== "GET" && method !== "HEAD") {
      throw gatewayError(405, "PGRST101", "Only GET and POST verbs are allowed");
    }
    const functionName = decodeSegment(url.pathname.slice(REST_RPC_PREFIX.length));
    const startedMs = performance.now();
    response.once("finish", () => {
      // Names that are no function (404) are not counted, so made-up paths cannot grow the map.
      if (response.statusCode === 404) return;
      const counted = rpcCalls.get(functionName) ?? { calls: 0, ms: 0 };
      counted.calls += 1;
      counted.ms += performance.now() - startedMs;
      rpcCalls.set(functionName, counted);
    });
    const caller = await authenticate(request.headers);
    const body = method === "POST" ? await readBody(request, REST_BODY_LIMIT_BYTES) : undefined;
    const args = body === undefined ? Object.fromEntries(url.searchParams) : parseJsonBody(body);
    const result = await callRpc(pool, routines, {
      functionName,
      args,
      // The body as sent is already JSON (PostgREST hands it to Postgres as it came); an empty one means {}.
      argsJson: body === undefined || body.trim() === "" ? undefined : body,
      forceReadOnly: method !== "POST",
      caller,
      method,
      path: `/rpc/${functionName}`,
      headers: flatHeaders(request),
    });
    switch (result.kind) {
      case "no_content":
        response.writeHead(204, CORS_HEADERS);
        response.end();
        return;
      case "json": {
        const range: Record<string, string> = result.rangeCount === null
          ? {}
          : { "content-range": result.rangeCount === 0 ? "*/*" : `0-${result.rangeCount - 1}/*` };
        if (method === "HEAD") {
          response.writeHead(200, { ...CORS_HEADERS, "content-type": "application/json; charset=utf-8", ...range });
          response.end();
          return;
        }
        sendJson(response, 200, result.body, range);
        return;
      }
      default:
        assertNever(result);
    }
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = URL.canParse(request.url ?? "/", GATEWAY_BASE) ? new URL(request.url ?? "/", GATEWAY_BASE) : null;
    if (url === null) {
      sendJson(response, 400, JSON.stringify({ message: "malformed request target" }));
      return;
    }
    const route = functionRoute(request.url ?? "/");
    if (route) {
      const target = options.functions.get(route.name);
      if (!target) {
        sendJson(response, 404, JSON.stringify({ code: "NOT_FOUND", message: "Requested function was not found" }));
        return;
      }
      switch (target.kind) {
        case "listening":
          await proxyToFunction(request, response, target, route.path, agent);
          return;
        case "boot_error":
          throw bootError();
        default:
          return assertNever(target);
      }
    }
    if (url.pathname.startsWith("/rest/v1/")) {
      if (request.method === "OPTIONS") {
        response.writeHead(200, PREFLIGHT_HEADERS);
        response.end();
        return;
      }
      if (url.pathname.startsWith(REST_RPC_PREFIX) && url.pathname.length > REST_RPC_PREFIX.length) {
        await handleRpc(request, response, url);
        return;
      }
      throw gatewayError(404, "PGRST125", "Invalid path specified in request URL", {
        hint: "The local stack's gateway serves only /rest/v1/rpc/<function>",
      });
    }
    if (url.pathname === RPC_CALLS_PATH) {
      sendJson(response, 200, JSON.stringify(Object.fromEntries(rpcCalls)));
      return;
    }
    if (url.pathname === "/health") {
      await pool.query("select 1");
      sendJson(response, 200, JSON.stringify({ ok: true }));
      return;
    }
    sendJson(response, 404, JSON.stringify({ message: "no route matched" }));
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof GatewayError) {
        sendError(response, error);
        return;
      }
      if (isConnectionFailure(error)) {
        options.log(`gateway: ${request.method} ${request.url}: database unreachable: ${error.message}`);
        sendError(response, gatewayError(503, "PGRST001", "Database client error. Retrying the connection.", {
          details: error.message,
        }));
        return;
      }
      // Anything else is a bug in the gateway itself: say so, with the stack in the log only.
      options.log(`gateway: ${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(response, gatewayError(500, "PGRST000", "The local gateway failed; see the stack's log"));
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${options.port}`;

  return {
    url,
    async waitUntilReady() {
      const deadline = Date.now() + READY_DEADLINE_MS;
      let last = "no answer";
      while (Date.now() < deadline) {
        try {
          const answer = await fetch(`${url}/health`);
          if (answer.ok) return;
          last = `status ${answer.status}: ${await answer.text()}`;
        } catch (error) {
          last = (error as Error).message;
        }
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
      throw new Error(`the gateway did not become ready within ${READY_DEADLINE_MS} ms (${last})`);
    },
    async stop() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
