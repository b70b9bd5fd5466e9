/**
 * The operator HTTP server: `GET /health` (page), `GET /health.json` (monitor), and
 * `POST /health/new-qr` (start a fresh pairing). The QR and the button need HEALTH_TOKEN when set.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import QRCode from "qrcode";
import type { Clock } from "../shared/clock.ts";
import { BotError, describeError } from "../shared/errors.ts";
import { renderHealthPage } from "./page.ts";
import type { BotStatus } from "./status.ts";
import { isAuthorised, presentedToken } from "./token.ts";
import { healthJson, healthPageModel } from "./view-model.ts";

/** Pixels per QR module in the PNG: big enough for a phone camera at arm's length. */
const QR_SCALE = 6;
const HTTP_SEE_OTHER = 303;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const HTTP_METHOD_NOT_ALLOWED = 405;
const HTTP_CONFLICT = 409;
const HTTP_SERVER_ERROR = 500;

export interface HealthServerDeps {
  status: BotStatus;
  clock: Clock;
  logger: Logger;
  token: string | undefined;
  /** The "new QR code" button; false when refused (already linked or shutting down). */
  requestNewPairing(): Promise<boolean>;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  response.end(body);
}

/**
 * Browsers send Origin with a form POST. Without HEALTH_TOKEN, any web page the operator visits
 * could otherwise post to 127.0.0.1 and wipe an unlinked session; its Origin gives it away.
 */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    // "null" (sandboxed frames, file: pages) or garbage: not this page.
    return false;
  }
}

export function createHealthHandler(deps: HealthServerDeps): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  // Rendering a PNG per page view is wasteful; the QR string changes only every ~20 s.
  let qrCache: { qr: string; dataUrl: string } | undefined;
  async function qrDataUrl(qr: string | null): Promise<string | null> {
    if (qr === null) return null;
    if (qrCache?.qr !== qr) qrCache = { qr, dataUrl: await QRCode.toDataURL(qr, { scale: QR_SCALE }) };
    return qrCache.dataUrl;
  }

  return async (request, response) => {
    const url = new URL(request.url ?? "/", "http://health.local");
    const token = presentedToken(request, url);
    const authorised = isAuthorised(deps.token, token);
    if (url.pathname === "/health.json") {
      if (request.method !== "GET" && request.method !== "HEAD") return send(response, HTTP_METHOD_NOT_ALLOWED, "text/plain", "method not allowed");
      const { status, body } = healthJson(deps.status.snapshot(), deps.clock.now());
      return send(response, status, "application/json", JSON.stringify(body));
    }
    if (url.pathname === "/health" || url.pathname === "/health/" || url.pathname === "/") {
      if (request.method !== "GET" && request.method !== "HEAD") return send(response, HTTP_METHOD_NOT_ALLOWED, "text/plain", "method not allowed");
      const snapshot = deps.status.snapshot();
      const dataUrl = authorised ? await qrDataUrl(snapshot.qr) : null;
      const model = healthPageModel(snapshot, deps.clock.now(), { authorised }, dataUrl);
      return send(response, model.status, "text/html; charset=utf-8", renderHealthPage(model, authorised && deps.token !== undefined ? token : null));
    }
    if (url.pathname === "/health/new-qr") {
      if (request.method !== "POST") return send(response, HTTP_METHOD_NOT_ALLOWED, "text/plain", "method not allowed");
      if (!authorised) return send(response, HTTP_UNAUTHORIZED, "text/plain", "a valid HEALTH_TOKEN is required");
      if (!sameOrigin(request)) return send(response, HTTP_FORBIDDEN, "text/plain", "cross-site requests are refused");
      request.resume();
      const started = await deps.requestNewPairing();
      if (!started) return send(response, HTTP_CONFLICT, "text/plain", "refused: WhatsApp is linked (log out on the phone first) or the bot is stopping");
      const back = `/health${deps.token !== undefined && token !== null ? `?token=${encodeURIComponent(token)}` : ""}`;
      response.writeHead(HTTP_SEE_OTHER, { location: back });
      response.end();
      return;
    }
    send(response, HTTP_NOT_FOUND, "text/plain", "not found");
  };
}

export async function startHealthServer(deps: HealthServerDeps, host: string, port: number): Promise<HealthServer> {
  const handle = createHealthHandler(deps);
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      deps.logger.error({ err: describeError(error), path: request.url }, "health request failed");
      if (!response.headersSent) send(response, HTTP_SERVER_ERROR, "text/plain", "internal error");
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      // A busy port is an operator's mistake (a second bot or `npm start`), not a crash: say it plainly.
      if (error.code === "EADDRINUSE") {
        reject(new BotError("port_in_use", `HEALTH_PORT ${port} on ${host} is already in use (another bot running?); stop it or set another HEALTH_PORT`, { cause: error }));
      } else reject(error);
    };
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/health`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
