/**
 * `npm run clinic -- rotate-secret NAME [--finish]` against the real function on the stack: during
 * the overlap a request signed with either secret is accepted, after it only the new one; the env
 * file follows; the secret is printed nowhere. Uses the stack's own database (the function reads its
 * channels there), with a clinic of its own that is deleted afterwards.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTBOX_ACK_PATH } from "../../shared/contract/index.ts";
import { signedHeaders } from "../../shared/signing/index.ts";
import { runClinic } from "./support/cli.ts";
import { stackDatabaseUrl } from "./support/databases.ts";

/**
 * The function trusts a channel's cached secrets for up to CHANNEL_CACHE_TTL_MS (60 s,
 * supabase/functions/whatsapp-webhook/http/channel-directory.ts) and refetches after a failed
 * signature at most every MIN_REFRESH_INTERVAL_MS (5 s): a change of secrets shows within that.
 */
const FUNCTION_CACHE_TTL_MS = 60_000;
const SETTLE_DEADLINE_MS = FUNCTION_CACHE_TTL_MS + 15_000;
const POLL_MS = 500;
const MS_PER_S = 1_000;
const FILE_MODE = 0o600;
const NAME = "rotate-test";

let dir: string;
let botsDir: string;
let db: pg.Client;
let clinicId: string;
const functionUrl = (): string => {
  const url = process.env.FUNCTION_URL;
  if (!url) throw new Error("FUNCTION_URL is not set: run through vitest (its global setup starts a stack)");
  return url;
};
const envFile = () => path.join(botsDir, `${NAME}.env`);
const readEnv = () => parseEnv(readFileSync(envFile(), "utf8"));
const dbSecrets = async () =>
  (await db.query<{ secret: string; previous_secrets: string[] }>("select secret, previous_secrets from public.channels where clinic_id = $1", [clinicId])).rows[0];

/** The function's answer to an outbox ack signed with `secret`: 400 (no such message) once the signature is accepted, 401 when not. */
async function statusSignedWith(channelId: string, secret: string): Promise<number> {
  const body = JSON.stringify({ id: randomUUID(), status: "failed", error: "rotate-secret test probe" });
  const headers = await signedHeaders(channelId, secret, body, Date.now() / MS_PER_S);
  const response = await fetch(`${functionUrl()}${OUTBOX_ACK_PATH}`, { method: "POST", headers, body });
  await response.text();
  return response.status;
}

/** Polls until `secret` gets `status`; a probe with a made-up secret in between makes the function look again. */
async function settlesTo(channelId: string, secret: string, status: number): Promise<number> {
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  let last = await statusSignedWith(channelId, secret);
  while (last !== status && Date.now() < deadline) {
    await statusSignedWith(channelId, randomBytes(32).toString("hex"));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    last = await statusSignedWith(channelId, secret);
  }
  return last;
}

const rotate = (...flags: string[]) => runClinic(["rotate-secret", NAME, "--db", stackDatabaseUrl(), "--bots-dir", botsDir, ...flags]);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "clinic-rotate-"));
  botsDir = path.join(dir, "bots");
  const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const name = `Rotation Clinic ${randomUUID()}`;
  const file = path.join(dir, "clinic.yaml");
  writeFileSync(file, `clinic:\n  name: ${name}\n  timezone: Europe/Lisbon\n  language: pt\nchannels:\n  - { name: ${NAME}, phone: "${phone}" }\n`);
  const created = await runClinic(["apply", file, "--db", stackDatabaseUrl(), "--bots-dir", botsDir, "--function-url", functionUrl()]);
  expect(created.code, created.output).toBe(0);
  db = new pg.Client({ connectionString: stackDatabaseUrl() });
  await db.connect();
  clinicId = (await db.query<{ id: string }>("select id::text from public.clinics where name = $1", [name])).rows[0]?.id ?? "";
});

afterAll(async () => {
  await db?.query("delete from public.clinics where id = $1", [clinicId]);
  await db?.end();
  rmSync(dir, { recursive: true, force: true });
});

describe("rotating a channel's secret", () => {
  it("accepts both secrets during the overlap and only the new one after it, with the env file following", async () => {
    const { CHANNEL_ID: channelId = "", CHANNEL_SECRET: oldSecret = "" } = readEnv();
    expect(await statusSignedWith(channelId, oldSecret)).toBe(400);

    const started = await rotate();
    expect(started.code, started.output).toBe(0);
    const newSecret = readEnv().CHANNEL_SECRET ?? "";
    expect(newSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(newSecret).not.toBe(oldSecret);
    expect(await dbSecrets()).toEqual({ secret: newSecret, previous_secrets: [oldSecret] });
    expect(statSync(envFile()).mode & 0o777).toBe(FILE_MODE);
    expect(readEnv().CHANNEL_ID).toBe(channelId);
    expect(started.output).not.toContain(newSecret);
    expect(started.output).not.toContain(oldSecret);
    expect(started.stdout).toContain(`npx pm2 restart ${NAME}`);

    // The overlap: the bot may sign with either while it is switched.
    expect(await settlesTo(channelId, newSecret, 400)).toBe(400);
    expect(await statusSignedWith(channelId, oldSecret)).toBe(400);
    expect(await statusSignedWith(channelId, newSecret)).toBe(400);

    const finished = await rotate("--finish");
    expect(finished.code, finished.output).toBe(0);
    expect(finished.stdout).toContain("1 old secret retired");
    expect(await dbSecrets()).toEqual({ secret: newSecret, previous_secrets: [] });

    // After it: only the new one.
    expect(await settlesTo(channelId, oldSecret, 401)).toBe(401);
    expect(await statusSignedWith(channelId, newSecret)).toBe(400);
  }, SETTLE_DEADLINE_MS * 3);

  it("does not start a second rotation while one is under way", async () => {
    expect((await rotate()).code).toBe(0);
    const again = await rotate();
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("a rotation of this channel is under way");
    expect((await rotate("--finish")).code).toBe(0);
  });

  it("finishing with nothing to finish says so and changes nothing", async () => {
    const result = await rotate("--finish");
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain("no rotation to finish");
  });

  it("refuses to end the overlap while the env file does not hold the current secret", async () => {
    const before = readFileSync(envFile(), "utf8");
    expect((await rotate()).code).toBe(0);
    const rotated = readFileSync(envFile(), "utf8");
    writeFileSync(envFile(), before, { mode: FILE_MODE });
    const refused = await rotate("--finish");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("does not hold the channel's current secret");
    expect((await dbSecrets())?.previous_secrets).toHaveLength(1);
    writeFileSync(envFile(), rotated, { mode: FILE_MODE });
    expect((await rotate("--finish")).code).toBe(0);
  });

  it("names a number that has no env file", async () => {
    const result = await runClinic(["rotate-secret", "no-such-number", "--db", stackDatabaseUrl(), "--bots-dir", botsDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no-such-number.env does not exist");
  });
});
