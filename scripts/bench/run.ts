/**
 * `npm run bench`: runs every scripts/bench/*.bench.ts in turn, each in its own process, against one
 * shared stack (the environment's if DATABASE_URL is set, otherwise an isolated stack started for
 * the whole run, whose stack.env variables every benchmark receives).
 */
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { benchStack } from "./bench-stack.ts";

const BENCH_DIR = import.meta.dirname;
const ROOT = path.resolve(BENCH_DIR, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

async function main(): Promise<number> {
  const files = readdirSync(BENCH_DIR).filter((name) => name.endsWith(".bench.ts")).sort();
  const stack = await benchStack();
  let failures = 0;
  try {
    for (const file of files) {
      console.log(`\n━━━ ${file}`);
      // Asynchronously: the isolated stack's gateway runs in this process and must keep serving.
      const child = spawn(TSX, [path.join(BENCH_DIR, file)], { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...stack.env } });
      const result = await new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        child.once("error", reject);
        child.once("exit", (status, signal) => resolve({ status, signal }));
      });
      if (result.status !== 0) {
        failures += 1;
        console.error(`${file} failed (exit ${result.status ?? result.signal})`);
      }
    }
  } finally {
    await stack.close();
  }
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
