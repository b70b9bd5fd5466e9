/**
 * HMAC-SHA256 request signing for the bot ↔ function contract, with Web Crypto only so the same
 * code runs on Node 20 and Deno 2. The signed text is `${timestamp}.${rawBody}`; the header value
 * is `sha256=` + lowercase hex. Verification accepts a list of secrets so a channel can rotate.
 */
import {
  HEADER_CHANNEL_ID,
  HEADER_CONTENT_TYPE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  JSON_CONTENT_TYPE,
  MAX_CLOCK_SKEW_S,
  SIGNATURE_PREFIX,
} from "../contract/limits.ts";
import { BoundedMemo } from "../bounded-memo.ts";

/** SHA-256 output length. */
const MAC_BYTES = 32;
/** Unix seconds fit in this many digits until the year 33658; anything longer is garbage. */
const MAX_TIMESTAMP_DIGITS = 12;
const TIMESTAMP_PATTERN = new RegExp(`^\\d{1,${MAX_TIMESTAMP_DIGITS}}$`);
const HEX_MAC_PATTERN = new RegExp(`^[0-9a-fA-F]{${MAC_BYTES * 2}}$`);

const encoder = new TextEncoder();

export type VerifyFailure = "missing" | "stale" | "bad_signature";
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface VerifyInput {
  /** Every secret currently accepted for the channel: the current one first, then previous ones. */
  secrets: readonly string[];
  timestamp: string | null;
  signature: string | null;
  rawBody: string;
  nowS: number;
  maxSkewS?: number;
}

type KeyUsage = "sign" | "verify";

/**
 * Imported keys by usage and secret. Importing cost twice the MAC itself, on every request; a
 * process sees a handful of secrets (its channels', old ones while they rotate), so the cache is
 * bounded only against a caller that makes up secrets. Keys are not extractable.
 */
const MAX_CACHED_KEYS = 64;
const keys: Record<KeyUsage, BoundedMemo<string, Promise<CryptoKey>>> = { sign: keysFor("sign"), verify: keysFor("verify") };

function keysFor(usage: KeyUsage): BoundedMemo<string, Promise<CryptoKey>> {
  const memo = new BoundedMemo(MAX_CACHED_KEYS, (secret: string) => {
    const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
    // A failed import is not kept: the next call tries again.
    key.catch(() => memo.forget(secret, key));
    return key;
  });
  return memo;
}

function hmacKey(secret: string, usage: KeyUsage): Promise<CryptoKey> {
  if (secret.length === 0) throw new Error("cannot sign with an empty secret");
  return keys[usage].get(secret);
}

async function hmacSha256(secret: string, text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), encoder.encode(text)));
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) {
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return bytes;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestampS}.${rawBody}`). */
export async function signBody(
  secret: string,
  timestampS: number | string,
  rawBody: string,
): Promise<string> {
  return SIGNATURE_PREFIX + toHex(await hmacSha256(secret, `${timestampS}.${rawBody}`));
}

/**
 * Checks headers against the channel's secrets. A missing or malformed timestamp or signature is
 * `missing`; a timestamp too far from `nowS` either way is `stale`; otherwise no secret matching is
 * `bad_signature`. The HTTP layer answers all of them alike (401) and only logs the reason.
 */
export async function verifySignature(input: VerifyInput): Promise<VerifyResult> {
  const { secrets, timestamp, signature, rawBody, nowS } = input;
  const maxSkewS = input.maxSkewS ?? MAX_CLOCK_SKEW_S;
  if (timestamp === null || signature === null) return { ok: false, reason: "missing" };
  if (!TIMESTAMP_PATTERN.test(timestamp)) return { ok: false, reason: "missing" };
  if (!signature.startsWith(SIGNATURE_PREFIX)) return { ok: false, reason: "missing" };
  const hex = signature.slice(SIGNATURE_PREFIX.length);
  if (!HEX_MAC_PATTERN.test(hex)) return { ok: false, reason: "missing" };
  if (Math.abs(nowS - Number(timestamp)) > maxSkewS) return { ok: false, reason: "stale" };

  const given = fromHex(hex);
  const signedText = encoder.encode(`${timestamp}.${rawBody}`);
  let matched = false;
  // Every secret is tried even after a match, so the time taken does not say which one matched.
  // subtle.verify compares the MACs in constant time (Node and Deno alike).
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    if (await crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), given, signedText)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: "bad_signature" };
}

/** The headers of one signed JSON request from the bot. */
export async function signedHeaders(
  channelId: string,
  secret: string,
  rawBody: string,
  nowS: number,
): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(nowS));
  return {
    [HEADER_CHANNEL_ID]: channelId,
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_SIGNATURE]: await signBody(secret, timestamp, rawBody),
    [HEADER_CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };
}
