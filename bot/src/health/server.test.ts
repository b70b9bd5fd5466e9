import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { BotError } from "../shared/errors.ts";
import { startHealthServer, type HealthServer, type HealthServerDeps } from "./server.ts";
import { BotStatus } from "./status.ts";

const TOKEN = "s3cret-token-0123456789";
const clock = { now: () => Date.now(), sleep: async () => undefined };
let server: HealthServer | undefined;
let calls: { pairings: number; unlinks: number; retries: ("all" | readonly number[])[] };

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(options: { token?: string; allowedHosts?: string[]; status?: BotStatus; deps?: Partial<HealthServerDeps> } = {}) {
  calls = { pairings: 0, unlinks: 0, retries: [] };
  const status = options.status ?? new BotStatus(clock);
  server = await startHealthServer(
    {
      status,
      clock,
      random: () => 0.5,
      logger: pino({ level: "silent" }),
      token: options.token,
      allowedHosts: options.allowedHosts ?? [],
      requestNewPairing: async () => (calls.pairings += 1) > 0,
      unlink: async () => (calls.unlinks += 1) > 0,
      retryDeadLetters: async (selection) => {
        calls.retries.push(selection);
        return 1;
      },
      ...options.deps,
    },
    "127.0.0.1",
    0,
  );
  return { status, base: server.url.replace(/\/health$/, "") };
}

function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(form).toString() });
}

/** fetch() will not send a Host header of our choosing; node:http will. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("health server", () => {
  it("serves /health.json with 503 until open, then 200", async () => {
    const { status, base } = await serve();
    const before = await fetch(`${base}/health.json`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ ok: false, state: "connecting" });
    status.setConnection("open", { me: "+15550001111" });
    const after = await fetch(`${base}/health.json`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ ok: true, state: "open", me: "+15550001111" });
  });

  it("shows the QR as a PNG image while waiting for a scan", async () => {
    const { status, base } = await serve();
    status.setConnection("waiting_for_scan", { qr: "2@abc,def" });
    const page = await (await fetch(`${base}/health`)).text();
    expect(page).toMatch(/<img id="qr"[^>]+src="data:image\/png;base64,/);
  });

  it("hides the QR and the actions without the token, shows them with it", async () => {
    const { status, base } = await serve({ token: TOKEN });
    status.setConnection("waiting_for_scan", { qr: "2@abc,def" });
    const anonymous = await (await fetch(`${base}/health`)).text();
    expect(anonymous).not.toMatch(/data:image\/png/);
    expect(anonymous).not.toMatch(/id="new-qr"/);
    expect(anonymous).toMatch(/QR code is hidden/);
    const wrong = await (await fetch(`${base}/health?token=nope`)).text();
    expect(wrong).not.toMatch(/data:image\/png/);
    const withQuery = await (await fetch(`${base}/health?token=${TOKEN}`)).text();
    expect(withQuery).toMatch(/data:image\/png/);
    expect(withQuery).toContain(`href="/health/new-qr?token=${TOKEN}"`);
    const withBearer = await (await fetch(`${base}/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(withBearer).toMatch(/data:image\/png/);
  });

  it("says on the page how to reach it safely from another computer", async () => {
    const { base } = await serve();
    const page = await (await fetch(`${base}/health`)).text();
    expect(page).toMatch(/ssh -N -L \d+:127\.0\.0\.1:\d+/);
    expect(page).toContain("HEALTH_ALLOWED_HOSTS");
  });

  it("escapes everything it shows", async () => {
    const { status, base } = await serve();
    status.recordError("<script>alert(1)</script>");
    const page = await (await fetch(`${base}/health`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");
  });
});

describe("Host header check", () => {
  it("answers loopback names and refuses any other host, the monitor's JSON included", async () => {
    const { base } = await serve();
    for (const host of ["127.0.0.1:3000", "localhost", "[::1]:3000"]) expect(await getWithHost(`${base}/health`, host)).toBe(503);
    for (const host of ["evil.example", "evil.example:3000", "127.0.0.1.evil.example"]) {
      expect(await getWithHost(`${base}/health`, host)).toBe(403);
      expect(await getWithHost(`${base}/health.json`, host)).toBe(403);
    }
  });

  it("answers a reverse proxy's name listed in HEALTH_ALLOWED_HOSTS, on any port", async () => {
    const { base } = await serve({ token: TOKEN, allowedHosts: ["desk.clinic.example"] });
    expect(await getWithHost(`${base}/health.json`, "desk.clinic.example")).toBe(503);
    expect(await getWithHost(`${base}/health.json`, "DESK.clinic.example:443")).toBe(503);
    expect(await getWithHost(`${base}/health.json`, "other.clinic.example")).toBe(403);
  });
});

describe("a reverse proxy in front", () => {
  it("accepts the page's own form posted through a proxy that passes its upstream address as Host", async () => {
    const { status, base } = await serve({ token: TOKEN, allowedHosts: ["desk.clinic.example"] });
    status.setConnection("logged_out");
    // nginx's default: Host is the upstream (127.0.0.1:port), Origin the name the operator opened.
    expect((await post(`${base}/health/new-qr?token=${TOKEN}`, { confirm: "yes" }, { origin: "https://desk.clinic.example" })).status).toBe(303);
    expect((await post(`${base}/health/new-qr?token=${TOKEN}`, { confirm: "yes" }, { origin: "https://evil.example" })).status).toBe(403);
    expect(calls.pairings).toBe(1);
  });
});

describe("new pairing", () => {
  it.each(["waiting_for_scan", "logged_out"] as const)("in %s asks to confirm first, then starts one", async (state) => {
    const { status, base } = await serve({ token: TOKEN });
    status.setConnection(state, { qr: "2@qr" });
    const confirm = await fetch(`${base}/health/new-qr?token=${TOKEN}`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toMatch(/id="confirm-new-qr"/);
    expect(calls.pairings).toBe(0);
    const unconfirmed = await post(`${base}/health/new-qr?token=${TOKEN}`, {});
    expect(unconfirmed.status).toBe(400);
    expect(calls.pairings).toBe(0);
    const confirmed = await post(`${base}/health/new-qr?token=${TOKEN}`, { confirm: "yes" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`/health?token=${TOKEN}`);
    expect(calls.pairings).toBe(1);
  });

  it.each(["connecting", "open", "stopped"] as const)("is refused in %s, even confirmed", async (state) => {
    const { status, base } = await serve();
    status.setConnection(state, { me: "+15550001111" });
    expect((await fetch(`${base}/health/new-qr`)).status).toBe(409);
    expect((await post(`${base}/health/new-qr`, { confirm: "yes" })).status).toBe(409);
    expect(calls.pairings).toBe(0);
  });

  it("needs the token, and refuses a post from another site", async () => {
    const { status, base } = await serve({ token: TOKEN });
    status.setConnection("logged_out");
    expect((await post(`${base}/health/new-qr`, { confirm: "yes" })).status).toBe(401);
    expect((await post(`${base}/health/new-qr?token=${TOKEN}`, { confirm: "yes" }, { origin: "https://evil.example" })).status).toBe(403);
    expect(calls.pairings).toBe(0);
  });
});

describe("unlink", () => {
  it("asks for the linked number typed out, and unlinks only when it matches", async () => {
    const { status, base } = await serve({ token: TOKEN });
    status.setConnection("open", { me: "+15550001111" });
    const page = await (await fetch(`${base}/health?token=${TOKEN}`)).text();
    expect(page).toContain(`href="/health/unlink?token=${TOKEN}"`);
    const confirm = await (await fetch(`${base}/health/unlink?token=${TOKEN}`)).text();
    expect(confirm).toContain("<code>15550001111</code>");
    const mistyped = await post(`${base}/health/unlink?token=${TOKEN}`, { confirm: "1555000111" });
    expect(mistyped.status).toBe(400);
    expect(await mistyped.text()).toMatch(/id="mistyped"/);
    expect(calls.unlinks).toBe(0);
    const typed = await post(`${base}/health/unlink?token=${TOKEN}`, { confirm: "+1 555 000 1111" });
    expect(typed.status).toBe(303);
    expect(calls.unlinks).toBe(1);
  });

  it.each(["connecting", "waiting_for_scan", "logged_out", "stopped"] as const)("is refused in %s", async (state) => {
    const { status, base } = await serve();
    status.setConnection(state);
    expect((await fetch(`${base}/health/unlink`)).status).toBe(409);
    expect((await post(`${base}/health/unlink`, { confirm: "unlink" })).status).toBe(409);
    expect(calls.unlinks).toBe(0);
  });
});

describe("dead-letter retry", () => {
  it("retries one dead letter or all of them, with the token", async () => {
    const status = new BotStatus(clock);
    status.useQueueStats(() => ({ depth: 0, deadCount: 2, latestDeadLetters: [{ seq: 7, reason: "gave up", atMs: 0, chatJid: "1555@s.whatsapp.net", followUp: "" }], reportsPending: 0 }));
    const { base } = await serve({ token: TOKEN, status });
    expect((await post(`${base}/health/dead-letters/retry`, { seq: "7" })).status).toBe(401);
    expect((await post(`${base}/health/dead-letters/retry?token=${TOKEN}`, { seq: "7" })).status).toBe(303);
    expect((await post(`${base}/health/dead-letters/retry?token=${TOKEN}`, { seq: "all" })).status).toBe(303);
    expect((await post(`${base}/health/dead-letters/retry?token=${TOKEN}`, { seq: "x" })).status).toBe(400);
    expect(calls.retries).toEqual([[7], "all"]);
  });
});

describe("a busy health port", () => {
  it("is tried again for a few seconds, then refused as port_in_use", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const address = holder.address();
    if (typeof address !== "object" || address === null) throw new Error("no port");
    let slept = 0;
    const fastClock = { now: () => slept, sleep: async (ms: number) => void (slept += ms) };
    try {
      const start = startHealthServer(
        { status: new BotStatus(fastClock), clock: fastClock, random: () => 0.5, logger: pino({ level: "silent" }), token: undefined, allowedHosts: [], requestNewPairing: async () => false, unlink: async () => false, retryDeadLetters: async () => 0 },
        "127.0.0.1",
        address.port,
      );
      await expect(start).rejects.toBeInstanceOf(BotError);
      await expect(start).rejects.toMatchObject({ code: "port_in_use", message: expect.stringMatching(/still in use after 5 s/) });
      expect(slept).toBeGreaterThanOrEqual(5_000);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it("is taken once it is freed within those seconds", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const address = holder.address();
    if (typeof address !== "object" || address === null) throw new Error("no port");
    let now = 0;
    // The first wait frees the port, as a previous bot letting go of it would.
    const freeingClock = { now: () => now, sleep: async (ms: number) => void (now += ms, await new Promise((resolve) => holder.close(resolve))) };
    server = await startHealthServer(
      { status: new BotStatus(freeingClock), clock: freeingClock, random: () => 0.5, logger: pino({ level: "silent" }), token: undefined, allowedHosts: [], requestNewPairing: async () => false, unlink: async () => false, retryDeadLetters: async () => 0 },
      "127.0.0.1",
      address.port,
    );
    expect(server.url).toContain(`:${address.port}/health`);
  });
});
