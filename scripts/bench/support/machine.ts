/**
 * The machine a run was taken on, recorded with its figures: CPU model and cores, memory, Node,
 * Deno and PostgreSQL versions, the git commit (and whether the tree had changes), the load.
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const BYTES_PER_GIB = 1024 ** 3;

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  deno: string;
  postgres: string;
  /** fsync and synchronous_commit of the measured database: on/on is a real project's durability. */
  durability: string;
  commit: string;
  /** Uncommitted changes in the checkout when the run started. */
  dirty: boolean;
  loadAverage: [number, number, number];
}

function output(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

async function postgresSettings(databaseUrl: string): Promise<{ version: string; durability: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; fsync: string; commit: string }>(
      "select current_setting('server_version') as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as commit",
    );
    const row = rows[0];
    return row === undefined ? { version: "unknown", durability: "unknown" } : { version: row.version, durability: `fsync ${row.fsync}, synchronous_commit ${row.commit}` };
  } catch {
    return { version: "unknown", durability: "unknown" };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const [one, five, fifteen] = loadavg() as [number, number, number];
  const database = await postgresSettings(databaseUrl);
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / BYTES_PER_GIB),
    node: process.version,
    deno: output(path.join(ROOT, "node_modules", ".bin", "deno"), ["--version"]).split("\n")[0] ?? "unknown",
    postgres: database.version,
    durability: database.durability,
    commit: output("git", ["rev-parse", "HEAD"]),
    dirty: output("git", ["status", "--porcelain", "--untracked-files=no"]) !== "",
    loadAverage: [one, five, fifteen],
  };
}

export function describeMachineLine(machine: Machine): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}, ${machine.deno}, PostgreSQL ${machine.postgres} (${machine.durability}); ` +
    `commit ${machine.commit.slice(0, 10)}${machine.dirty ? " (with uncommitted changes)" : ""}; load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(" ")}`;
}
