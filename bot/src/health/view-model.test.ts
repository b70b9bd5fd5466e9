import { describe, expect, it } from "vitest";
import { BotStatus, COUNTER_NAMES, GAUGE_NAMES, type ConnectionState } from "./status.ts";
import { healthJson, healthPageModel, operatorActions } from "./view-model.ts";

const START = Date.UTC(2026, 10, 21, 10, 0, 0);
const clock = { now: () => START, sleep: async () => undefined };
const EMPTY_QUEUE = { depth: 0, deadCount: 0, latestDeadLetters: [], reportsPending: 0 };

describe("health view model", () => {
  it("answers 200 with exactly the binding JSON shape while open", () => {
    const status = new BotStatus(clock);
    status.setConnection("open", { me: "+15550001111" });
    status.useQueueStats(() => ({ ...EMPTY_QUEUE, depth: 2, deadCount: 1 }));
    const { status: code, body } = healthJson(status.snapshot(), START + 90_500);
    expect(code).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["counters", "lastError", "me", "ok", "queue", "state", "uptimeS"]);
    expect(Object.keys(body.queue).sort()).toEqual(["deadLetters", "inbound"]);
    expect(body).toMatchObject({ ok: true, state: "open", me: "+15550001111", queue: { inbound: 2, deadLetters: 1 }, lastError: null, uptimeS: 90 });
  });

  it("adds the paced queue and pending dead-letter reports inside counters only, as numbers", () => {
    const status = new BotStatus(clock);
    status.useQueueStats(() => ({ ...EMPTY_QUEUE, reportsPending: 3 }));
    status.usePacingStats(() => ({ waiting: [{ kind: "reminder", chatJid: "1555@s.whatsapp.net", dueAtMs: START }], sentLast24h: 7, dailyCap: 300, gapS: 15, chatGapS: 30, capResumesAtMs: null }));
    const { body } = healthJson(status.snapshot(), START);
    expect(Object.keys(body.counters).sort()).toEqual([...COUNTER_NAMES, ...GAUGE_NAMES].sort());
    expect(body.counters).toMatchObject({ pacedWaiting: 1, pacedSentLast24h: 7, deadLetterReportsPending: 3 });
    expect(Object.values(body.counters).every((value) => typeof value === "number")).toBe(true);
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
    expect(shown).toMatchObject({ qrDataUrl: "data:image/png;base64,AAAA", qrHidden: false, actions: { newPairing: true } });
    const hidden = healthPageModel(status.snapshot(), START, { authorised: false }, "data:image/png;base64,AAAA");
    expect(hidden).toMatchObject({ qrDataUrl: null, qrHidden: true, actions: { newPairing: false } });
  });

  it("lists dead letters and paced chats, which name patients, only to an authorised viewer", () => {
    const status = new BotStatus(clock);
    status.useQueueStats(() => ({ ...EMPTY_QUEUE, deadCount: 1, latestDeadLetters: [{ seq: 4, reason: "400 invalid_payload", atMs: START, chatJid: "1555@s.whatsapp.net", followUp: "patient told" }] }));
    status.usePacingStats(() => ({ waiting: [{ kind: "reminder", chatJid: "1555@s.whatsapp.net", dueAtMs: START }], sentLast24h: 0, dailyCap: 300, gapS: 15, chatGapS: 30, capResumesAtMs: null }));
    const authorised = healthPageModel(status.snapshot(), START, { authorised: true }, null);
    expect(authorised.deadLetters).toHaveLength(1);
    expect(authorised.paced.entries).toHaveLength(1);
    const anonymous = healthPageModel(status.snapshot(), START, { authorised: false }, null);
    expect(anonymous.deadLetters).toEqual([]);
    expect(anonymous.paced).toMatchObject({ waiting: 1, entries: [] });
  });
});

describe("operator actions per state", () => {
  const cases: [ConnectionState, { newPairing: boolean; unlink: boolean }][] = [
    ["connecting", { newPairing: false, unlink: false }],
    ["waiting_for_scan", { newPairing: true, unlink: false }],
    ["open", { newPairing: false, unlink: true }],
    ["logged_out", { newPairing: true, unlink: false }],
    ["stopped", { newPairing: false, unlink: false }],
  ];
  it.each(cases)("in %s offers %o", (state, expected) => {
    expect(operatorActions(state, true, 0)).toMatchObject(expected);
  });

  it("offers nothing to a viewer without the token", () => {
    for (const [state] of cases) expect(operatorActions(state, false, 3)).toEqual({ newPairing: false, unlink: false, retryDeadLetters: false });
  });

  it("offers a retry only when there are dead letters", () => {
    expect(operatorActions("open", true, 0).retryDeadLetters).toBe(false);
    expect(operatorActions("connecting", true, 2).retryDeadLetters).toBe(true);
  });
});
