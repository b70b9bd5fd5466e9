/**
 * The wire contract through the local stack (gateway → Deno function → PostgREST-style RPCs):
 * every malformed or unauthenticated request gets the contract's status and error code and
 * stores nothing; a properly signed one is answered and recorded; rotated secrets still work.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import pg from "pg";
import { errorBodySchema, MAX_BODY_BYTES, MAX_CLOCK_SKEW_S, turnResponseSchema } from "../../shared/contract/index.ts";
import {
  countRows,
  createChannel,
  deleteChannel,
  inboundMessage,
  newSecret,
  nowS,
  postSigned,
  stackEnv,
  withDb,
} from "./support.ts";

const env = stackEnv();
const demo = { channelId: env.channelId, secret: env.channelSecret };

async function messageCount(): Promise<number> {
  return withDb(env.databaseUrl, (client) => countRows(client, "select 1 from public.messages"));
}

interface Case {
  name: string;
  status: number;
  code: string;
  /** The field the error message must name, for a payload the schema refuses. */
  field?: string;
  send: () => Promise<Response>;
}

const body = () => JSON.stringify(inboundMessage());

function unstorableCases(): Case[] {
  const texts = { "a NUL character": "hi\u0000there", "an unpaired surrogate": "half \uD83D an emoji" };
  return Object.entries(texts).flatMap(([what, text]) =>
    (["message", "pushName", "messageId", "chatJid"] as const).map((field): Case => ({
      name: `${what} in ${field}`,
      status: 400,
      code: "invalid_payload",
      field,
      send: () => {
        const value = field === "chatJid" ? `${text}@s.whatsapp.net` : text;
        return postSigned(env.functionUrl, JSON.stringify(inboundMessage({ [field]: value })), demo);
      },
    }))
  );
}

const badRequests: Case[] = [
  {
    name: "an unsigned request",
    status: 401,
    code: "unauthorized",
    send: () => fetch(env.functionUrl, { method: "POST", headers: { "content-type": "application/json", "x-channel-id": env.channelId }, body: body() }),
  },
  {
    name: "a request signed with the wrong secret",
    status: 401,
    code: "unauthorized",
    send: () => postSigned(env.functionUrl, body(), { ...demo, secret: newSecret() }),
  },
  {
    name: "a request with a stale timestamp",
    status: 401,
    code: "unauthorized",
    send: () => postSigned(env.functionUrl, body(), { ...demo, timestampS: nowS() - MAX_CLOCK_SKEW_S - 60 }),
  },
  {
    name: "a request for an unknown channel",
    status: 401,
    code: "unauthorized",
    send: () => postSigned(env.functionUrl, body(), { channelId: "00000000-0000-4000-8000-00000000dead", secret: env.channelSecret }),
  },
  {
    name: "malformed JSON",
    status: 400,
    code: "invalid_payload",
    send: () => postSigned(env.functionUrl, '{"messageId": "X1", ', demo),
  },
  {
    name: "a message without its required fields",
    status: 400,
    code: "invalid_payload",
    send: () => postSigned(env.functionUrl, JSON.stringify({ messageId: "X2", message: "hi" }), demo),
  },
  {
    name: "a message of 4097 characters",
    status: 400,
    code: "invalid_payload",
    send: () => postSigned(env.functionUrl, JSON.stringify(inboundMessage({ message: "a".repeat(4097) })), demo),
  },
  // Postgres text holds neither a NUL nor half a surrogate pair (22P05): refused as bad input,
  // never a 500 from the database. JSON.stringify writes them as \u escapes, as a sender would.
  ...unstorableCases(),
  {
    name: "a body larger than 64 KiB",
    status: 413,
    code: "payload_too_large",
    send: () => postSigned(env.functionUrl, JSON.stringify(inboundMessage()).padEnd(MAX_BODY_BYTES + 1, " "), demo),
  },
  {
    name: "a GET",
    status: 405,
    code: "method_not_allowed",
    send: () => fetch(env.functionUrl, { method: "GET" }),
  },
  {
    name: "a text/plain body",
    status: 415,
    code: "unsupported_media_type",
    send: () => postSigned(env.functionUrl, body(), demo, { "content-type": "text/plain" }),
  },
];

describe("requests the function refuses", () => {
  for (const c of badRequests) {
    test(`${c.name} is ${c.status} ${c.code} and stores nothing`, async () => {
      const before = await messageCount();
      const response = await c.send();
      expect(response.status).toBe(c.status);
      const parsed = errorBodySchema.parse(await response.json());
      expect(parsed.error.code).toBe(c.code);
      expect(parsed.error.message).not.toMatch(/\.ts:\d+|\n\s+at /);
      if (c.field !== undefined) expect(parsed.error.message.startsWith(`${c.field}:`), parsed.error.message).toBe(true);
      expect(await messageCount()).toBe(before);
    });
  }
});

describe("requests the function accepts", () => {
  let client: pg.Client | null = null;
  const created: string[] = [];

  beforeAll(async () => {
    client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    for (const id of created) await deleteChannel(client!, id);
    await client?.end();
  });

  test("a signed message is answered with the success body and recorded once", async () => {
    const message = inboundMessage({ message: "hi" });
    const raw = JSON.stringify(message);
    const response = await postSigned(env.functionUrl, raw, demo);
    expect(response.status).toBe(200);
    const answer = turnResponseSchema.parse(await response.json());
    expect(answer.duplicate).toBe(false);
    expect(await countRows(client!, "select 1 from public.messages where wa_message_id = $1", [message.messageId])).toBe(1);
  });

  test("a message signed with a channel's previous secret is accepted during rotation", async () => {
    const current = newSecret();
    const previous = newSecret();
    const channelId = await createChannel(client!, env.channelId, { secret: current, previousSecrets: [previous] });
    created.push(channelId);
    const withPrevious = await postSigned(env.functionUrl, JSON.stringify(inboundMessage()), { channelId, secret: previous });
    expect(withPrevious.status).toBe(200);
    const withCurrent = await postSigned(env.functionUrl, JSON.stringify(inboundMessage()), { channelId, secret: current });
    expect(withCurrent.status).toBe(200);
  });

  test("a disabled channel is refused like an unknown one", async () => {
    const secret = newSecret();
    const channelId = await createChannel(client!, env.channelId, { secret, enabled: false });
    created.push(channelId);
    const response = await postSigned(env.functionUrl, JSON.stringify(inboundMessage()), { channelId, secret });
    expect(response.status).toBe(401);
    expect(errorBodySchema.parse(await response.json()).error.code).toBe("unauthorized");
  });
});
