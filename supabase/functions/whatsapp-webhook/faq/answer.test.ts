/**
 * FAQ answering against a loopback stub of the Anthropic Messages API (the real SDK, pointed at
 * the stub with baseURL) and a fake search, so no database and no network are needed.
 */
import assert from "node:assert/strict";
import { createLogger } from "../../_shared/logger.ts";
import { parseConfig } from "../config.ts";
import { createAnswerQuestion, FAQ_MATCH_LIMIT } from "./answer.ts";
import { createClaude } from "./claude.ts";
import type { FaqMatch, FaqQuestion, SearchFaqs } from "./types.ts";

const MODEL = "claude-haiku-4-5";
/** Short enough that the timeout test is quick, long enough for a loopback answer. */
const TEST_TIMEOUT_MS = 300;

const PARKING: FaqMatch = {
  id: "0b7e1f7e-3c1a-4d2b-9f5e-2a6c8d9e0f11",
  question: "Is there parking?",
  answer: "Free parking is available behind the building; the entrance is on Oak Lane.",
  language: "en",
  score: 2.3,
};
const HOURS: FaqMatch = {
  id: "1c8f2a8f-4d2b-4e3c-8a6f-3b7d9e0f1a22",
  question: "What are your opening hours?",
  answer: "Monday to Saturday, 9:00 to 17:00.",
  language: "en",
  score: 0.6,
};
/** The fallback answer: the best row, as the clinic wrote it. */
const PARKING_VERBATIM = { kind: "answered", text: PARKING.answer, source: "verbatim", faqIds: [PARKING.id] };
const UNMATCHED_ANSWER = "A general consultation costs $80.";

const QUESTION: FaqQuestion = {
  clinicId: "9d7c6b5a-4e3f-4a1b-8c9d-0e1f2a3b4c5d",
  clinicName: "Sunrise Family Clinic",
  question: "¿Dónde puedo aparcar?",
  language: "es",
  history: [
    { direction: "in", body: "hola" },
    { direction: "out", body: "1. Book an appointment\n2. My appointments\n3. Ask a question\n4. Talk to staff" },
  ],
};

interface StubRequest {
  path: string;
  headers: Headers;
  body: Record<string, unknown>;
}

type StubBehaviour = "answer" | "error" | "hang" | "empty";

/** A Messages API stand-in on a free loopback port that records what it receives. */
function startStub(behaviour: StubBehaviour) {
  const requests: StubRequest[] = [];
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    requests.push({ path: url.pathname, headers: request.headers, body: await request.json() });
    switch (behaviour) {
      case "error":
        return Response.json({ type: "error", error: { type: "api_error", message: "Internal server error" } }, { status: 500 });
      case "hang":
        // Answers only when the test releases it, long after the client's timeout.
        await released;
        return Response.json({ type: "error", error: { type: "api_error", message: "too late" } }, { status: 500 });
      case "empty":
      case "answer":
        return Response.json({
          id: "msg_01XFDUDYJgAACzvnptvVoYEL",
          type: "message",
          role: "assistant",
          model: MODEL,
          content: behaviour === "empty" ? [] : [{ type: "text", text: "Hay aparcamiento *gratis* detrás del edificio (entrada por Oak Lane)." }],
          stop_reason: "end_turn",
          stop_sequence: null,
          usage: { input_tokens: 210, output_tokens: 24 },
        });
    }
  });
  const baseURL = `http://127.0.0.1:${server.addr.port}`;
  return {
    requests,
    baseURL,
    async stop() {
      release();
      await server.shutdown();
    },
  };
}

function searchReturning(matches: FaqMatch[]): SearchFaqs & { calls: Array<[string, string, number, string]> } {
  const calls: Array<[string, string, number, string]> = [];
  const search: SearchFaqs = (clinicId, query, limit, language) => {
    calls.push([clinicId, query, limit, language]);
    return Promise.resolve(matches);
  };
  return Object.assign(search, { calls });
}

function answerer(baseURL: string, matches: FaqMatch[], apiKey: string | null = "test-key") {
  const env: Record<string, string> = {
    SUPABASE_URL: "http://127.0.0.1:54321",
    SUPABASE_SERVICE_ROLE_KEY: "service-role-key",
    ANTHROPIC_BASE_URL: baseURL,
    ANTHROPIC_MODEL: MODEL,
  };
  if (apiKey !== null) env.ANTHROPIC_API_KEY = apiKey;
  const config = parseConfig(env);
  const claude = createClaude(config.anthropic, { timeoutMs: TEST_TIMEOUT_MS, maxRetries: 1 });
  const search = searchReturning(matches);
  const answer = createAnswerQuestion({ searchFaqs: search, claude, log: createLogger({ level: "error", write: () => {} }) });
  return { answer, search };
}

Deno.test("with matches, Claude's phrasing is the answer and names the rows it used", async () => {
  const stub = startStub("answer");
  try {
    const { answer } = answerer(stub.baseURL, [PARKING, HOURS]);
    const result = await answer(QUESTION);
    assert.deepEqual(result, {
      kind: "answered",
      text: "Hay aparcamiento *gratis* detrás del edificio (entrada por Oak Lane).",
      source: "claude",
      faqIds: [PARKING.id, HOURS.id],
    });
  } finally {
    await stub.stop();
  }
});

Deno.test("the request to Claude carries only the matched rows, the clinic's name, the history, and no tools", async () => {
  const stub = startStub("answer");
  try {
    const { answer } = answerer(stub.baseURL, [PARKING, HOURS]);
    await answer(QUESTION);
    assert.equal(stub.requests.length, 1);
    const request = stub.requests[0];
    assert.equal(request?.path, "/v1/messages");
    // The SDK sends the key as x-api-key or as a bearer token depending on its version.
    const credential = request?.headers.get("x-api-key") ?? request?.headers.get("authorization");
    assert.match(credential ?? "", /test-key/);
    const body = request?.body ?? {};
    assert.equal(body.model, MODEL);
    assert.equal(body.tools, undefined);
    assert.equal(body.tool_choice, undefined);
    assert.equal(typeof body.max_tokens, "number");
    const system = String(body.system);
    assert.match(system, /Sunrise Family Clinic/);
    assert.ok(system.includes(PARKING.answer) && system.includes(HOURS.answer));
    assert.ok(!system.includes(UNMATCHED_ANSWER), "rows search did not match are not sent");
    assert.match(system, /ONLY from the FAQ entries/);
    assert.match(system, /patient's language, Spanish/);
    assert.match(system, /staff/);
    const messages = body.messages as Array<{ role: string; content: string }>;
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.role, "user");
    assert.match(messages[0]?.content ?? "", /¿Dónde puedo aparcar\?/);
    assert.match(messages[0]?.content ?? "", /Patient: hola/);
  } finally {
    await stub.stop();
  }
});

Deno.test("a 500 from Claude falls back to the best row verbatim", async () => {
  const stub = startStub("error");
  try {
    const { answer } = answerer(stub.baseURL, [PARKING, HOURS]);
    assert.deepEqual(await answer(QUESTION), PARKING_VERBATIM);
    assert.equal(stub.requests.length, 2, "one retry, no more");
  } finally {
    await stub.stop();
  }
});

Deno.test("a Claude that does not answer within the timeout falls back to the best row verbatim", async () => {
  const stub = startStub("hang");
  try {
    const { answer } = answerer(stub.baseURL, [PARKING]);
    assert.deepEqual(await answer(QUESTION), PARKING_VERBATIM);
  } finally {
    await stub.stop();
  }
});

Deno.test("an empty reply from Claude falls back to the best row verbatim", async () => {
  const stub = startStub("empty");
  try {
    const { answer } = answerer(stub.baseURL, [PARKING]);
    assert.deepEqual(await answer(QUESTION), PARKING_VERBATIM);
  } finally {
    await stub.stop();
  }
});

Deno.test("without an API key Claude is never called and the best row is sent verbatim", async () => {
  const stub = startStub("answer");
  try {
    const { answer } = answerer(stub.baseURL, [PARKING, HOURS], null);
    assert.deepEqual(await answer(QUESTION), PARKING_VERBATIM);
    assert.equal(stub.requests.length, 0);
  } finally {
    await stub.stop();
  }
});

Deno.test("no matching row is no_match, and Claude is not asked; search is asked in the patient's language", async () => {
  const stub = startStub("answer");
  try {
    const { answer, search } = answerer(stub.baseURL, []);
    assert.deepEqual(await answer(QUESTION), { kind: "no_match" });
    assert.equal(stub.requests.length, 0);
    assert.deepEqual(search.calls, [[QUESTION.clinicId, QUESTION.question, 3, "es"]]);
  } finally {
    await stub.stop();
  }
});

Deno.test("matches begin_turn read ahead for this question are used without searching again", async () => {
  const stub = startStub("answer");
  try {
    const { answer, search } = answerer(stub.baseURL, [], null);
    const result = await answer({ ...QUESTION, readAhead: { limit: FAQ_MATCH_LIMIT, matches: [PARKING, HOURS] } });
    assert.deepEqual(result, PARKING_VERBATIM);
    assert.deepEqual(search.calls, []);
  } finally {
    await stub.stop();
  }
});

Deno.test("matches read ahead with another limit than the answerer's are not used: search is asked", async () => {
  const stub = startStub("answer");
  try {
    const { answer, search } = answerer(stub.baseURL, [HOURS], null);
    const result = await answer({ ...QUESTION, readAhead: { limit: FAQ_MATCH_LIMIT + 1, matches: [PARKING] } });
    assert.deepEqual(result, { kind: "answered", text: HOURS.answer, source: "verbatim", faqIds: [HOURS.id] });
    assert.deepEqual(search.calls, [[QUESTION.clinicId, QUESTION.question, FAQ_MATCH_LIMIT, "es"]]);
  } finally {
    await stub.stop();
  }
});
