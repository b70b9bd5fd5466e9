/**
 * A private PostgreSQL 15 cluster for the local stack: created with initdb on first use, started
 * and stopped with pg_ctl, listening on 127.0.0.1 only (no Unix socket), superuser `postgres` with
 * password `postgres` like the Supabase CLI's local database.
 *
 * PostgreSQL refuses to run as root, so when we are root every server command runs as the
 * `postgres` OS user (runuser), and the data directory must be one that user can reach.
 */
import { existsSync, mkdirSync, readFileSync, chownSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCommand, isAlive, waitForExit, type CommandResult } from "./processes.ts";
import type { StackLog } from "./log.ts";

export const SUPERUSER = "postgres";
export const SUPERUSER_PASSWORD = "postgres";
export const DATABASE = "postgres";
const PG_OS_USER = "postgres";
const PG_MAJOR = 15;
/** pg_ctl's own wait for start-up and shutdown, in seconds. */
const PG_CTL_TIMEOUT_S = 60;
const MS_PER_S = 1_000;
const DEBIAN_PG_BIN = `/usr/lib/postgresql/${PG_MAJOR}/bin`;

export interface ClusterOptions {
  /** Directory that holds (or will hold) the cluster. */
  dir: string;
  port: number;
  /** Throw-away clusters (tests) trade crash safety for speed. */
  ephemeral: boolean;
  /** Preload pg_cron when it is installed (default); false runs a server as one without pg_cron. */
  pgCron?: boolean;
  log: StackLog;
}

export interface Cluster {
  dir: string;
  port: number;
  /** True when initdb ran in this start, i.e. the database is brand new. */
  created: boolean;
  superuserUrl: string;
  /** Whether pg_cron is preloaded (its package is installed), so scheduled jobs run. */
  pgCron: boolean;
  /** Whether the postmaster is alive. */
  isRunning(): boolean;
  /** Starts the server again on the same data, port and settings (after it died). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const runningAsRoot = (): boolean => process.getuid?.() === 0;

/** Where the server binaries are: PG_BIN, Debian's versioned directory, else PATH. */
function pgBinary(name: string): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return path.join(fromEnv, name);
  const debian = path.join(DEBIAN_PG_BIN, name);
  return existsSync(debian) ? debian : name;
}

/** Runs a server command as the postgres OS user when we are root (also used by the reliability run's restarts). */
export function runAsPgUser(binary: string, args: readonly string[]): Promise<CommandResult> {
  const env = { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" };
  if (runningAsRoot()) {
    return runCommand("runuser", ["-u", PG_OS_USER, "--", pgBinary(binary), ...args], { env, cwd: "/" });
  }
  return runCommand(pgBinary(binary), args, { env });
}

function failIfNonZero(result: CommandResult, what: string): void {
  if (result.code !== 0) {
    throw new Error(`${what} failed (exit ${result.code}):\n${(result.stderr || result.stdout).trim()}`);
  }
}

/**
 * Picks the directory for the cluster. As root, the postgres user must be able to reach it; a
 * checkout under /root is not reachable, so we fall back to a directory under /tmp named after
 * the requested one (stable, so data is still kept between runs).
 */
export async function resolveClusterDir(preferred: string, log: StackLog): Promise<string> {
  if (!runningAsRoot()) return preferred;
  if (await pgUserCanUse(preferred)) return preferred;
  const name = path.basename(path.dirname(path.dirname(preferred))) || "stack";
  const hash = createHash("sha256").update(preferred).digest("hex").slice(0, 8);
  const fallback = path.join(tmpdir(), `clinic-stack-${name}-${hash}`, "pg");
  log(`the postgres user cannot reach ${preferred}; keeping the cluster in ${fallback} instead`);
  if (!(await pgUserCanUse(fallback))) {
    throw new Error(`the postgres OS user cannot use ${preferred} nor ${fallback}`);
  }
  return fallback;
}

async function pgUserCanUse(dir: string): Promise<boolean> {
  // Parents keep the default mode (others must traverse them); only the cluster itself is private.
  mkdirSync(path.dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = await osUserId(PG_OS_USER);
  chownSync(dir, uid.uid, uid.gid);
  const probe = await runCommand("runuser", ["-u", PG_OS_USER, "--", "test", "-r", dir, "-a", "-w", dir, "-a", "-x", dir]);
  return probe.code === 0;
}

async function osUserId(user: string): Promise<{ uid: number; gid: number }> {
  const uid = await runCommand("id", ["-u", user]);
  const gid = await runCommand("id", ["-g", user]);
  failIfNonZero(uid, `looking up the ${user} OS user`);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Removes the cluster's files (used by reset). The server must not be running. */
export function wipeCluster(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The pid in postmaster.pid when that process is alive, else null. */
export function runningPostmasterPid(dir: string): number | null {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** Stops a server left behind by a stack that died without stopping it. */
export async function stopStrayServer(dir: string, log: StackLog): Promise<void> {
  const pid = runningPostmasterPid(dir);
  if (pid === null) return;
  log(`stopping PostgreSQL (pid ${pid}) left running by an earlier stack that did not stop cleanly`);
  await stopServer(dir, pid);
}

/** Fast shutdown of the server on `dir` whose postmaster is `pid`; resolves once that process is gone. */
async function stopServer(dir: string, pid: number): Promise<void> {
  const result = await runAsPgUser("pg_ctl", ["stop", "-D", dir, "-m", "fast", "-w", "-t", String(PG_CTL_TIMEOUT_S)]);
  failIfNonZero(result, "pg_ctl stop");
  // pg_ctl returns once postmaster.pid is gone, a moment before the process itself has exited.
  if (!(await waitForExit(pid, PG_CTL_TIMEOUT_S * MS_PER_S))) throw new Error(`PostgreSQL (pid ${pid}) did not exit`);
}

/** pg_cron's library, where Debian's postgresql-15-cron package puts it. */
const PG_CRON_LIBRARY = `${DEBIAN_PG_BIN.replace(/\/bin$/, "/lib")}/pg_cron.so`;
/** Background workers: pg_cron's launcher and its jobs (one worker each) beside PostgreSQL's own. */
const MAX_WORKER_PROCESSES = 16;

/** Whether pg_cron can be preloaded here (the postgresql-15-cron package is installed). */
export function pgCronAvailable(): boolean {
  return existsSync(PG_CRON_LIBRARY);
}

/**
 * Server settings of the stack's cluster. pg_cron is preloaded as on Supabase when its package is
 * installed, with jobs in this database and run by background workers: the cluster has no Unix
 * socket, and pg_cron's default (a libpq connection per job) would need a password.
 */
function serverSettings(port: number, ephemeral: boolean, pgCron: boolean): string {
  return [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    "-c unix_socket_directories=''",
    // The gateway's pool, tests and the bot share this server; keep room for all of them.
    "-c max_connections=200",
    ...(pgCron
      ? [
        "-c shared_preload_libraries=pg_cron",
        `-c cron.database_name=${DATABASE}`,
        "-c cron.use_background_workers=on",
        `-c max_worker_processes=${MAX_WORKER_PROCESSES}`,
      ]
      : []),
    ...(ephemeral ? ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"] : []),
  ].join(" ");
}

/** Creates the cluster if needed, starts it and returns a handle that stops it. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const { dir, port, log } = options;
  const created = !existsSync(path.join(dir, "PG_VERSION"));
  if (created) await initCluster(dir, log);

  const pgCron = (options.pgCron ?? true) && pgCronAvailable();
  if (!pgCron && options.pgCron !== false) log(`pg_cron is not installed (${PG_CRON_LIBRARY}): scheduled jobs will not run; install postgresql-15-cron`);
  const settings = serverSettings(port, options.ephemeral, pgCron);
  const logFile = path.join(dir, "server.log");
  const start = async (): Promise<void> => {
    const started = await runAsPgUser("pg_ctl", [
      "start", "-D", dir, "-l", logFile, "-w", "-t", String(PG_CTL_TIMEOUT_S), "-o", settings,
    ]);
    if (started.code !== 0) {
      const serverLog = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(`PostgreSQL did not start on port ${port}:\n${started.stderr.trim()}\n${serverLog}`);
    }
  };
  await start();
  const superuserUrl = `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  return {
    dir,
    port,
    created,
    superuserUrl,
    pgCron,
    isRunning: () => runningPostmasterPid(dir) !== null,
    start,
    async stop() {
      const pid = runningPostmasterPid(dir);
      if (pid !== null) await stopServer(dir, pid);
    },
  };
}

async function initCluster(dir: string, log: StackLog): Promise<void> {
  log(`creating a PostgreSQL ${PG_MAJOR} cluster in ${dir}`);
  // initdb wants an empty directory; the password goes through a file only the postgres user reads.
  const pwFile = path.join(path.dirname(dir), `.pwfile-${process.pid}`);
  mkdirSync(path.dirname(dir), { recursive: true });
  writeFileSync(pwFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (runningAsRoot()) {
      const { uid, gid } = await osUserId(PG_OS_USER);
      chownSync(dir, uid, gid);
      chownSync(pwFile, uid, gid);
    }
    const result = await runAsPgUser("initdb", [
      "-D", dir,
      "-U", SUPERUSER,
      `--pwfile=${pwFile}`,
      "--auth-local=scram-sha-256",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      // Nothing is written until the first start: syncing here buys nothing.
      "--no-sync",
    ]);
    failIfNonZero(result, "initdb");
  } finally {
    rmSync(pwFile, { force: true });
  }
}
