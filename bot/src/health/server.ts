/**
 * The operator HTTP server:
 * - `GET /health` (page) and `GET /health.json` (monitor);
 * - `GET /health/new-qr` asks to confirm, `POST /health/new-qr` (`confirm=yes`) starts a fresh
 *   pairing: only while waiting for a scan or logged out;
 * - `GET /health/unlink` asks for the typed number, `POST /health/unlink` (`confirm=<digits>`) logs
 *   the number out: only while linked;
 * - `POST /health/dead-letters/retry` (`seq=<n>` or `seq=all`) relays dead letters again, in order.
 * Every request must name an allowed host (host-check.ts); the QR, the lists that name patients'
 * chats and every action need HEALTH_TOKEN when one is set; a POST from another site is refused.
 * A health port still taken after PORT_RETRY_WINDOW_MS is a configuration error (main.ts: 78).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import QRCode from "qrcode";
import { backoffDelay, type BackoffPolicy } from "../shared/backoff.ts";
import type { Clock } from "../shared/clock.ts";
import { BotError, describeError } from "../shared/errors.ts";
import { isAllowedHost } from "./host-check.ts";
import { renderConfirmNewPairing, renderConfirmUnlink, renderHealthPage, tokenQuery, unlinkPhrase } from "./page.ts";
import type { BotStatus } from "./status.ts";
import { isAuthorised, presentedToken } from "./token.ts";
import { healthJson, healthPageModel, operatorActions } from "./view-model.ts";

/** Pixels per QR module in the PNG: big enough for a phone camera at arm's length. */
const QR_SCALE = 6;
/** Forms carry a few short fields; anything longer is not ours. */
const MAX_FORM_BYTES = 4_096;
/**
 * A busy health port is retried for this long (a previous bot may still be letting go of it),
 * 250 ms doubling to 2 s, ±20 %, before the bot gives up with a configuration error.
 */
export const PORT_RETRY_WINDOW_MS = 5_000;
export const PORT_RETRY_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 2_000, factor: 2, jitter: 0.2 };
const HTTP_SEE_OTHER = 303;
const HTTP_BAD_REQUEST = 400;
const HTTP_UNAUTHORIZED = 401;
const HTTP_FORBIDDEN = 403;
const HTTP_NOT_FOUND = 404;
const HTTP_METHOD_NOT_ALLOWED = 405;
const HTTP_CONFLICT = 409;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const HTTP_SERVER_ERROR = 500;
const HTML = "text/html; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

export interface HealthServerDeps {
  status: BotStatus;
  clock: Clock;
  random: () => number;
  logger: Logger;
  token: string | undefined;
  /** HEALTH_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
  /** The start of a new pairing; false when refused (not waiting for a scan or logged out, or stopping). */
  requestNewPairing(): Promise<boolean>;
  /** Logs the linked number out; false when refused (not linked, or stopping). */
  unlink(): Promise<boolean>;
  /** Relays dead letters again (all, or these sequence numbers), oldest first; how many. */
  retryDeadLetters(selection: "all" | readonly number[]): Promise<number>;
}

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * No framing (a page elsewhere cannot overlay the buttons), and the URL (which may carry the token)
 * is never sent to another site as a Referer. Not `no-referrer`: browsers then send `Origin: null`
 * with the page's own forms, which sameOrigin() must refuse.
 */
const SECURITY_HEADERS = { "x-frame-options": "DENY", "referrer-policy": "same-origin" };

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store", ...SECURITY_HEADERS });
  response.end(body);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(HTTP_SEE_OTHER, { location, "cache-control": "no-store" });
  response.end();
}

/**
 * Browsers send Origin with a form POST. Without HEALTH_TOKEN, any web page the operator visits
 * could otherwise post to 127.0.0.1 and wipe an unlinked session; its Origin gives it away. Ours:
 * the host the request names, or a reverse proxy's name from HEALTH_ALLOWED_HOSTS (a proxy may pass
 * its upstream address as Host, as nginx does by default).
 */
function sameOrigin(request: IncomingMessage, allowedHosts: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.host === request.headers.host || allowedHosts.includes(url.hostname.toLowerCase());
  } catch {
    // "null" (sandboxed frames, file: pages) or garbage: not this page.
    return false;
  }
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new HttpRefusal(HTTP_PAYLOAD_TOO_LARGE, "form too large");
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** `seq=all` or one or more `seq=<n>`. */
function retrySelection(form: URLSearchParams): "all" | number[] {
  const values = form.getAll("seq");
  if (values.includes("all")) return "all";
  const seqs = values.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (seqs.length === 0) throw new HttpRefusal(HTTP_BAD_REQUEST, "name a dead letter (seq=<n>) or seq=all");
  return seqs;
}

export function createHealthHandler(deps: HealthServerDeps, bindHost: string, port: () => number): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  // Rendering a PNG per page view is wasteful; the QR string changes only every ~20 s.
  let qrCache: { qr: string; dataUrl: string } | undefined;
  async function qrDataUrl(qr: string | null): Promise<string | null> {
    if (qr === null) return null;
    if (qrCache?.qr !== qr) qrCache = { qr, dataUrl: await QRCode.toDataURL(qr, { scale: QR_SCALE }) };
    return qrCache.dataUrl;
  }

  return async (request, response) => {
    if (!isAllowedHost(request.headers.host, deps.allowedHosts, bindHost)) {
      return send(response, HTTP_FORBIDDEN, TEXT, `host ${request.headers.host ?? "(none)"} is not allowed: use 127.0.0.1, or add this name to HEALTH_ALLOWED_HOSTS`);
    }
    const url = new URL(request.url ?? "/", "http://health.local");
    const token = presentedToken(request, url);
    const authorised = isAuthorised(deps.token, token);
    // Links and forms keep the token the viewer came with, so the next page is authorised too.
    const shownToken = authorised && deps.token !== undefined ? token : null;
    const back = `/health${tokenQuery(shownToken)}`;
    const method = request.method ?? "GET";
    const isRead = method === "GET" || method === "HEAD";

    /** Guards every action: authorised, not cross-site, and allowed in the current state. */
    function guardPost(allowed: boolean, refusal: string): void {
      if (method !== "POST") throw new HttpRefusal(HTTP_METHOD_NOT_ALLOWED, "method not allowed");
      if (!authorised) throw new HttpRefusal(HTTP_UNAUTHORIZED, "a valid HEALTH_TOKEN is required");
      if (!sameOrigin(request, deps.allowedHosts)) throw new HttpRefusal(HTTP_FORBIDDEN, "cross-site requests are refused");
      if (!allowed) throw new HttpRefusal(HTTP_CONFLICT, refusal);
    }

    try {
      const snapshot = deps.status.snapshot();
      const actions = operatorActions(snapshot.state, authorised, snapshot.queue.deadCount);
      switch (url.pathname) {
        case "/health.json": {
          if (!isRead) throw new HttpRefusal(HTTP_METHOD_NOT_ALLOWED, "method not allowed");
          const { status, body } = healthJson(snapshot, deps.clock.now());
          return send(response, status, "application/json", JSON.stringify(body));
        }
        case "/":
        case "/health":
        case "/health/": {
          if (!isRead) throw new HttpRefusal(HTTP_METHOD_NOT_ALLOWED, "method not allowed");
          const dataUrl = authorised ? await qrDataUrl(snapshot.qr) : null;
          const model = healthPageModel(snapshot, deps.clock.now(), { authorised }, dataUrl);
          return send(response, model.status, HTML, renderHealthPage(model, shownToken, port()));
        }
        case "/health/new-qr": {
          const refusal = `a new pairing is only offered while waiting for a scan or logged out (now: ${snapshot.state})`;
          if (isRead) {
            if (!authorised) throw new HttpRefusal(HTTP_UNAUTHORIZED, "a valid HEALTH_TOKEN is required");
            if (!actions.newPairing) throw new HttpRefusal(HTTP_CONFLICT, refusal);
            return send(response, 200, HTML, renderConfirmNewPairing(snapshot.state, shownToken));
          }
          guardPost(actions.newPairing, refusal);
          const form = await readForm(request);
          if (form.get("confirm") !== "yes") throw new HttpRefusal(HTTP_BAD_REQUEST, "not confirmed: use the confirmation page, /health/new-qr");
          if (!(await deps.requestNewPairing())) throw new HttpRefusal(HTTP_CONFLICT, refusal);
          deps.logger.info("new pairing started from /health");
          return redirect(response, back);
        }
        case "/health/unlink": {
          const refusal = `only a linked number can be unlinked (now: ${snapshot.state})`;
          if (isRead) {
            if (!authorised) throw new HttpRefusal(HTTP_UNAUTHORIZED, "a valid HEALTH_TOKEN is required");
            if (!actions.unlink) throw new HttpRefusal(HTTP_CONFLICT, refusal);
            return send(response, 200, HTML, renderConfirmUnlink(snapshot.me, shownToken, false));
          }
          guardPost(actions.unlink, refusal);
          const typed = (await readForm(request)).get("confirm") ?? "";
          const expected = unlinkPhrase(snapshot.me);
          const matches = expected === "unlink" ? typed.trim().toLowerCase() === expected : typed.replace(/\D/g, "") === expected;
          if (!matches) return send(response, HTTP_BAD_REQUEST, HTML, renderConfirmUnlink(snapshot.me, shownToken, true));
          if (!(await deps.unlink())) throw new HttpRefusal(HTTP_CONFLICT, refusal);
          return redirect(response, back);
        }
        case "/health/dead-letters/retry": {
          guardPost(actions.retryDeadLetters, "there are no dead letters to retry");
          const count = await deps.retryDeadLetters(retrySelection(await readForm(request)));
          deps.logger.info({ count }, "dead letters put back in the queue from /health");
          return redirect(response, back);
        }
        default:
          throw new HttpRefusal(HTTP_NOT_FOUND, "not found");
      }
    } catch (error) {
      if (!(error instanceof HttpRefusal)) throw error;
      return send(response, error.status, TEXT, error.message);
    }
  };
}

/** Listens once; a busy port is reported as such, anything else as it is. */
function listen(server: Server, host: string, port: number): Promise<"listening" | "in_use"> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      server.off("listening", listening);
      if (error.code === "EADDRINUSE") resolve("in_use");
      else reject(error);
    };
    const listening = (): void => {
      server.off("error", failed);
      resolve("listening");
    };
    server.once("error", failed);
    server.once("listening", listening);
    server.listen(port, host);
  });
}

export async function startHealthServer(deps: HealthServerDeps, host: string, port: number): Promise<HealthServer> {
  let boundPort = port;
  const handle = createHealthHandler(deps, host, () => boundPort);
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      deps.logger.error({ err: describeError(error), path: request.url }, "health request failed");
      if (!response.headersSent) send(response, HTTP_SERVER_ERROR, TEXT, "internal error");
      else response.end();
    });
  });
  const deadline = deps.clock.now() + PORT_RETRY_WINDOW_MS;
  for (let retry = 0; ; retry += 1) {
    if ((await listen(server, host, port)) === "listening") break;
    if (deps.clock.now() >= deadline) {
      // A busy port is an operator's mistake (a second bot or `npm start`), not a crash: say it plainly.
      throw new BotError(
        "port_in_use",
        `HEALTH_PORT ${port} on ${host} is still in use after ${PORT_RETRY_WINDOW_MS / 1_000} s (another bot or program?); stop it or set another HEALTH_PORT`,
      );
    }
    const delayMs = backoffDelay(PORT_RETRY_BACKOFF, retry, deps.random);
    deps.logger.warn({ port, host, delayMs }, "health port in use; trying again");
    await deps.clock.sleep(delayMs);
  }
  const address = server.address() as AddressInfo;
  boundPort = address.port;
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
