/** The function's JSON-lines logger: levels, bound fields, and errors without stacks. */
import assert from "node:assert/strict";
import { createLogger } from "./logger.ts";

function capture(level: "debug" | "info" | "warn" | "error") {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ level, write: (line) => lines.push(JSON.parse(line)), now: () => new Date("2026-11-21T10:30:00Z") });
  return { lines, log };
}

Deno.test("lines below the threshold are dropped", () => {
  const { lines, log } = capture("warn");
  log.info("quiet");
  log.warn("loud");
  assert.deepEqual(lines.map((line) => line.msg), ["loud"]);
  assert.equal(log.enabled("debug"), false);
});

Deno.test("each line is one JSON object with time, level, message and fields", () => {
  const { lines, log } = capture("info");
  log.info("request", { status: 200 });
  assert.deepEqual(lines, [{ time: "2026-11-21T10:30:00.000Z", level: "info", msg: "request", status: 200 }]);
});

Deno.test("a child logger adds its fields to every line", () => {
  const { lines, log } = capture("debug");
  log.child({ request_id: "r1" }).debug("step", { n: 1 });
  assert.equal(lines[0]?.request_id, "r1");
  assert.equal(lines[0]?.n, 1);
});

Deno.test("an error field keeps its name and message but never its stack", () => {
  const { lines, log } = capture("info");
  log.error("failed", { error: new RangeError("out of range") });
  assert.deepEqual(lines[0]?.error, { name: "RangeError", message: "out of range" });
});
