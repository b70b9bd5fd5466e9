import { describe, expect, it } from "vitest";
import { verdictFor } from "./verdict.ts";

const functionError = (code: string, message: string): string => JSON.stringify({ success: false, error: { code, message } });

describe("what check-deploy's answer means", () => {
  it("is healthy when the function refuses the made-up outbox id as the contract says", () => {
    const verdict = verdictFor(400, functionError("invalid_payload", "id: no outbox message with this id on this channel"), 0);
    expect(verdict.ok).toBe(true);
    expect(verdict.message).toMatch(/^OK: /);
  });

  it("blames the channel, the secret or the clock for the function's own 401, and names a skewed clock", () => {
    const verdict = verdictFor(401, functionError("unauthorized", "missing or invalid signature"), -400);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/secret/);
    expect(verdict.message).toMatch(/400 s ahead of the server's/);
  });

  it("blames the platform's JWT check for a 401 that is not the function's", () => {
    const verdict = verdictFor(401, JSON.stringify({ code: 401, message: "Missing authorization header" }), null);
    expect(verdict).toEqual({ ok: false, message: expect.stringMatching(/verify_jwt = false/) });
  });

  it("tells a wrong path from a missing function", () => {
    expect(verdictFor(404, functionError("not_found", "no such route"), 0).message).toMatch(/not one of its routes/);
    expect(verdictFor(404, JSON.stringify({ code: "NOT_FOUND", message: "Requested function was not found" }), 0).message).toMatch(/No function answers/);
  });

  it("sends the operator to the logs when the function did not boot", () => {
    const verdict = verdictFor(503, JSON.stringify({ code: "BOOT_ERROR", message: "Worker failed to boot (please check logs)" }), null);
    expect(verdict).toEqual({ ok: false, message: expect.stringMatching(/Logs/) });
  });

  it("does not take an answer that is not JSON for the function's", () => {
    expect(verdictFor(502, "<html>Bad Gateway</html>", null).ok).toBe(false);
    expect(verdictFor(200, "ok", null).ok).toBe(false);
  });

  it("reports the database being out of reach", () => {
    expect(verdictFor(503, functionError("unavailable", "try again"), 0).message).toMatch(/database/);
  });
});
