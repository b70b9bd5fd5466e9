/**
 * Starting and steering the Claude stub (./claude-stub.ts) from the bench: its own process, found
 * on the port it prints; the delay of its answers set per scenario.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export const STUB_READY = "claude-stub listening";
export const DELAY_PATH = "/__bench/delay";
export const STATS_PATH = "/__bench/stats";
const START_DEADLINE_MS = 30_000;

export interface ClaudeStub {
  url: string;
  stop(): void;
}

export function startClaudeStub(): Promise<ClaudeStub> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "claude-stub.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the Claude stub did not start within ${START_DEADLINE_MS} ms`));
    }, START_DEADLINE_MS);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the Claude stub exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith(STUB_READY)) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ url: `http://127.0.0.1:${line.slice(STUB_READY.length).trim()}`, stop: () => child.stdin!.end() });
    });
  });
}

export async function setClaudeDelay(stubUrl: string, ms: number): Promise<void> {
  const answer = await fetch(`${stubUrl}${DELAY_PATH}`, { method: "POST", body: JSON.stringify({ ms }) });
  if (!answer.ok) throw new Error(`the Claude stub refused the delay: ${answer.status}`);
  await answer.arrayBuffer();
}

export async function claudeRequests(stubUrl: string): Promise<number> {
  const answer = await fetch(`${stubUrl}${STATS_PATH}`);
  return ((await answer.json()) as { answered: number }).answered;
}
