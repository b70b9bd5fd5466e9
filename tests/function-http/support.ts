/**
 * Helpers for the function's HTTP tests through the local stack: the stack's environment, signed
 * requests exactly as the bot sends them, and a database connection to look behind the API.
 */
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { signedHeaders } from "../../shared/signing/index.ts";
import { jidOf, newMessageId } from "../../scripts/patient/client.ts";
import { databaseUrl } from "../db/support/database-url.ts";

export interface StackEnv {
  functionUrl: string;
  channelId: string;
  channelSecret: string;
  databaseUrl: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set: run through npm test or vitest (global setup)`);
  return value;
}

export function stackEnv(): StackEnv {
  return {
    functionUrl: required("FUNCTION_URL").replace(/\/+$/, ""),
    channelId: required("CHANNEL_ID"),
    channelSecret: required("CHANNEL_SECRET"),
    databaseUrl: databaseUrl(),
  };
}

export function nowS(): number {
  return Date.now() / 1000;
}

export interface SignOptions {
  channelId: string;
  secret: string;
  timestampS?: number;
}

/** POSTs `rawBody` signed like the bot does. */
export async function postSigned(url: string, rawBody: string, sign: SignOptions, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const headers = await signedHeaders(sign.channelId, sign.secret, rawBody, sign.timestampS ?? nowS());
  return fetch(url, { method: "POST", headers: { ...headers, ...extraHeaders }, body: rawBody });
}

/** A fresh, valid inbound message from a made-up patient. */
export function inboundMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const phone = `+1555${Math.floor(1e9 + Math.random() * 8e9)}`;
  return {
    messageId: newMessageId(),
    chatJid: jidOf(phone),
    phone,
    pushName: "Test Patient",
    message: "hi",
    timestamp: new Date().toISOString(),
    ...overrides,
  };
}

export function newSecret(): string {
  return randomBytes(24).toString("hex");
}

export async function withDb<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function countRows(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const result = await client.query<{ n: string }>(`select count(*) as n from (${sql}) counted`, params);
  return Number(result.rows[0]?.n ?? 0);
}

/** Adds a channel to the demo channel's clinic, so a test can own its secrets and its outbox. */
export async function createChannel(
  client: pg.Client,
  demoChannelId: string,
  options: { secret: string; previousSecrets?: string[]; enabled?: boolean },
): Promise<string> {
  const id = randomUUID();
  await client.query(
    `insert into public.channels (id, clinic_id, secret, previous_secrets, enabled)
     select $1, clinic_id, $2, $3, $4 from public.channels where id = $5`,
    [id, options.secret, options.previousSecrets ?? [], options.enabled ?? true, demoChannelId],
  );
  return id;
}

export async function deleteChannel(client: pg.Client, channelId: string): Promise<void> {
  await client.query("delete from public.channels where id = $1", [channelId]);
}
