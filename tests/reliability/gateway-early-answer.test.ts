/**
 * Found by the reliability run (hostile requests, issue 10 §3): when a function answers before it
 * has read a request's whole body (the webhook refuses a body over 64 KiB by its declared length,
 * with 413), the gateway kept forwarding the rest of the body to a function that no longer read it.
 * The caller's upload stalled on its keep-alive connection, and its next request on that
 * connection was not answered until something timed out: a bot reuses its connections, so its
 * later messages would have waited too. Through the stack it showed as a few requests in a few
 * hundred timing out while large bodies were refused; here a function that answers at once and
 * stops reading makes it happen every time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type Gateway } from "../../scripts/stack/gateway/server.ts";
import { choosePort } from "../../scripts/stack/ports.ts";

/** Larger than what the loopback socket buffers hold, so an unread rest really stalls the upload. */
const BODY_BYTES = 16 * 1024 * 1024;
const ANSWER_DEADLINE_MS = 10_000;
const FUNCTION_KEEP_ALIVE_MS = 60_000;

let gateway: Gateway;
let hastyFunction: http.Server;

beforeAll(async () => {
  // Answers at once from the headers: 413 for a large body, which it never reads (401 otherwise).
  hastyFunction = http.createServer((request, response) => {
    const tooLarge = Number(request.headers["content-length"] ?? 0) > 65_536;
    response.writeHead(tooLarge ? 413 : 401, { "content-type": "application/json" });
    response.end(JSON.stringify({ success: false }));
    // Node would read an unread body away by itself; this function, like Deno's server under the
    // webhook, stops reading the connection instead.
    if (tooLarge) request.socket.pause();
    else request.resume();
  });
  // Nothing on the function's side ends the stalled connection within the test's deadline.
  hastyFunction.keepAliveTimeout = FUNCTION_KEEP_ALIVE_MS;
  await new Promise<void>((resolve) => hastyFunction.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(hastyFunction.address() as AddressInfo).port}`;
  gateway = await startGateway({
    port: await choosePort(undefined),
    jwtSecret: "a-secret-the-gateway-never-uses-in-this-test",
    // No RPC is called here: the pool never connects.
    databaseUrl: "postgresql://authenticator:unused@127.0.0.1:9/postgres",
    functions: new Map([["hasty", { kind: "listening", origin }]]),
    log: () => {},
  });
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise<void>((resolve) => hastyFunction?.close(() => resolve()));
});

/** The status, once the answer has arrived and the whole body has gone out (the upload did not stall). */
function post(agent: http.Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let status: number | null = null;
    let uploaded = false;
    const settle = (): void => {
      if (status !== null && uploaded) resolve(status);
    };
    const request = http.request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (response) => {
      response.resume();
      response.on("end", () => {
        status = response.statusCode ?? 0;
        settle();
      });
    });
    const timer = setTimeout(() => request.destroy(new Error(`not done within ${ANSWER_DEADLINE_MS} ms (answered: ${status ?? "no"}, body sent: ${uploaded})`)), ANSWER_DEADLINE_MS);
    request.on("finish", () => {
      uploaded = true;
      settle();
    });
    request.on("close", () => clearTimeout(timer));
    request.on("error", reject);
    request.end(body);
  });
}

describe("the gateway in front of a function that answers before reading the body", () => {
  it("keeps the caller's connection usable for its next request", async () => {
    const url = `${gateway.url}/functions/v1/hasty`;
    // One connection, so the second request must travel on the first one's.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await post(agent, url, "x".repeat(BODY_BYTES))).toBe(413);
      expect(await post(agent, url, "{}")).toBe(401);
    } finally {
      agent.destroy();
    }
  });
});
