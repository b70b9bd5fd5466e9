import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_VARIABLES, ConfigError, isLoopbackHost, loadConfig } from "./config.ts";
import { REPO_ROOT } from "./paths.ts";

const REQUIRED = {
  FUNCTION_URL: "http://127.0.0.1:54321/functions/v1/whatsapp-webhook",
  CHANNEL_ID: "3f1c2b9e-0000-4000-8000-000000000001",
  CHANNEL_SECRET: "shh",
};

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    expect(loadConfig(REQUIRED)).toEqual({
      functionUrl: REQUIRED.FUNCTION_URL,
      channelId: REQUIRED.CHANNEL_ID,
      channelSecret: "shh",
      authDir: join(REPO_ROOT, ".local", "auth", REQUIRED.CHANNEL_ID),
      queueDir: join(REPO_ROOT, ".local", "queue", REQUIRED.CHANNEL_ID),
      healthPort: 3000,
      healthHost: "127.0.0.1",
      healthToken: undefined,
      healthAllowedHosts: [],
      language: "en",
      alertWebhookUrl: undefined,
      logLevel: "info",
      logPatientText: false,
      pacing: { gapMs: 15_000, chatGapMs: 30_000, dailyCap: 300 },
    });
  });

  it("keeps one session folder per channel wherever it is started from: .local/auth/<CHANNEL_ID> in the checkout", () => {
    // npm start, npm run bot and PM2 all leave AUTH_DIR unset, so they share this folder.
    const config = loadConfig(REQUIRED);
    expect(config.authDir).toBe(join(REPO_ROOT, ".local/auth", REQUIRED.CHANNEL_ID));
    expect(loadConfig({ ...REQUIRED, AUTH_DIR: "sessions/main" }).authDir).toBe(join(REPO_ROOT, "sessions/main"));
  });

  it("reads the clinic's language, the alert webhook, the proxy's host names, pacing and LOG_PATIENT_TEXT", () => {
    const config = loadConfig({
      ...REQUIRED,
      CLINIC_LANGUAGE: "pt",
      ALERT_WEBHOOK_URL: "https://hooks.example/alert",
      HEALTH_ALLOWED_HOSTS: "Desk.Clinic.example, other.example",
      PACE_GAP_S: "2.5",
      PACE_CHAT_GAP_S: "10",
      PACE_DAILY_CAP: "50",
      LOG_PATIENT_TEXT: "yes",
    });
    expect(config).toMatchObject({
      language: "pt",
      alertWebhookUrl: "https://hooks.example/alert",
      healthAllowedHosts: ["desk.clinic.example", "other.example"],
      pacing: { gapMs: 2_500, chatGapMs: 10_000, dailyCap: 50 },
      logPatientText: true,
    });
  });

  it.each([
    ["CLINIC_LANGUAGE", "fr"],
    ["ALERT_WEBHOOK_URL", "not a url"],
    ["HEALTH_ALLOWED_HOSTS", "https://desk.clinic.example/health"],
    ["PACE_DAILY_CAP", "0"],
    ["PACE_GAP_S", "-1"],
    ["LOG_PATIENT_TEXT", "maybe"],
  ])("names a malformed %s", (name, value) => {
    expect(() => loadConfig({ ...REQUIRED, [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it("names where the values came from", () => {
    expect(() => loadConfig({ FUNCTION_URL: REQUIRED.FUNCTION_URL }, ".local/bots/clinic-main.env")).toThrow(/in \.local\/bots\/clinic-main\.env:[\s\S]*CHANNEL_ID/);
  });

  it("lists every variable it reads, so an env file can be the whole configuration", () => {
    expect(BOT_VARIABLES).toEqual(expect.arrayContaining(["FUNCTION_URL", "CHANNEL_ID", "CHANNEL_SECRET", "CLINIC_LANGUAGE", "HEALTH_PORT", "HEALTH_TOKEN", "ALERT_WEBHOOK_URL", "PACE_DAILY_CAP"]));
  });

  it.each(["FUNCTION_URL", "CHANNEL_ID", "CHANNEL_SECRET"])("names a missing %s", (name) => {
    const env: Record<string, string> = { ...REQUIRED };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
  });

  it("treats an empty variable as missing", () => {
    expect(() => loadConfig({ ...REQUIRED, CHANNEL_SECRET: "" })).toThrow(/CHANNEL_SECRET/);
  });

  it("rejects a malformed port and a short token, naming them", () => {
    expect(() => loadConfig({ ...REQUIRED, HEALTH_PORT: "eighty" })).toThrow(/HEALTH_PORT/);
    expect(() => loadConfig({ ...REQUIRED, HEALTH_TOKEN: "short" })).toThrow(/HEALTH_TOKEN/);
  });

  it("reads every optional variable", () => {
    const config = loadConfig({ ...REQUIRED, AUTH_DIR: "/a", QUEUE_DIR: "/q", HEALTH_PORT: "8080", HEALTH_HOST: "0.0.0.0", HEALTH_TOKEN: "0123456789abcdef", LOG_LEVEL: "debug" });
    // Absolute directories are taken as they are.
    expect(config).toMatchObject({ authDir: "/a", queueDir: "/q", healthPort: 8080, healthHost: "0.0.0.0", healthToken: "0123456789abcdef", logLevel: "debug" });
  });

  it.each(["0.0.0.0", "::", "192.168.1.20", "clinic.example.com"])("refuses HEALTH_HOST=%s without a HEALTH_TOKEN, naming both", (host) => {
    expect(() => loadConfig({ ...REQUIRED, HEALTH_HOST: host })).toThrow(ConfigError);
    expect(() => loadConfig({ ...REQUIRED, HEALTH_HOST: host })).toThrow(/HEALTH_HOST[\s\S]*HEALTH_TOKEN/);
  });

  it("accepts a network HEALTH_HOST once a HEALTH_TOKEN protects the page", () => {
    expect(loadConfig({ ...REQUIRED, HEALTH_HOST: "0.0.0.0", HEALTH_TOKEN: "0123456789abcdef" }).healthHost).toBe("0.0.0.0");
  });

  it.each(["127.0.0.1", "127.20.0.5", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "localhost", "LOCALHOST"])(
    "accepts the loopback HEALTH_HOST=%s without a token",
    (host) => {
      expect(loadConfig({ ...REQUIRED, HEALTH_HOST: host }).healthToken).toBeUndefined();
    },
  );
});

describe("isLoopbackHost", () => {
  it("tells loopback addresses from ones that look close to them", () => {
    expect(["127.0.0.1", "::1", "localhost"].map(isLoopbackHost)).toEqual([true, true, true]);
    expect(["128.0.0.1", "1::1", "::11", "::ffff:10.0.0.1", "localhost.example.com", ""].map(isLoopbackHost)).toEqual([false, false, false, false, false, false]);
  });
});
