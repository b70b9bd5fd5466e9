import { DisconnectReason } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { MAX_REPLACED_IN_WINDOW, decideReconnect, describeStop, type CloseInfo } from "./reconnect-decision.ts";

function close(statusCode: number | undefined, message = "closed", recentReplacedCount = 0): CloseInfo {
  return { statusCode, message, recentReplacedCount };
}

describe("decideReconnect", () => {
  it("reconnects at once when WhatsApp requires a restart (515)", () => {
    expect(decideReconnect(close(DisconnectReason.restartRequired))).toEqual({ kind: "reconnect_now" });
  });

  it.each([
    ["connectionClosed 428", DisconnectReason.connectionClosed],
    ["connectionLost / timedOut 408", DisconnectReason.connectionLost],
    ["badSession 500", DisconnectReason.badSession],
    ["unavailableService 503", DisconnectReason.unavailableService],
  ])("reconnects with back-off after %s", (_name, code) => {
    expect(decideReconnect(close(code))).toEqual({ kind: "reconnect_backoff" });
  });

  it("reconnects with back-off after a first connectionReplaced (440)", () => {
    expect(decideReconnect(close(DisconnectReason.connectionReplaced, "replaced", 1))).toEqual({ kind: "reconnect_backoff" });
  });

  it("stops when connectionReplaced (440) repeats within the window", () => {
    const action = decideReconnect(close(DisconnectReason.connectionReplaced, "replaced", MAX_REPLACED_IN_WINDOW + 1));
    expect(action).toEqual({ kind: "stop", reason: "replaced_loop" });
  });

  it("clears the session after loggedOut (401)", () => {
    expect(decideReconnect(close(DisconnectReason.loggedOut))).toEqual({ kind: "clear_session" });
  });

  it.each([
    [403, "forbidden"],
    [402, "payment_required"],
    [406, "not_acceptable"],
    [405, "version_stale"],
  ] as const)("stops after %i with reason %s", (code, reason) => {
    expect(decideReconnect(close(code))).toEqual({ kind: "stop", reason });
    expect(describeStop(reason).length).toBeGreaterThan(0);
  });

  it("says the version is stale on 405", () => {
    expect(describeStop("version_stale")).toMatch(/version is stale/);
  });

  it("waits for the operator when the QR codes expired, although Baileys reports 408", () => {
    const action = decideReconnect(close(DisconnectReason.timedOut, "QR refs attempts ended"));
    expect(action).toEqual({ kind: "await_operator" });
  });

  it("treats a close without a status code as transient", () => {
    expect(decideReconnect(close(undefined, "getaddrinfo ENOTFOUND web.whatsapp.com"))).toEqual({ kind: "reconnect_backoff" });
  });
});
