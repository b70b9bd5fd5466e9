import { describe, expect, it } from "vitest";
import { formatUptime, renderHealthPage } from "./page.ts";
import { BotStatus } from "./status.ts";
import { healthPageModel } from "./view-model.ts";

const START = Date.UTC(2026, 10, 21, 10, 0, 0);
const clock = { now: () => START, sleep: async () => undefined };

describe("health page", () => {
  it("labels every counter in an operator's words, never by its JSON key", () => {
    const status = new BotStatus(clock);
    status.setConnection("connecting", {});
    const html = renderHealthPage(healthPageModel(status.snapshot(), START, { authorised: true }, null), null, 3000);
    expect(html).toContain("replies sent");
    expect(html).toContain("reconnects to WhatsApp");
    expect(html).not.toMatch(/<th>(relayRetries|deadLettered|outboxSent)<\/th>/);
  });

  it("escapes what WhatsApp or a patient could have put into the page", () => {
    const status = new BotStatus(clock);
    status.setConnection("connecting", {});
    status.recordError("closed <script>alert(1)</script>");
    const html = renderHealthPage(healthPageModel(status.snapshot(), START, { authorised: true }, null), null, 3000);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
  });

  it.each([
    [45, "45 s"],
    [12 * 60 + 5, "12 min"],
    [3 * 3600 + 5 * 60, "3 h 5 min"],
    [2 * 86_400 + 4 * 3600, "2 d 4 h"],
  ])("shows an uptime of %i seconds as %s", (seconds, text) => {
    expect(formatUptime(seconds)).toBe(text);
  });
});
