/**
 * Finds the local stack's processes from its URLs alone, so CPU per process can be measured for a
 * stack this run started and for one started elsewhere (`npm run stack`) alike:
 * - the gateway: the process listening on SUPABASE_URL's port (it is the stack's own Node process);
 * - the function: that process's Deno children (one per function);
 * - PostgreSQL: the parent of a backend we connect to, i.e. the postmaster, with all it forked.
 * Linux only (/proc); root can read other users' /proc/<pid>/fd, which finding the listener needs.
 */
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import pg from "pg";
import { childrenOf, readProcStat, type WatchedProcess } from "./cpu.ts";

/** State code of a listening socket in /proc/net/tcp. */
const TCP_LISTEN = "0A";

/** Inodes of the sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (local === undefined || fields[3] !== TCP_LISTEN) continue;
      if (Number.parseInt(local.split(":")[1] ?? "", 16) === port) inodes.add(fields[9] ?? "");
    }
  }
  return inodes;
}

/** The pid holding a listening socket on `port`, or null. */
export function pidListeningOn(port: number): number | null {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return null;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode !== undefined && inodes.has(inode)) return Number(entry);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return null;
}

/** The postmaster: the parent of the backend serving a fresh connection. */
async function postmasterPid(databaseUrl: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    const backend = rows[0]?.pid;
    return backend === undefined ? null : readProcStat(backend)?.ppid ?? null;
  } finally {
    await client.end();
  }
}

export interface StackProcesses {
  watched: WatchedProcess[];
  /** What could not be found, for the report (CPU of those is then "not measured"). */
  missing: string[];
}

export async function findStackProcesses(env: { SUPABASE_URL: string; DATABASE_URL: string }): Promise<StackProcesses> {
  const watched: WatchedProcess[] = [];
  const missing: string[] = [];
  const gateway = pidListeningOn(Number(new URL(env.SUPABASE_URL).port));
  if (gateway === null) missing.push("gateway (no process found listening on SUPABASE_URL's port)");
  else {
    watched.push({ name: "gateway", pid: gateway, tree: false });
    const functions = childrenOf(gateway).filter((child) => child.comm === "deno");
    if (functions.length === 0) missing.push("function (no Deno child of the gateway's process)");
    functions.forEach((child, index) => watched.push({ name: index === 0 ? "function" : `function${index + 1}`, pid: child.pid, tree: true }));
  }
  const postmaster = await postmasterPid(env.DATABASE_URL).catch(() => null);
  if (postmaster === null) missing.push("postgres (its backend's parent could not be read)");
  else watched.push({ name: "postgres", pid: postmaster, tree: true });
  return { watched, missing };
}
