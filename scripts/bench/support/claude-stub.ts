/**
 * A loopback stand-in for the Anthropic Messages API, run as its own process by `npm run bench`
 * (so its work is counted neither as the stack's nor as the load generator's). The function is
 * started with ANTHROPIC_BASE_URL pointing here, so FAQ turns go through the real SDK as in
 * production. It answers at once, or after the delay set with `POST /__bench/delay {"ms": 800}`;
 * `GET /__bench/stats` says how many requests it answered.
 *
 * Started by startClaudeStub() (./claude-control.ts); prints `claude-stub listening <port>` when ready.
 */
import http from "node:http";
import { DELAY_PATH, STATS_PATH, STUB_READY } from "./claude-control.ts";

let delayMs = 0;
let answered = 0;

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** What Claude answers to a FAQ question: one text block, as the SDK expects it. */
function message(model: unknown): unknown {
  return {
    id: `msg_bench${answered}`,
    type: "message",
    role: "assistant",
    model: typeof model === "string" ? model : "claude-haiku-4-5",
    content: [{ type: "text", text: "Here is what the clinic says about that (phrased by the benchmark's Claude stub)." }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 300, output_tokens: 20 },
  };
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const text = Buffer.concat(chunks).toString("utf8");
    if (request.url === DELAY_PATH && request.method === "POST") {
      delayMs = Number((JSON.parse(text) as { ms: number }).ms) || 0;
      reply(response, 200, { delayMs });
      return;
    }
    if (request.url === STATS_PATH) {
      reply(response, 200, { answered, delayMs });
      return;
    }
    let model: unknown;
    try {
      model = (JSON.parse(text) as { model?: unknown }).model;
    } catch {
      model = undefined;
    }
    setTimeout(() => {
      answered += 1;
      reply(response, 200, message(model));
    }, delayMs);
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`${STUB_READY} ${typeof address === "object" && address !== null ? address.port : ""}`);
});
// Leave when the bench that started us goes away (its end of stdin closes).
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
