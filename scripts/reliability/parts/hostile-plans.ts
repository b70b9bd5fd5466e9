/**
 * fast-check arbitraries of hostile requests, as plain data: what to send, where, how to sign it.
 * Bodies are built lazily (`body()`), so ten thousand plans with megabyte bodies do not sit in
 * memory at once. Every plan but a replay must be refused with a 4xx; where a signature is valid,
 * the body is invalid by construction (a valid, validly signed message would rightly be processed).
 */
import fc from "fast-check";
import { MAX_BODY_BYTES, MAX_CLOCK_SKEW_S, MAX_MESSAGE_CHARS, MAX_OUTBOX_CLAIM, OUTBOX_ACK_PATH, OUTBOX_CLAIM_PATH } from "../../../shared/contract/index.ts";

export interface Captured {
  raw: string;
  headers: Record<string, string>;
  response: string | null;
}

export type PlanBody =
  | { kind: "none" }
  | { kind: "text"; text: string }
  | { kind: "stream"; text: string }
  | { kind: "bytes"; bytes: Uint8Array<ArrayBuffer>; text: string };

export type PlanAuth =
  | { kind: "none" }
  | { kind: "headers"; headers: Record<string, string> }
  | {
    kind: "signed";
    /** The demo channel and its secret unless given. */
    channelId?: string;
    secret?: string;
    timestamp: string | { offsetS: number };
    /** Sign this instead of the body sent (a tampered body). */
    signedText?: string;
    mangle?: (signature: string) => string;
  }
  | { kind: "replay"; index: number; fresh: boolean };

export interface Plan {
  category: string;
  method: string;
  /** Appended to the gateway's base URL. */
  path: string;
  contentType: string | null;
  body: () => PlanBody;
  auth: PlanAuth;
}

const JSON_TYPE = "application/json";
/** Safely outside the signature window even after the request's own travel time and rounding. */
const STALE_MARGIN_S = MAX_CLOCK_SKEW_S + 5;
const MAX_SKEW_TRIED_S = 10_000_000;
/** The gateway's own limit for function bodies (scripts/stack/gateway/proxy.ts). */
const GATEWAY_LIMIT_BYTES = 20 * 1024 * 1024;
const DEEPEST = 30_000;
const RPC_NAMES = ["begin_turn", "complete_turn", "claim_slot", "confirm_hold", "cancel_appointment", "channel_secrets", "claim_outbox", "ack_outbox", "generate_slots", "search_faqs"];
const TABLES = ["patients", "appointments", "channels", "messages", "slots"];

const now = { offsetS: 0 };
/** Signed now with the demo channel's secret, unless `extra` says otherwise. */
const signed = (extra: Partial<Extract<PlanAuth, { kind: "signed" }>> = {}): PlanAuth => ({ kind: "signed", timestamp: now, ...extra });
const text = (t: string): (() => PlanBody) => () => ({ kind: "text", text: t });
const hex = (length: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });
/** Printable ASCII and Latin-1 letters: anything fetch can put in a header. */
const headerJunk = fc.stringMatching(/^[\x20-\x7eéñçü]{0,60}$/);
const pad = (n: number): string => String(n).padStart(6, "0");

/** A valid inbound message from a made-up patient, as the contract wants it. */
const validMessage = fc.record({
  id: fc.stringMatching(/^[A-Z0-9]{1,24}$/),
  n: fc.nat(999_999),
  text: fc.constantFrom("hi", "menu", "1", "Is there parking?", "book a general consultation tomorrow at 10am", "cancel my appointment"),
  pushName: fc.option(fc.constantFrom("Ana", "José Ñúñez", "李雷", "محمد"), { nil: null }),
}).map((m) => ({
  messageId: `FUZZ${m.id}`,
  chatJid: `15558${pad(m.n)}@s.whatsapp.net`,
  phone: `+15558${pad(m.n)}`,
  pushName: m.pushName,
  message: m.text,
  timestamp: new Date().toISOString(),
}));

const post = (category: string, path: string, body: () => PlanBody, auth: PlanAuth, contentType: string | null = JSON_TYPE): Plan => ({
  category, method: "POST", path, contentType, body, auth,
});

function badSignatures(fn: string): fc.Arbitrary<Plan> {
  const auth: fc.Arbitrary<(raw: string) => PlanAuth> = fc.oneof(
    fc.string({ minLength: 32, maxLength: 64 }).map((secret) => () => signed({ secret: `x${secret}` })),
    fc.constant((raw: string) => signed({ signedText: `${raw} ` })),
    hex(64).map((mac) => () => signed({ mangle: () => `sha256=${mac}` })),
    fc.constantFrom<(s: string) => string>(
      (s) => s.slice("sha256=".length),
      (s) => `sha1=${s.slice("sha256=".length)}`,
      (s) => s.slice(0, -2),
      (s) => `${s.slice(0, -1)}g`,
      () => "",
      (s) => `${s}${s.slice("sha256=".length)}`,
      (s) => `sha256=${"0".repeat(64)}`,
      (s) => s.replace("sha256=", "SHA256="),
    ).map((mangle) => () => signed({ mangle })),
    fc.uuid().map((channelId) => () => signed({ channelId, secret: "a".repeat(40) })),
    headerJunk.map((channelId) => () => signed({ channelId })),
    fc.constantFrom<readonly string[]>(["x-channel-id"], ["x-timestamp"], ["x-signature"], ["x-channel-id", "x-signature"]).map((drop) => (raw: string): PlanAuth => ({
      kind: "headers",
      headers: Object.fromEntries(Object.entries({ "x-channel-id": "c4a77e10-0000-4000-8000-000000000001", "x-timestamp": String(Math.floor(Date.now() / 1000)), "x-signature": `sha256=${raw.length.toString(16).padStart(64, "0")}` }).filter(([h]) => !drop.includes(h))),
    })),
  );
  return fc.tuple(validMessage, auth).map(([message, sign]) => {
    const raw = JSON.stringify(message);
    return post("bad signature", fn, text(raw), sign(raw));
  });
}

function replays(fn: string): fc.Arbitrary<Plan> {
  return fc.record({ index: fc.nat(100), fresh: fc.boolean() }).map(({ index, fresh }) => post("replay", fn, text(""), { kind: "replay", index, fresh }));
}

function timestamps(fn: string): fc.Arbitrary<Plan> {
  const timestamp = fc.oneof(
    fc.integer({ min: STALE_MARGIN_S, max: MAX_SKEW_TRIED_S }).map((s) => ({ offsetS: -s })),
    fc.integer({ min: STALE_MARGIN_S, max: MAX_SKEW_TRIED_S }).map((s) => ({ offsetS: s })),
    // Only what fits in a header (fetch refuses characters beyond Latin-1 before sending).
    fc.constantFrom("", "abc", "-1", "1e9", "1700000000.5", " 1700000000", "9999999999999", "0x10", "½", "NaN", "0", "+1700000000"),
  );
  return fc.tuple(validMessage, timestamp).map(([message, ts]) => post("stale, future or malformed timestamp", fn, text(JSON.stringify(message)), signed({ timestamp: ts })));
}

/** Values no field of the contract accepts, per field. */
const INVALID: Record<string, unknown[]> = {
  messageId: [123, null, [], {}, "", "x".repeat(257), "a\u0000b"],
  chatJid: ["status@broadcast", "120363000000000000@g.us", "abc@s.whatsapp.net", 5, null, "", `${"1".repeat(21)}@s.whatsapp.net`],
  phone: ["15551234567", "+0123456", 15551234567, "", "++15551234567", "+1 555 123"],
  pushName: [5, {}, "x".repeat(257), "a\u0000"],
  message: ["", 5, null, [], { text: "hi" }, "x".repeat(MAX_MESSAGE_CHARS + 1), "a\ud800b"],
  timestamp: ["yesterday", 1700000000, "", "2026-13-45T00:00:00Z", null],
  quoted: ["x", { messageId: 5 }, { messageId: "a", text: 5 }, [], { text: "hi" }],
};

function wrongTypes(fn: string): fc.Arbitrary<Plan> {
  const field = fc.constantFrom(...Object.keys(INVALID));
  const mutated = fc.tuple(validMessage, field, fc.nat(), fc.boolean()).map(([message, key, pick, drop]) => {
    const copy: Record<string, unknown> = { ...message };
    // Every field but `quoted` is required: leaving one out is as wrong as a bad value.
    if (drop && key !== "quoted") delete copy[key];
    else copy[key] = INVALID[key]![pick % INVALID[key]!.length];
    return JSON.stringify(copy);
  });
  const notAMessage = fc.oneof(
    fc.constantFrom("[]", '"hi"', "42", "null", "true", "", "{", "{}", '{"message": "hi"}', "\u0000", "[1,2,3]"),
    fc.string({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== "object" || v === null || Array.isArray(v)).map((v) => JSON.stringify(v) ?? "null"),
  );
  return fc.oneof(mutated, notAMessage).map((raw) => post("wrong types", fn, text(raw), signed()));
}

function deepNesting(fn: string): fc.Arbitrary<Plan> {
  return fc.record({ depth: fc.integer({ min: 1, max: DEEPEST }), shape: fc.constantFrom("message-array", "message-object", "whole-array", "whole-object"), message: validMessage })
    .map(({ depth, shape, message }) => {
      const build = (): string => {
        switch (shape) {
          case "message-array":
            return JSON.stringify({ ...message, message: null }).replace('"message":null', `"message":${"[".repeat(depth)}${"]".repeat(depth)}`);
          case "message-object":
            return JSON.stringify({ ...message, message: null }).replace('"message":null', `"message":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
          case "whole-array":
            return `${"[".repeat(depth)}${"]".repeat(depth)}`;
          default:
            return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
        }
      };
      return post("deep nesting", fn, () => ({ kind: "text", text: build() }), signed());
    });
}

function hugeBodies(fn: string): fc.Arbitrary<Plan> {
  const size = fc.oneof(
    { weight: 200, arbitrary: fc.integer({ min: MAX_BODY_BYTES + 1, max: 2 * 1024 * 1024 }) },
    { weight: 1, arbitrary: fc.integer({ min: GATEWAY_LIMIT_BYTES + 1, max: GATEWAY_LIMIT_BYTES + 1024 * 1024 }) },
  );
  return fc.record({ size, stream: fc.boolean(), isSigned: fc.boolean(), path: fc.constantFrom("", OUTBOX_CLAIM_PATH, OUTBOX_ACK_PATH) }).map(({ size, stream, isSigned, path }) => {
    const build = (): PlanBody => {
      const raw = `{"message":"${"x".repeat(size)}"}`;
      return stream ? { kind: "stream", text: raw } : { kind: "text", text: raw };
    };
    return post("huge body", `${fn}${path}`, build, isSigned ? signed() : { kind: "none" });
  });
}

function oddUnicode(fn: string): fc.Arbitrary<Plan> {
  const signedWith = (raw: string, auth: PlanAuth = signed()): Plan => post("odd unicode", fn, text(raw), auth);
  return fc.oneof(
    fc.tuple(validMessage, fc.string({ unit: "grapheme", maxLength: 20 }), fc.constantFrom("\u0000", "\ud800", "\udfff", "\u202e\u0000")).map(([m, around, bad]) =>
      signedWith(JSON.stringify({ ...m, message: `${around}${bad}${around}` }))),
    fc.tuple(validMessage, fc.constantFrom("\u0000", "\ud83d")).map(([m, bad]) => signedWith(JSON.stringify({ ...m, pushName: `Ana${bad}` }))),
    fc.tuple(validMessage, fc.constantFrom("\ud800", "\u0000")).map(([m, bad]) => signedWith(JSON.stringify({ ...m, messageId: `FUZZ${bad}` }))),
    // Bytes that are not UTF-8, signed as a careless client would (over them read as Latin-1).
    fc.tuple(validMessage, fc.constantFrom(0xff, 0xfe, 0xc0, 0x80, 0xed)).map(([m, byte]) => {
      const raw = JSON.stringify(m).replace('"message":"', `"message":"${String.fromCharCode(byte)}`);
      const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff);
      return post("odd unicode", fn, () => ({ kind: "bytes", bytes, text: raw }), signed({ signedText: raw }));
    }),
    // A byte-order mark before the JSON, signed with it.
    validMessage.map((m) => {
      const raw = `\ufeff${JSON.stringify(m)}`;
      return signedWith(raw);
    }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).map((s) => post("odd unicode", `${fn}/${encodeURIComponent(s)}`, text("{}"), { kind: "none" })),
    validMessage.map((m) => signedWith(JSON.stringify(m), signed({ channelId: "c4a77e10-0000-4000-8000-00000000000é" }))),
  );
}

function methodsAndPaths(fn: string): fc.Arbitrary<Plan> {
  const route = fc.constantFrom("", "/", OUTBOX_CLAIM_PATH, OUTBOX_ACK_PATH, "/dead-letter");
  const junkSegment = fc.stringMatching(/^[a-zA-Z0-9._~%-]{1,40}$/);
  return fc.oneof(
    fc.tuple(fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"), route).map(([method, r]): Plan => ({
      category: "wrong method or path", method, path: `${fn}${r}`, contentType: JSON_TYPE, body: text("{}"), auth: { kind: "none" },
    })),
    junkSegment.map((s) => post("wrong method or path", `${fn}/${s}`, text("{}"), signed())),
    junkSegment.map((s) => post("wrong method or path", `/functions/v1/${s}`, text("{}"), { kind: "none" })),
    fc.constantFrom("/functions/v1/%", "/functions/v1/%zz", "/functions/v1/whatsapp-webhook%", "/%", "/functions/v1/..%2F..%2Fetc", "/functions/v1//", "/rest/v1/%", "/functions/v1/whatsapp-webhook/outbox/claim/x")
      .map((path) => post("wrong method or path", path, text("{}"), { kind: "none" })),
    fc.tuple(fc.constantFrom(...RPC_NAMES), fc.constantFrom("POST", "GET"), fc.constantFrom(null, "Bearer x.y.z", "Bearer ")).map(([name, method, bearer]): Plan => ({
      category: "wrong method or path",
      method,
      path: `/rest/v1/rpc/${name}${method === "GET" ? "?p_limit=1" : ""}`,
      contentType: JSON_TYPE,
      body: text('{"p_limit": 1}'),
      auth: bearer === null ? { kind: "none" } : { kind: "headers", headers: { authorization: bearer } },
    })),
    fc.constantFrom(...TABLES).map((table): Plan => ({ category: "wrong method or path", method: "GET", path: `/rest/v1/${table}`, contentType: null, body: () => ({ kind: "none" }), auth: { kind: "none" } })),
    fc.integer({ min: 2_000, max: 20_000 }).map((length) => post("wrong method or path", `${fn}/${"a".repeat(length)}`, text("{}"), { kind: "none" })),
  );
}

function contentTypes(fn: string): fc.Arbitrary<Plan> {
  return fc.tuple(validMessage, fc.constantFrom<string | null>(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "json", "application/json-patch+json"))
    .map(([message, type]) => post("wrong content type", fn, text(JSON.stringify(message)), signed(), type));
}

function outboxBodies(fn: string): fc.Arbitrary<Plan> {
  const claim = fc.constantFrom(0, -1, MAX_OUTBOX_CLAIM + 1, 1.5, "10", null, true).map((limit) => post("outbox body", `${fn}${OUTBOX_CLAIM_PATH}`, text(JSON.stringify({ limit })), signed()));
  const ack = fc.tuple(fc.uuid(), fc.constantFrom("not-a-uuid", "uuid"), fc.constantFrom("sent", "failed", "done", "", 1)).map(([uuid, idKind, status]) =>
    post("outbox body", `${fn}${OUTBOX_ACK_PATH}`, text(JSON.stringify({ id: idKind === "uuid" ? uuid : idKind, status })), signed()));
  const unsigned = fc.constantFrom(OUTBOX_CLAIM_PATH, OUTBOX_ACK_PATH).map((path) => post("outbox body", `${fn}${path}`, text('{"limit": 5}'), { kind: "none" }));
  return fc.oneof(claim, ack, unsigned);
}

/** Every kind of hostile request, about equally often (huge bodies less: they cost the most to send). */
export function hostilePlan(functionPath: string): fc.Arbitrary<Plan> {
  return fc.oneof(
    { weight: 4, arbitrary: badSignatures(functionPath) },
    { weight: 1, arbitrary: replays(functionPath) },
    { weight: 2, arbitrary: timestamps(functionPath) },
    { weight: 4, arbitrary: wrongTypes(functionPath) },
    { weight: 1, arbitrary: deepNesting(functionPath) },
    { weight: 1, arbitrary: hugeBodies(functionPath) },
    { weight: 2, arbitrary: oddUnicode(functionPath) },
    { weight: 3, arbitrary: methodsAndPaths(functionPath) },
    { weight: 1, arbitrary: contentTypes(functionPath) },
    { weight: 1, arbitrary: outboxBodies(functionPath) },
  );
}
