/**
 * A new channel's bot env file (`.local/bots/<name>.env`, or --bots-dir): written once, by the apply
 * that creates the channel, owner-only, with the secret nowhere else; never over an existing file;
 * a configuration the bot accepts.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/src/config.ts";
import { runClinic } from "./support/cli.ts";
import { freshDatabase, type TestDatabase } from "./support/databases.ts";
import { solYaml } from "./support/files.ts";

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const PERMISSIONS = 0o777;

let db: TestDatabase;
let dir: string;
let botsDir: string;

beforeEach(async () => {
  db = await freshDatabase({ seed: false });
  dir = mkdtempSync(path.join(tmpdir(), "clinic-env-"));
  botsDir = path.join(dir, "bots");
});
afterEach(async () => {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

function applyFile(text: string, ...flags: string[]) {
  const file = path.join(dir, `clinic-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return runClinic(["apply", file, "--db", db.url, "--bots-dir", botsDir, ...flags]);
}

const readEnv = (name: string) => parseEnv(readFileSync(path.join(botsDir, `${name}.env`), "utf8"));

describe("creating a channel", () => {
  it("writes its bot's env file once: 0600 in a 0700 folder, with the secret, which is printed nowhere", async () => {
    const result = await applyFile(solYaml());
    expect(result.code, result.output).toBe(0);
    const file = path.join(botsDir, "sol-main.env");
    expect(statSync(file).mode & PERMISSIONS).toBe(FILE_MODE);
    expect(statSync(botsDir).mode & PERMISSIONS).toBe(DIR_MODE);

    const env = readEnv("sol-main");
    const channel = (await db.client.query<{ id: string; secret: string }>("select id::text, secret from public.channels")).rows[0];
    expect(env).toMatchObject({
      FUNCTION_URL: "http://127.0.0.1:9/functions/v1/whatsapp-webhook",
      CHANNEL_ID: channel?.id,
      CHANNEL_SECRET: channel?.secret,
      CLINIC_LANGUAGE: "es",
      HEALTH_PORT: "3000",
      HEALTH_HOST: "127.0.0.1",
    });
    expect(env.HEALTH_TOKEN).toMatch(/^[0-9a-f]{48}$/);
    expect(result.output).not.toContain(channel?.secret);
    expect(result.output).not.toContain(env.HEALTH_TOKEN);
    expect(result.stdout).toContain(`its bot's env file is ${file}`);
    expect(result.stdout).toContain("npx pm2 start ecosystem.config.cjs");
    // Only the env file itself: the staged copy is gone.
    expect(readdirSync(botsDir)).toEqual(["sol-main.env"]);
  });

  it("is a configuration the bot accepts", async () => {
    expect((await applyFile(solYaml())).code).toBe(0);
    const config = loadConfig(readEnv("sol-main"));
    expect(config).toMatchObject({ functionUrl: "http://127.0.0.1:9/functions/v1/whatsapp-webhook", healthHost: "127.0.0.1", healthPort: 3000 });
  });

  it("takes the next free health port when another number's env file is there", async () => {
    mkdirSync(botsDir, { recursive: true, mode: DIR_MODE });
    writeFileSync(path.join(botsDir, "other.env"), "CHANNEL_ID=x\nHEALTH_PORT=3000\n", { mode: FILE_MODE });
    expect((await applyFile(solYaml())).code).toBe(0);
    expect(readEnv("sol-main").HEALTH_PORT).toBe("3001");
  });

  it("takes FUNCTION_URL from --function-url over the file's, and refuses to create a channel without either", async () => {
    const withoutUrl = solYaml().replace(/^function_url: .*$/m, "");
    const refused = await applyFile(withoutUrl);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("creating channel sol-main writes the bot's env file, which needs the function's URL");
    expect(Number((await db.client.query("select count(*) as n from public.clinics")).rows[0]?.n)).toBe(0);

    const result = await applyFile(withoutUrl, "--function-url", "https://abc.supabase.co/functions/v1/whatsapp-webhook");
    expect(result.code, result.output).toBe(0);
    expect(readEnv("sol-main").FUNCTION_URL).toBe("https://abc.supabase.co/functions/v1/whatsapp-webhook");
  });

  it("never writes over an existing env file: the apply stops before changing anything", async () => {
    mkdirSync(botsDir, { recursive: true, mode: DIR_MODE });
    writeFileSync(path.join(botsDir, "sol-main.env"), "CHANNEL_ID=an-older-number\n", { mode: FILE_MODE });
    const result = await applyFile(solYaml());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("sol-main.env exists already, and a new channel's secret is only ever written to a new file");
    expect(readFileSync(path.join(botsDir, "sol-main.env"), "utf8")).toBe("CHANNEL_ID=an-older-number\n");
    expect(Number((await db.client.query("select count(*) as n from public.channels")).rows[0]?.n)).toBe(0);
    expect(Number((await db.client.query("select count(*) as n from public.clinics")).rows[0]?.n)).toBe(0);
  });

  it("a dry run names the file it would write and writes none", async () => {
    const result = await applyFile(solYaml(), "--dry-run");
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/Would write .*sol-main\.env for \+525550100100/);
    expect(existsSync(botsDir)).toBe(false);
  });

  it("a channel that exists gets no env file on later applies", async () => {
    expect((await applyFile(solYaml())).code).toBe(0);
    rmSync(path.join(botsDir, "sol-main.env"));
    const again = await applyFile(solYaml());
    expect(again.stdout).toContain("No changes");
    expect(existsSync(path.join(botsDir, "sol-main.env"))).toBe(false);
  });
});
