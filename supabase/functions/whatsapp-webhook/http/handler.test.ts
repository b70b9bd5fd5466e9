/**
 * The HTTP layer's contract without a database: routing, the fixed order of checks, the error
 * bodies, signature handling with rotation, the outbox routes and the per-request log line. The
 * channel directory, outbox and turn are in-memory fakes.
 */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { MAX_BODY_BYTES, MAX_CLOCK_SKEW_S, type OutboxAckRequest, type OutboxMessage } from "../../../../shared/contract/index.ts";
import { signedHeaders } from "../../../../shared/signing/index.ts";
import type { RunTurn, TurnInput } from "../../_shared/deps.ts";
import { createLogger, type LogLevel } from "../../_shared/logger.ts";
import { RpcError } from "../../_shared/rpc.ts";
import { TurnError } from "../turn/errors.ts";
import { OutboxNotFoundError, type OutboxStore } from "../outbox/store.ts";
import type { DeadLetterStore } from "../staff/dead-letter.ts";
import { type ChannelRecord, createChannelDirectory, MIN_REFRESH_INTERVAL_MS } from "./channel-directory.ts";
import { createHandler } from "./handler.ts";

const CHANNEL_ID = "6f1c7c1e-8a51-4c89-9a57-0d5c3b1f2e01";
const SECRET = "current-secret-current-secret-0001";
const PREVIOUS_SECRET = "previous-secret-previous-secret-01";
const CONVERSATION_ID = "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11";
const NOW = new Date("2026-11-21T10:30:00.000Z");
const NOW_S = NOW.getTime() / 1000;
const BASE = "http://localhost/whatsapp-webhook";

const MESSAGE = {
  messageId: "3EB0C4F1A2",
  chatJid: "15551234567@s.whatsapp.net",
  phone: "+15551234567",
  pushName: "Ana",
  message: "where do I park?",
  timestamp: "2026-11-21T10:30:00.000Z",
};

interface Harness {
  handle: (request: Request) => Promise<Response>;
  turns: TurnInput[];
  lookups: string[];
  acks: OutboxAckRequest[];
  claims: Array<{ limit: number; pacedLimit: number | undefined }>;
  deadLetters: string[];
  logs: Array<Record<string, unknown>>;
  /** What the database holds; each lookup returns a copy, as a real query would. */
  channel: ChannelRecord;
  clock: { now: Date };
}

function harness(options: { runTurn?: RunTurn; logLevel?: LogLevel; secrets?: string[]; logPatientText?: boolean } = {}): Harness {
  const turns: TurnInput[] = [];
  const lookups: string[] = [];
  const acks: OutboxAckRequest[] = [];
  const claims: Array<{ limit: number; pacedLimit: number | undefined }> = [];
  const deadLetters: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const channel: ChannelRecord = {
    id: CHANNEL_ID,
    clinicId: "9d7c6b5a-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
    clinicName: "Sunrise Family Clinic",
    secrets: options.secrets ?? [SECRET, PREVIOUS_SECRET],
  };
  const clock = { now: NOW };
  const channels = createChannelDirectory(async (id) => {
    lookups.push(id);
    return id === CHANNEL_ID ? { ...channel, secrets: [...channel.secrets] } : null;
  }, () => clock.now.getTime());
  const claimed: OutboxMessage = {
    id: "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
    chatJid: MESSAGE.chatJid,
    phone: MESSAGE.phone,
    text: "Your results are ready.",
    kind: "staff_reply",
  };
  const outbox: OutboxStore = {
    claim: async (_channelId, limit, _now, pacedLimit) => {
      claims.push({ limit, pacedLimit });
      return [claimed];
    },
    ack: async (_channelId, request) => {
      acks.push(request);
      if (request.id !== claimed.id) throw new OutboxNotFoundError(request.id);
      return request.status === "sent" ? "sent" : "pending";
    },
  };
  const reported: DeadLetterStore = {
    record: async (_channelId, report) => {
      const duplicate = deadLetters.includes(report.messageId);
      deadLetters.push(report.messageId);
      return { conversationId: CONVERSATION_ID, alerted: !duplicate, duplicate };
    },
  };
  const runTurn: RunTurn = options.runTurn ?? (async (_deps, input) => {
    turns.push(input);
    return { conversationId: CONVERSATION_ID, response: "Free parking is behind the building.", duplicate: false };
  });
  const handle = createHandler({
    db: {} as unknown as SupabaseClient,
    runTurn,
    answerQuestion: () => Promise.reject(new Error("not used by these tests")),
    now: () => clock.now,
    log: createLogger({ level: options.logLevel ?? "info", write: (line) => logs.push(JSON.parse(line)), now: () => clock.now }),
    channels,
    outbox,
    deadLetters: reported,
    logPatientText: options.logPatientText ?? false,
  });
  return { handle, turns, lookups, acks, claims, deadLetters, logs, channel, clock };
}

async function signed(
  body: string,
  overrides: { path?: string; secret?: string; nowS?: number; channelId?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const headers = await signedHeaders(overrides.channelId ?? CHANNEL_ID, overrides.secret ?? SECRET, body, overrides.nowS ?? NOW_S);
  return new Request(`${BASE}${overrides.path ?? ""}`, { method: "POST", headers: { ...headers, ...overrides.headers }, body });
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  assert.equal(response.status, status);
  assert.equal(response.headers.get("content-type"), "application/json");
  const body = await response.json();
  assert.equal(body.success, false);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, "string");
  assert.doesNotMatch(body.error.message, /\bat .*\.ts:\d+/, "no stack trace");
  return body.error.message;
}

Deno.test("a signed message runs one turn and answers with the contract's success body", async () => {
  const h = harness();
  const response = await h.handle(await signed(JSON.stringify(MESSAGE)));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    success: true,
    conversationId: CONVERSATION_ID,
    response: "Free parking is behind the building.",
    duplicate: false,
  });
  assert.deepEqual(h.turns, [{
    channel: { id: CHANNEL_ID, clinicId: h.channel.clinicId, clinicName: "Sunrise Family Clinic" },
    message: MESSAGE,
  }]);
});

Deno.test("the function answers on its own path and on the gateway's /functions/v1 path", async () => {
  const h = harness();
  for (const url of [`${BASE}`, `${BASE}/`, "http://localhost/functions/v1/whatsapp-webhook"]) {
    const body = JSON.stringify(MESSAGE);
    const request = new Request(url, { method: "POST", headers: await signedHeaders(CHANNEL_ID, SECRET, body, NOW_S), body });
    assert.equal((await h.handle(request)).status, 200, url);
  }
});

Deno.test("an unknown path is 404 not_found", async () => {
  const h = harness();
  await expectError(await h.handle(await signed("{}", { path: "/admin" })), 404, "not_found");
  await expectError(await h.handle(new Request("http://localhost/other-function", { method: "POST" })), 404, "not_found");
});

Deno.test("a method other than POST is 405 method_not_allowed and says POST is allowed", async () => {
  const h = harness();
  const response = await h.handle(new Request(BASE, { method: "GET" }));
  assert.equal(response.headers.get("allow"), "POST");
  await expectError(response, 405, "method_not_allowed");
});

Deno.test("the method is checked before the content type", async () => {
  const h = harness();
  const response = await h.handle(new Request(BASE, { method: "PUT", headers: { "content-type": "text/plain" }, body: "x" }));
  await expectError(response, 405, "method_not_allowed");
});

Deno.test("a body that is not application/json is 415 unsupported_media_type", async () => {
  const h = harness();
  const request = await signed(JSON.stringify(MESSAGE), { headers: { "content-type": "text/plain" } });
  await expectError(await h.handle(request), 415, "unsupported_media_type");
  assert.equal(h.turns.length, 0);
});

Deno.test("application/json with a charset parameter is accepted", async () => {
  const h = harness();
  const request = await signed(JSON.stringify(MESSAGE), { headers: { "content-type": "Application/JSON; charset=utf-8" } });
  assert.equal((await h.handle(request)).status, 200);
});

Deno.test("a declared content-length over 64 KiB is 413 before the body is read", async () => {
  const h = harness();
  const request = await signed(JSON.stringify(MESSAGE), { headers: { "content-length": String(MAX_BODY_BYTES + 1) } });
  await expectError(await h.handle(request), 413, "payload_too_large");
  assert.equal(request.bodyUsed, false);
});

Deno.test("a streamed body that grows past 64 KiB is 413 even without content-length", async () => {
  const h = harness();
  const chunk = new Uint8Array(16_384).fill(0x20);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > MAX_BODY_BYTES * 2) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: stream });
  await expectError(await h.handle(request), 413, "payload_too_large");
  assert.ok(sent <= MAX_BODY_BYTES + 2 * chunk.byteLength, `read ${sent} bytes`);
});

Deno.test("a body of exactly 64 KiB is read and judged on its merits", async () => {
  const h = harness();
  const padded = JSON.stringify(MESSAGE).padEnd(MAX_BODY_BYTES, " ");
  const response = await h.handle(await signed(padded));
  assert.equal(response.status, 200);
});

Deno.test("unsigned, wrongly signed, stale, unknown-channel and malformed-channel requests are all the same 401", async () => {
  const body = JSON.stringify(MESSAGE);
  const cases: Array<[string, Request]> = [
    ["unsigned", new Request(BASE, { method: "POST", headers: { "content-type": "application/json", "x-channel-id": CHANNEL_ID }, body })],
    ["wrong secret", await signed(body, { secret: "some-other-secret-some-other-secret" })],
    ["stale", await signed(body, { nowS: NOW_S - MAX_CLOCK_SKEW_S - 1 })],
    ["future", await signed(body, { nowS: NOW_S + MAX_CLOCK_SKEW_S + 1 })],
    ["unknown channel", await signed(body, { channelId: "00000000-0000-4000-8000-000000000000" })],
    ["not a uuid", await signed(body, { channelId: "demo" })],
  ];
  const messages = new Set<string>();
  for (const [name, request] of cases) {
    const h = harness();
    messages.add(await expectError(await h.handle(request), 401, "unauthorized"));
    assert.equal(h.turns.length, 0, name);
  }
  assert.equal(messages.size, 1, "one answer for every cause");
});

Deno.test("malformed or stale headers are refused without looking the channel up", async () => {
  const h = harness();
  await h.handle(await signed(JSON.stringify(MESSAGE), { nowS: NOW_S - MAX_CLOCK_SKEW_S - 1 }));
  await h.handle(await signed("{}", { channelId: "not-a-uuid" }));
  assert.deepEqual(h.lookups, []);
});

Deno.test("the signature is checked before the JSON is parsed", async () => {
  const h = harness();
  await expectError(await h.handle(await signed("{not json", { secret: "wrong-secret-wrong-secret-wrong-00" })), 401, "unauthorized");
});

Deno.test("a message signed with a previous secret is accepted during rotation", async () => {
  const h = harness();
  assert.equal((await h.handle(await signed(JSON.stringify(MESSAGE), { secret: PREVIOUS_SECRET }))).status, 200);
});

Deno.test("a secret rotated after the channel was cached is picked up before the cache expires", async () => {
  const h = harness({ secrets: [SECRET] });
  const body = JSON.stringify(MESSAGE);
  assert.equal((await h.handle(await signed(body))).status, 200);
  const rotated = "rotated-secret-rotated-secret-0001";
  h.channel.secrets = [rotated, SECRET];

  h.clock.now = new Date(NOW.getTime() + 1_000);
  const soon = await h.handle(await signed(body, { secret: rotated, nowS: h.clock.now.getTime() / 1000 }));
  assert.equal(soon.status, 401, "refreshes are rate limited, so a burst of bad signatures costs one lookup");

  h.clock.now = new Date(NOW.getTime() + MIN_REFRESH_INTERVAL_MS + 1_000);
  const later = await h.handle(await signed(body, { secret: rotated, nowS: h.clock.now.getTime() / 1000 }));
  assert.equal(later.status, 200);
  assert.equal(h.lookups.length, 2);
});

Deno.test("a cached channel is not looked up again for every request", async () => {
  const h = harness();
  for (let i = 0; i < 3; i += 1) await h.handle(await signed(JSON.stringify({ ...MESSAGE, messageId: `m${i}` })));
  assert.equal(h.lookups.length, 1);
});

Deno.test("invalid JSON is 400 invalid_payload", async () => {
  const h = harness();
  const message = await expectError(await h.handle(await signed("{\"messageId\": ")), 400, "invalid_payload");
  assert.equal(message, "body is not valid JSON");
});

Deno.test("a missing field is 400 invalid_payload naming the field", async () => {
  const h = harness();
  const { chatJid: _omitted, ...withoutChat } = MESSAGE;
  const message = await expectError(await h.handle(await signed(JSON.stringify(withoutChat))), 400, "invalid_payload");
  assert.match(message, /^chatJid: /);
});

Deno.test("a message of 4097 characters is 400 invalid_payload naming message", async () => {
  const h = harness();
  const body = JSON.stringify({ ...MESSAGE, message: "a".repeat(4097) });
  const message = await expectError(await h.handle(await signed(body)), 400, "invalid_payload");
  assert.match(message, /^message: /);
  assert.equal(h.turns.length, 0);
});

Deno.test("a NUL character or a lone surrogate in any text field is 400 invalid_payload naming it, and no turn runs", async () => {
  const h = harness();
  for (const field of ["message", "pushName", "messageId", "chatJid"] as const) {
    for (const bad of ["a\u0000b", "half \uD83D emoji"]) {
      const value = field === "chatJid" ? `${bad}@s.whatsapp.net` : bad;
      const message = await expectError(await h.handle(await signed(JSON.stringify({ ...MESSAGE, [field]: value }))), 400, "invalid_payload");
      assert.match(message, new RegExp(`^${field}: `));
    }
  }
  assert.equal(h.turns.length, 0);
});

Deno.test("a transient turn failure is 503 unavailable without internal detail", async () => {
  const h = harness({ runTurn: () => Promise.reject(new TurnError("transient", "version conflict retries exhausted on conversation x")) });
  const message = await expectError(await h.handle(await signed(JSON.stringify(MESSAGE))), 503, "unavailable");
  assert.doesNotMatch(message, /version|conversation/);
});

Deno.test("an unexpected exception is 500 internal_error and logged once as an error with its cause", async () => {
  const h = harness({ runTurn: () => Promise.reject(new TypeError("cannot read properties of undefined")) });
  const message = await expectError(await h.handle(await signed(JSON.stringify(MESSAGE))), 500, "internal_error");
  assert.doesNotMatch(message, /TypeError|undefined/);
  assert.equal(h.logs.length, 1);
  const line = h.logs[0];
  assert.equal(line?.level, "error");
  assert.match(String(line?.detail), /TypeError: cannot read/);
});

Deno.test("a unique violation from an RPC is a bug: 500 internal_error, logged once with the RPC, its SQLSTATE and the message id, never the text", async () => {
  const violation = new RpcError("begin_turn", "rejected", "23505", 409, 'duplicate key value violates unique constraint "messages_channel_wa_message_key"');
  const h = harness({ runTurn: () => Promise.reject(violation) });
  const message = await expectError(await h.handle(await signed(JSON.stringify(MESSAGE))), 500, "internal_error");
  assert.doesNotMatch(message, /duplicate|begin_turn|23505/);
  assert.equal(h.logs.length, 1);
  const line = h.logs[0];
  assert.equal(line?.level, "error");
  assert.match(String(line?.detail), /rpc rejected 23505: begin_turn: duplicate key/);
  assert.equal(line?.message_id, MESSAGE.messageId);
  assert.ok(!JSON.stringify(line).includes(MESSAGE.message), "the patient's text is not logged");
});

Deno.test("a deadlock reported by an RPC is transient: 503 unavailable, logged as a warning", async () => {
  const deadlock = new RpcError("begin_turn", "transient", "40P01", 500, "deadlock detected");
  const h = harness({ runTurn: () => Promise.reject(new TurnError("transient", deadlock.message, { cause: deadlock })) });
  await expectError(await h.handle(await signed(JSON.stringify(MESSAGE))), 503, "unavailable");
  assert.equal(h.logs.at(-1)?.level, "warn");
});

Deno.test("an outbox claim passes the limit, twenty by default, and returns the messages", async () => {
  const h = harness();
  const response = await h.handle(await signed("{}", { path: "/outbox/claim" }));
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.messages.length, 1);
  assert.equal(body.messages[0].kind, "staff_reply");
  await h.handle(await signed(JSON.stringify({ limit: 5 }), { path: "/outbox/claim" }));
  assert.deepEqual(h.claims, [{ limit: 20, pacedLimit: undefined }, { limit: 5, pacedLimit: undefined }]);
});

Deno.test("an outbox claim passes the bound on paced messages when the bot gives one, zero included", async () => {
  const h = harness();
  await h.handle(await signed(JSON.stringify({ limit: 20, pacedLimit: 0 }), { path: "/outbox/claim" }));
  await h.handle(await signed(JSON.stringify({ limit: 20, pacedLimit: 3 }), { path: "/outbox/claim" }));
  assert.deepEqual(h.claims, [{ limit: 20, pacedLimit: 0 }, { limit: 20, pacedLimit: 3 }]);
  await expectError(await h.handle(await signed(JSON.stringify({ limit: 20, pacedLimit: -1 }), { path: "/outbox/claim" })), 400, "invalid_payload");
  assert.equal(h.claims.length, 2);
});

Deno.test("an outbox claim of more than fifty is 400 invalid_payload", async () => {
  const h = harness();
  await expectError(await h.handle(await signed(JSON.stringify({ limit: 51 }), { path: "/outbox/claim" })), 400, "invalid_payload");
  assert.deepEqual(h.claims, []);
});

Deno.test("an outbox ack answers the row's new status", async () => {
  const h = harness();
  const ack = { id: "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", status: "failed", error: "not on WhatsApp" };
  const response = await h.handle(await signed(JSON.stringify(ack), { path: "/outbox/ack" }));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { success: true, id: ack.id, status: "pending" });
  assert.deepEqual(h.acks, [ack]);
});

Deno.test("acking an id that is not this channel's is 400 invalid_payload naming the id (404 is for routes)", async () => {
  const h = harness();
  const ack = { id: "00000000-0000-4000-8000-000000000000", status: "sent" };
  const message = await expectError(await h.handle(await signed(JSON.stringify(ack), { path: "/outbox/ack" })), 400, "invalid_payload");
  assert.match(message, /^id: /);
});

Deno.test("each request writes one JSON log line with route, channel, conversation, status and duration", async () => {
  const h = harness();
  await h.handle(await signed(JSON.stringify(MESSAGE)));
  assert.equal(h.logs.length, 1);
  const line = h.logs[0] ?? {};
  assert.equal(line.msg, "request");
  assert.equal(line.level, "info");
  assert.equal(line.route, "turn");
  assert.equal(line.channel, CHANNEL_ID);
  assert.equal(line.conversation, CONVERSATION_ID);
  assert.equal(line.status, 200);
  assert.equal(line.outcome, "ok");
  assert.equal(typeof line.duration_ms, "number");
});

Deno.test("at info level no log line carries the patient's text or the reply", async () => {
  const h = harness();
  await h.handle(await signed(JSON.stringify(MESSAGE)));
  const written = JSON.stringify(h.logs);
  assert.doesNotMatch(written, /where do I park/);
  assert.doesNotMatch(written, /Free parking/);
});

Deno.test("at debug level no log line carries the patient's text either, unless LOG_PATIENT_TEXT is set", async () => {
  const h = harness({ logLevel: "debug" });
  await h.handle(await signed(JSON.stringify(MESSAGE)));
  const written = JSON.stringify(h.logs);
  assert.doesNotMatch(written, /where do I park/);
  assert.doesNotMatch(written, /Free parking/);
});

Deno.test("with LOG_PATIENT_TEXT at debug level the patient's text and the reply are logged", async () => {
  const h = harness({ logLevel: "debug", logPatientText: true });
  await h.handle(await signed(JSON.stringify(MESSAGE)));
  const written = JSON.stringify(h.logs);
  assert.match(written, /where do I park/);
  assert.match(written, /Free parking/);
});

Deno.test("with LOG_PATIENT_TEXT at info level no log line carries the patient's text", async () => {
  const h = harness({ logLevel: "info", logPatientText: true });
  await h.handle(await signed(JSON.stringify(MESSAGE)));
  assert.doesNotMatch(JSON.stringify(h.logs), /where do I park/);
});

Deno.test("a refused request is logged with its hidden reason", async () => {
  const h = harness();
  await h.handle(await signed(JSON.stringify(MESSAGE), { nowS: NOW_S - MAX_CLOCK_SKEW_S - 1 }));
  const line = h.logs[0] ?? {};
  assert.equal(line.status, 401);
  assert.equal(line.outcome, "unauthorized");
  assert.equal(line.detail, "stale");
  assert.equal(line.claimed_channel, CHANNEL_ID);
  assert.equal(line.channel, undefined, "an unverified channel is not logged as the channel");
});

Deno.test("a dead-letter report is recorded and answered with the patient's conversation, a repeat alike", async () => {
  const h = harness();
  const report = JSON.stringify({ ...MESSAGE, reason: "function unavailable for 60 minutes" });
  for (let i = 0; i < 2; i += 1) {
    const response = await h.handle(await signed(report, { path: "/dead-letter" }));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { success: true, conversationId: CONVERSATION_ID });
  }
  assert.deepEqual(h.deadLetters, [MESSAGE.messageId, MESSAGE.messageId]);
  assert.equal(h.logs.at(-1)?.route, "dead_letter");
  assert.equal(h.logs.at(-1)?.duplicate, true);
});

Deno.test("a dead-letter report without its reason, or unsigned, is refused and recorded nowhere", async () => {
  const h = harness();
  await expectError(await h.handle(await signed(JSON.stringify(MESSAGE), { path: "/dead-letter" })), 400, "invalid_payload");
  await expectError(await h.handle(await signed(JSON.stringify({ ...MESSAGE, reason: "x" }), { path: "/dead-letter", secret: "wrong-secret-wrong-secret-000001" })), 401, "unauthorized");
  assert.deepEqual(h.deadLetters, []);
});
