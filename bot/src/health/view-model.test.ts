import { describe, expect, it } from "vitest";
import { BotStatus } from "./status.ts";
import { healthJson, healthPageModel } from "./view-model.ts";

const START = Date.UTC(2026, 10, 21, 10, 0, 0);
const clock = { now: () => START, sleep: async () => undefined };

describe("health view model", () => {
  it("answers 200 with exactly the binding JSON shape while open", () => {
    const status = new BotStatus(clock);
    status.setConnection("open", { me: "+15550001111" });
    status.useQueueStats(() => ({ depth: 2, deadCount: 1, latestDeadLetters: [] }));
    const { status: code, body } = healthJson(status.snapshot(), START + 90_500);
    expect(code).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["counters", "lastError", "me", "ok", "queue", "state", "uptimeS"]);
    expect(body).toMatchObject({ ok: true, state: "open", me: "+15550001111", queue: { inbound: 2, deadLetters: 1 }, lastError: null, uptimeS: 90 });
  });

  it.each(["connecting", "waiting_for_scan", "logged_out", "stopped"] as const)("answers 503 while %s", (state) => {
    const status = new BotStatus(clock);
    status.setConnection(state, { qr: "2@qr" });
    const { status: code, body } = healthJson(status.snapshot(), START);
    expect(code).toBe(503);
    expect(body.ok).toBe(false);
    expect(body.state).toBe(state);
  });

  it("shows the QR only to an authorised viewer", () => {
    const status = new BotStatus(clock);
    status.setConnection("waiting_for_scan", { qr: "2@qr" });
    const shown = healthPageModel(status.snapshot(), START, { authorised: true }, "data:image/png;base64,AAAA");
    expect(shown).toMatchObject({ qrDataUrl: "data:image/png;base64,AAAA", qrHidden: false, canRepair: true });
    const hidden = healthPageModel(status.snapshot(), START, { authorised: false }, "data:image/png;base64,AAAA");
    expect(hidden).toMatchObject({ qrDataUrl: null, qrHidden: true, canRepair: false });
  });

  it("lists dead letters, which name patients' chats, only to an authorised viewer", () => {
    const status = new BotStatus(clock);
    status.useQueueStats(() => ({ depth: 0, deadCount: 1, latestDeadLetters: [{ reason: "400 invalid_payload", atMs: START, chatJid: "1555@s.whatsapp.net" }] }));
    expect(healthPageModel(status.snapshot(), START, { authorised: true }, null).deadLetters).toHaveLength(1);
    expect(healthPageModel(status.snapshot(), START, { authorised: false }, null).deadLetters).toEqual([]);
  });

  it("offers no new pairing while linked", () => {
    const status = new BotStatus(clock);
    status.setConnection("open", { me: "+1555" });
    expect(healthPageModel(status.snapshot(), START, { authorised: true }, null).canRepair).toBe(false);
  });
});
