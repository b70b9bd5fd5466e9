/** Runs `npm run clinic -- …` as an operator would (the CLI in a child process), capturing its output. */
import { execFile } from "node:child_process";
import path from "node:path";
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

export function runClinic(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
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
