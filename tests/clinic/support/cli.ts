/**
 * Runs `npm run clinic -- …` as an operator would and captures what it prints: in this process
 * (the commands with their streams captured: fast), or as a real child process (`spawnClinic`, for
 * what only a process shows: its exit code and the entry point).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { runCommand } from "../../../scripts/clinic/commands.ts";
import { REPO_ROOT } from "./files.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Both streams, for assertions that something appears nowhere. */
  output: string;
}

const CLI = path.join(REPO_ROOT, "scripts", "clinic", "cli.ts");
const CLI_TIMEOUT_MS = 60_000;

export async function runClinic(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env: { ...process.env, INIT_CWD: undefined, ...env },
    cwd: REPO_ROOT,
  });
  return { code, stdout, stderr, output: `${stdout}\n${stderr}` };
}

export function spawnClinic(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", CLI, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
      },
    );
  });
}
