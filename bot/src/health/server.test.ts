import { afterEach, describe, expect, it } from "vitest";
import pino from "pino";
import { startHealthServer, type HealthServer } from "./server.ts";
import { BotStatus } from "./status.ts";

const TOKEN = "s3cret-token-0123456789";
const clock = { now: () => Date.now(), sleep: async () => undefined };
let server: HealthServer | undefined;
let pairings = 0;

afterEach(async () => {
  await server?.close();
  server = undefined;
  pairings = 0;
});

async function serve(token: string | undefined, status = new BotStatus(clock)) {
  server = await startHealthServer(
    { status, clock, logger: pino({ level: "silent" }), token, requestNewPairing: async () => (pairings += 1) > 0 },
    "127.0.0.1",
    0,
  );
  return { status, base: server.url.replace(/\/health$/, "") };
}

describe("health server", () => {
  it("serves /health.json with 503 until open, then 200", async () => {
    const { status, base } = await serve(undefined);
    const before = await fetch(`${base}/health.json`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ ok: false, state: "connecting" });
    status.setConnection("open", { me: "+15550001111" });
    const after = await fetch(`${base}/health.json`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ ok: true, state: "open", me: "+15550001111" });
  });

  it("shows the QR as a PNG image while waiting for a scan", async () => {
    const { status, base } = await serve(undefined);
    status.setConnection("waiting_for_scan", { qr: "2@abc,def" });
    const page = await (await fetch(`${base}/health`)).text();
    expect(page).toMatch(/<img id="qr"[^>]+src="data:image\/png;base64,/);
  });

  it("hides the QR and the button without the token, shows them with it", async () => {
    const { status, base } = await serve(TOKEN);
    status.setConnection("waiting_for_scan", { qr: "2@abc,def" });
    const anonymous = await (await fetch(`${base}/health`)).text();
    expect(anonymous).not.toMatch(/data:image\/png/);
    expect(anonymous).not.toMatch(/new-qr/);
    expect(anonymous).toMatch(/QR code is hidden/);
    const wrong = await (await fetch(`${base}/health?token=nope`)).text();
    expect(wrong).not.toMatch(/data:image\/png/);
    const withQuery = await (await fetch(`${base}/health?token=${TOKEN}`)).text();
    expect(withQuery).toMatch(/data:image\/png/);
    const withBearer = await (await fetch(`${base}/health`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(withBearer).toMatch(/data:image\/png/);
  });

  it("starts a new pairing on POST with the token, and refuses it without", async () => {
    const { base } = await serve(TOKEN);
    const refused = await fetch(`${base}/health/new-qr`, { method: "POST", redirect: "manual" });
    expect(refused.status).toBe(401);
    expect(pairings).toBe(0);
    const accepted = await fetch(`${base}/health/new-qr?token=${TOKEN}`, { method: "POST", redirect: "manual" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe(`/health?token=${TOKEN}`);
    expect(pairings).toBe(1);
  });

  it("refuses a new pairing posted from another site", async () => {
    const { base } = await serve(undefined);
    const crossSite = await fetch(`${base}/health/new-qr`, { method: "POST", redirect: "manual", headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect(pairings).toBe(0);
    const sameSite = await fetch(`${base}/health/new-qr`, { method: "POST", redirect: "manual", headers: { origin: base } });
    expect(sameSite.status).toBe(303);
    expect(pairings).toBe(1);
  });

  it("escapes everything it shows", async () => {
    const { status, base } = await serve(undefined);
    status.recordError("<script>alert(1)</script>");
    const page = await (await fetch(`${base}/health`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");
  });
});
