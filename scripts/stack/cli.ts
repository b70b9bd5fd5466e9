/**
 * `npm run stack [-- --reset] [--data-dir DIR]`: runs the local stack in the foreground with its data
 * under .local/ (or DIR: a second stack beside the first, e.g. for a demo or a test),
 * logs each step with the time since start, writes .local/stack.env when everything answers, and
 * stops everything on SIGINT/SIGTERM. A second stack on the same checkout is refused.
 */
import path from "node:path";
import { REPO_ROOT, DEFAULT_GATEWAY_PORT, DEFAULT_PG_PORT, startStack, type StackHandle } from "./stack.ts";
import { StackLockedError } from "./lock.ts";
import { timedConsoleLog } from "./log.ts";
import { watchFunctionSources, type SourceWatcher } from "./functions/watch.ts";

const DEFAULT_DATA_DIR = path.join(REPO_ROOT, ".local");
const USAGE = "usage: npm run stack [-- --reset] [--data-dir DIR]";

const log = timedConsoleLog("stack");

function parseArgs(argv: readonly string[]): { reset: boolean; dataDir: string } {
  let reset = false;
  let dataDir = DEFAULT_DATA_DIR;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--reset") reset = true;
    else if (arg === "--data-dir" && argv[i + 1]) dataDir = path.resolve(argv[++i] as string);
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return { reset, dataDir };
}

async function main(): Promise<void> {
  const { reset, dataDir } = parseArgs(process.argv.slice(2));
  const envFile = path.join(dataDir, "stack.env");
  let handle: StackHandle | undefined;
  let watcher: SourceWatcher | undefined;
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    watcher?.close();
    try {
      await handle?.stop();
      log("stopped");
      process.exit(0);
    } catch (error) {
      console.error(`stack: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  // Handlers first: a ctrl-c during start-up must still stop what has started.
  let startupInterrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (handle) void stop(signal);
      else startupInterrupted = true;
    });
  }

  try {
    handle = await startStack({
      dataDir,
      reset,
      pgPort: DEFAULT_PG_PORT,
      gatewayPort: DEFAULT_GATEWAY_PORT,
      envFile,
      log,
    });
  } catch (error) {
    if (error instanceof StackLockedError) {
      console.error(`stack: ${error.message}`);
      process.exit(1);
    }
    console.error(`stack: failed to start:\n${(error as Error).message}`);
    process.exit(1);
  }
  if (startupInterrupted) {
    await stop("interrupted during start-up");
    return;
  }
  const { env } = handle;
  const running = handle;
  watcher = watchFunctionSources(REPO_ROOT, () => running.restartFunctions(), log);
  log("ready");
  console.log(
    [
      "",
      `  API          ${env.SUPABASE_URL}  (/rest/v1/rpc/*, /functions/v1/*)`,
      `  function     ${env.FUNCTION_URL}`,
      `  database     ${env.DATABASE_URL}`,
      `  channel      ${env.CHANNEL_ID || "(no channels table yet)"}`,
      `  env file     ${envFile}`,
      "",
      "  Function code is watched: a change restarts the functions. Ctrl-C stops the stack.",
    ].join("\n"),
  );
}

await main();
