/**
 * `npm run check-deploy` against the local stack's function, as an operator runs it against a
 * deployed one: one signed request, what came back, a verdict and an exit code.
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choosePort } from "../../scripts/stack/ports.ts";
import { runCommand, type CommandResult } from "../../scripts/stack/processes.ts";
import { stackEnv, type StackEnv } from "../function-http/support.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
const SCRIPT = path.join(REPO_ROOT, "scripts", "deploy", "check-deploy.ts");
const EXIT_UNHEALTHY = 1;
const EXIT_USAGE = 2;

let stack: StackEnv;
let db: pg.Client;

/** Runs the script with the given options and only the variables given (none of the stack's). */
function checkDeploy(args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return runCommand(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

async function outboxRows(): Promise<unknown[]> {
  return (await db.query("select id, status, attempts, last_error, claimed_until from public.outbox order by id")).rows;
}

beforeAll(async () => {
  stack = stackEnv();
  db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

describe("npm run check-deploy", () => {
  it("passes a healthy deployment with one signed request that changes nothing", async () => {
    const before = await outboxRows();
    const result = await checkDeploy(["--url", stack.functionUrl, "--channel", stack.channelId, "--secret", stack.channelSecret]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`POST ${stack.functionUrl}/outbox/ack`);
    expect(result.stdout).toMatch(/← 400 .*\n.*"invalid_payload"/);
    expect(result.stdout).toMatch(/^OK: /m);
    expect(await outboxRows()).toEqual(before);
  });

  it("reads the bot's variables, so the secret can stay off the command line", async () => {
    const result = await checkDeploy([], { FUNCTION_URL: stack.functionUrl, CHANNEL_ID: stack.channelId, CHANNEL_SECRET: stack.channelSecret });
    expect(result.code).toBe(0);
  });

  it("fails on a secret that is not the channel's, saying what to check", async () => {
    const result = await checkDeploy(["--url", stack.functionUrl, "--channel", stack.channelId, "--secret", "not-the-secret"]);
    expect(result.code).toBe(EXIT_UNHEALTHY);
    expect(result.stdout).toMatch(/← 401 /);
    expect(result.stdout).toMatch(/^FAILED: The function refused the signature/m);
  });

  it("fails on a URL that is not the function's", async () => {
    const result = await checkDeploy(["--url", `${stack.functionUrl}/extra`, "--channel", stack.channelId, "--secret", stack.channelSecret]);
    expect(result.code).toBe(EXIT_UNHEALTHY);
    expect(result.stdout).toMatch(/not one of its routes/);
  });

  it("fails when nothing answers", async () => {
    const port = await choosePort(undefined);
    const result = await checkDeploy(["--url", `http://127.0.0.1:${port}/functions/v1/whatsapp-webhook`, "--channel", stack.channelId, "--secret", "x"]);
    expect(result.code).toBe(EXIT_UNHEALTHY);
    expect(result.stdout).toMatch(/^FAILED: could not reach/m);
  });

  it("names each missing option", async () => {
    const result = await checkDeploy(["--url", stack.functionUrl]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/--channel \(or CHANNEL_ID\) is required/);
    expect(result.stderr).toMatch(/--secret \(or CHANNEL_SECRET\) is required/);
  });
});
