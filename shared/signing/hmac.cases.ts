/**
 * Specification of request signing, written once and run by both test runners: vitest under
 * Node (`hmac.test.ts`) and `deno test` (`hmac.deno.test.ts`), since the code must behave the
 * same on both. Expected MACs are computed independently with node:crypto.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { MAX_CLOCK_SKEW_S } from "../contract/limits.ts";
import { signBody, signedHeaders, verifySignature } from "./hmac.ts";

export interface SpecCase {
  name: string;
  run: () => Promise<void>;
}

const SECRET = "demo-channel-secret";
const OLD_SECRET = "rotated-away-secret";
const NOW_S = 1_795_000_000;
const BODY = JSON.stringify({ messageId: "3EB0C4F1A2", message: "hi, ¿parking? 🚗" });

function referenceSignature(secret: string, timestamp: string | number, body: string): string {
  return "sha256=" + createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export const hmacCases: SpecCase[] = [
  {
    name: "signBody matches HMAC-SHA256 of `timestamp.body` computed by node:crypto",
    run: async () => {
      assert.equal(await signBody(SECRET, NOW_S, BODY), referenceSignature(SECRET, NOW_S, BODY));
      assert.equal(await signBody("k", "0", ""), referenceSignature("k", "0", ""));
    },
  },
  {
    name: "signBody output is sha256= followed by 64 lowercase hex digits",
    run: async () => {
      assert.match(await signBody(SECRET, NOW_S, BODY), /^sha256=[0-9a-f]{64}$/);
    },
  },
  {
    name: "a correctly signed fresh request verifies",
    run: async () => {
      const signature = await signBody(SECRET, NOW_S, BODY);
      const result = await verifySignature({
        secrets: [SECRET], timestamp: String(NOW_S), signature, rawBody: BODY, nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: true });
    },
  },
  {
    name: "a tampered body fails as bad_signature",
    run: async () => {
      const signature = await signBody(SECRET, NOW_S, BODY);
      const result = await verifySignature({
        secrets: [SECRET], timestamp: String(NOW_S), signature, rawBody: BODY.replace("hi", "ho"), nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: false, reason: "bad_signature" });
    },
  },
  {
    name: "a signature made with another timestamp fails as bad_signature",
    run: async () => {
      const signature = await signBody(SECRET, NOW_S - 1, BODY);
      const result = await verifySignature({
        secrets: [SECRET], timestamp: String(NOW_S), signature, rawBody: BODY, nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: false, reason: "bad_signature" });
    },
  },
  {
    name: "the wrong secret fails as bad_signature",
    run: async () => {
      const signature = await signBody("not-the-secret", NOW_S, BODY);
      const result = await verifySignature({
        secrets: [SECRET], timestamp: String(NOW_S), signature, rawBody: BODY, nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: false, reason: "bad_signature" });
    },
  },
  {
    name: "a timestamp just beyond the allowed skew, past or future, is stale",
    run: async () => {
      for (const timestamp of [NOW_S - MAX_CLOCK_SKEW_S - 1, NOW_S + MAX_CLOCK_SKEW_S + 1]) {
        const signature = await signBody(SECRET, timestamp, BODY);
        const result = await verifySignature({
          secrets: [SECRET], timestamp: String(timestamp), signature, rawBody: BODY, nowS: NOW_S,
        });
        assert.deepEqual(result, { ok: false, reason: "stale" });
      }
    },
  },
  {
    name: "a timestamp exactly at the allowed skew still verifies",
    run: async () => {
      const timestamp = NOW_S - MAX_CLOCK_SKEW_S;
      const signature = await signBody(SECRET, timestamp, BODY);
      const result = await verifySignature({
        secrets: [SECRET], timestamp: String(timestamp), signature, rawBody: BODY, nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: true });
    },
  },
  {
    name: "missing or malformed headers fail as missing",
    run: async () => {
      const signature = await signBody(SECRET, NOW_S, BODY);
      const cases: Array<{ timestamp: string | null; signature: string | null }> = [
        { timestamp: null, signature },
        { timestamp: String(NOW_S), signature: null },
        { timestamp: "soon", signature },
        { timestamp: `${NOW_S}.5`, signature },
        { timestamp: String(NOW_S), signature: signature.slice("sha256=".length) },
        { timestamp: String(NOW_S), signature: signature.slice(0, -2) },
        { timestamp: String(NOW_S), signature: `${signature.slice(0, -1)}g` },
      ];
      for (const headers of cases) {
        const result = await verifySignature({ secrets: [SECRET], ...headers, rawBody: BODY, nowS: NOW_S });
        assert.deepEqual(result, { ok: false, reason: "missing" }, JSON.stringify(headers));
      }
    },
  },
  {
    name: "signing with an empty secret is refused rather than producing a guessable MAC",
    run: async () => {
      await assert.rejects(signBody("", NOW_S, BODY), /empty secret/);
    },
  },
  {
    name: "a previous secret still verifies during rotation",
    run: async () => {
      const signature = await signBody(OLD_SECRET, NOW_S, BODY);
      const result = await verifySignature({
        secrets: [SECRET, OLD_SECRET], timestamp: String(NOW_S), signature, rawBody: BODY, nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: true });
    },
  },
  {
    name: "no secrets, or only empty ones, verify nothing",
    run: async () => {
      const signature = await signBody(SECRET, NOW_S, BODY);
      for (const secrets of [[], [""]]) {
        const result = await verifySignature({
          secrets, timestamp: String(NOW_S), signature, rawBody: BODY, nowS: NOW_S,
        });
        assert.deepEqual(result, { ok: false, reason: "bad_signature" });
      }
    },
  },
  {
    name: "signedHeaders produces headers that verifySignature accepts",
    run: async () => {
      const headers = await signedHeaders("channel-1", SECRET, BODY, NOW_S + 0.75);
      assert.equal(headers["x-channel-id"], "channel-1");
      assert.equal(headers["x-timestamp"], String(NOW_S));
      assert.equal(headers["content-type"], "application/json");
      assert.equal(headers["x-signature"], referenceSignature(SECRET, NOW_S, BODY));
      const result = await verifySignature({
        secrets: [SECRET],
        timestamp: headers["x-timestamp"] ?? null,
        signature: headers["x-signature"] ?? null,
        rawBody: BODY,
        nowS: NOW_S,
      });
      assert.deepEqual(result, { ok: true });
    },
  },
  {
    name: "signing and verifying again with the same secrets (keys remembered) give the answers of the first time, past the cache's size too",
    run: async () => {
      const secrets = Array.from({ length: 150 }, (_, i) => `secret-${i}`);
      for (let round = 0; round < 2; round += 1) {
        for (const secret of secrets) {
          const signature = await signBody(secret, NOW_S, BODY);
          assert.equal(signature, referenceSignature(secret, NOW_S, BODY), secret);
          const input = { timestamp: String(NOW_S), signature, rawBody: BODY, nowS: NOW_S };
          assert.deepEqual(await verifySignature({ ...input, secrets: [secret] }), { ok: true }, secret);
          assert.deepEqual(await verifySignature({ ...input, secrets: [`${secret}x`] }), { ok: false, reason: "bad_signature" }, secret);
        }
      }
    },
  },
];
