/**
 * `npm start` (scripts/start.ts) when the bot's health port is taken, as by a first `npm start`:
 * it says so plainly and exits non-zero before starting or reusing any stack. (The other refusal,
 * another bot holding the session, is the bot's own: bot/test/process.test.ts.)
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const START = join(ROOT, "scripts", "start.ts");
const HOST = "127.0.0.1";

let holder: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
  holder = undefined;
});

/** A server on a free port, standing in for the first `npm start`'s bot. */
async function occupiedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  holder = server;
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

function runStart(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", START], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("npm start", () => {
  it("refuses plainly, without a stack trace or touching the stack, when the bot's health port is in use", async () => {
    const port = await occupiedPort();
    const run = await runStart({ HEALTH_HOST: HOST, HEALTH_PORT: String(port) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`start: the bot's health port ${HOST}:${port} is already in use`);
    expect(run.stderr).toContain("HEALTH_PORT=<port> npm start");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).not.toMatch(/stack:/);
  });
});
