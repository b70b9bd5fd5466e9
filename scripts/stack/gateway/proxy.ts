/**
 * `/functions/v1/<name>[/…]` → the function's own loopback server, as Supabase's platform does it:
 * the `/functions/v1` prefix is stripped and the function sees `/<name>/…` (Supabase's routing guide
 * has a function named hello-world route `/hello-world`). Method, headers and body pass through;
 * the answer is streamed back. Keep-alive connections keep the added latency small.
 */
import http from "node:http";
import { GatewayError, payloadTooLarge } from "./errors.ts";

export const FUNCTIONS_PREFIX = "/functions/v1/";
/** Supabase's platform caps request bodies for Edge Functions; the function enforces its own, smaller limits. */
export const FUNCTION_BODY_LIMIT_BYTES = 20 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
]);

/** Connections kept open per function host; more parallel requests than this wait for a free one. */
const MAX_SOCKETS_PER_FUNCTION = 64;

export const createProxyAgent = (): http.Agent => new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_FUNCTION });

/** A function's process either listens on a loopback origin (http://127.0.0.1:43001) or failed to boot. */
export type FunctionTarget = { kind: "listening"; origin: string } | { kind: "boot_error"; reason: string };

/** Supabase's runtime answer when a function cannot start or its process is gone. */
export const bootError = (): GatewayError =>
  new GatewayError(503, { code: "BOOT_ERROR", message: "Function failed to start (please check logs)", details: null, hint: null });

/**
 * A percent-encoded path segment, decoded. One that is not valid percent-encoding (`%`, `%zz`) is
 * returned as typed: it names no function, so the lookup misses and the caller answers 404, never
 * a 500 from the decoder.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits `/functions/v1/name/rest?q` into the function name and the path it sees. */
export function functionRoute(url: string): { name: string; path: string } | null {
  if (!url.startsWith(FUNCTIONS_PREFIX)) return null;
  const path = `/${url.slice(FUNCTIONS_PREFIX.length)}`;
  const name = /^\/([^/?#]+)/.exec(path)?.[1];
  return name ? { name: decodeSegment(name), path } : null;
}

/** The end-to-end headers of a request or an answer: hop-by-hop ones belong to one connection. */
function endToEndHeaders(incoming: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  return headers;
}

export function proxyToFunction(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  target: { origin: string },
  path: string,
  agent: http.Agent,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > FUNCTION_BODY_LIMIT_BYTES) {
      reject(payloadTooLarge(FUNCTION_BODY_LIMIT_BYTES));
      return;
    }
    const url = new URL(path, target.origin);
    const upstream = http.request(url, { method: request.method, headers: endToEndHeaders(request.headers), agent }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, endToEndHeaders(answer.headers));
      answer.pipe(response);
      answer.on("end", () => resolve());
      answer.on("error", reject);
    });
    upstream.on("error", () => {
      reject(
        response.headersSent
          ? new Error("the function's connection failed mid-answer")
          : bootError(),
      );
    });
    // A caller that goes away mid-upload or mid-answer must not keep the upstream connection: the
    // agent would hold that socket for a body that never ends, and after MAX_SOCKETS_PER_FUNCTION
    // such callers every request would queue for ever behind them.
    const abandon = (): void => {
      if (!response.writableFinished) upstream.destroy();
    };
    request.once("aborted", abandon);
    response.once("close", abandon);
    // The function may answer before it has read the whole body (it refuses one over its limit by
    // the declared length). The rest of the body is then for nobody: stop forwarding it and read it
    // away, as Node does for a body no handler reads, so the caller's upload completes and its
    // keep-alive connection can carry the next request (a paused body stalls it for good).
    response.once("finish", () => {
      if (request.readableEnded) return;
      request.unpipe(upstream);
      upstream.destroy();
      request.removeAllListeners("data");
      request.resume();
    });
    let received = 0;
    request.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > FUNCTION_BODY_LIMIT_BYTES) {
        request.unpipe(upstream);
        upstream.destroy();
        // Drain the rest unread so the 413 can still be sent on this connection.
        request.removeAllListeners("data");
        request.resume();
        reject(payloadTooLarge(FUNCTION_BODY_LIMIT_BYTES));
      }
    });
    request.pipe(upstream);
  });
}
