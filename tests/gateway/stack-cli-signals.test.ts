/**
 * `npm run stack` as an operator runs it: Ctrl-C (SIGINT to the whole process group, as a terminal
 * sends it) must stop PostgreSQL, the gateway and Deno, and remove the lock and the env file.
 * Regression: started through the `tsx` CLI wrapper, the stack was SIGKILLed 60 ms after Ctrl-C
 * when the machine was busy (its signal relay gives the child 2 × 30 ms to acknowledge), leaving
 * PostgreSQL and the lock behind. The scripts now run `node --import tsx`: this test pins that command
 * line and checks the clean stop; the load-dependent race itself is not forced here.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/stack/stack.ts";
import { makeTestStackDir } from "../../scripts/test/isolated-stack.ts";

const READY_DEADLINE_MS = 60_000;
const EXIT_DEADLINE_MS = 30_000;

const dataDir = makeTestStackDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The `npm run stack` command line from package.json, with this test's data directory. */
function stackCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = (pkg.scripts.stack ?? "").split(" ");
  expect(words.slice(0, 3)).toEqual(["node", "--import", "tsx"]);
  return [...words.slice(1), "--data-dir", dataDir];
}

/** Processes whose command line mentions the data directory (PostgreSQL runs with `-D <dir>/pg`). */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

describe("npm run stack in a terminal", () => {
  it("stops everything and leaves no lock or env file behind on Ctrl-C", async () => {
    const child = spawn(process.execPath, stackCommand(), { cwd: REPO_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

    const deadline = Date.now() + READY_DEADLINE_MS;
    while (!output.includes("] ready")) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`stack did not get ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(existsSync(path.join(dataDir, "stack.env"))).toBe(true);
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);

    process.kill(-(child.pid as number), "SIGINT");
    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit after SIGINT:\n${output}`)), EXIT_DEADLINE_MS)),
    ]);

    expect(code, output).toBe(0);
    expect(output).toContain("stopped");
    expect(existsSync(path.join(dataDir, "stack.lock"))).toBe(false);
    expect(existsSync(path.join(dataDir, "stack.env"))).toBe(false);
    expect(processesUsing(dataDir)).toEqual([]);
  });
});
