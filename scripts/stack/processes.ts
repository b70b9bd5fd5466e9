/**
 * Small helpers for the child processes the stack owns: run a command to completion, check whether a
 * pid is alive, and stop a whole process group with a deadline (so nothing is left orphaned).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { isAlive } from "../../bot/src/shared/pid-lock.ts";

// One liveness check for the bot's and the stack's locks and for the processes the stack owns.
export { isAlive };

/** How long a process group gets to exit after SIGTERM before it is killed outright. */
const GRACEFUL_STOP_MS = 5_000;
const EXIT_POLL_MS = 50;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and collects its output; never throws on a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Polls until the process is gone; false if it is still there after `deadlineMs`. */
export async function waitForExit(pid: number, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
  }
  return !isAlive(pid);
}

/**
 * Stops a child started with `detached: true` (its own process group): SIGTERM to the group, then
 * SIGKILL if it has not exited in time. Resolves once the leader is gone.
 */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(pid, "SIGTERM");
  const graceful = await Promise.race([
    exited.then(() => true),
    waitForExit(pid, GRACEFUL_STOP_MS),
  ]);
  if (!graceful) signalGroup(pid, "SIGKILL");
  await exited;
  // The leader is gone; anything else left in its group goes too.
  signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already empty.
  }
}
