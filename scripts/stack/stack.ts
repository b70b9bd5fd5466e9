/**
 * The local Supabase stand-in as a library: a private PostgreSQL cluster with the platform bootstrap,
 * migrations and seed, the PostgREST-compatible gateway and the Deno function host, started in that
 * order and stopped in reverse. `npm run stack`, the test runner and tests all start it through here.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { acquireLock } from "./lock.ts";
import { choosePort } from "./ports.ts";
import { loadOrCreateSecret, makeApiKeys } from "./keys.ts";
import { writeEnvFile, type StackEnv } from "./env-file.ts";
import { silentLog, type StackLog } from "./log.ts";
import { migrate } from "./migrate.ts";
import {
  DATABASE,
  resolveClusterDir,
  runningPostmasterPid,
  startCluster,
  stopStrayServer,
  wipeCluster,
  type Cluster,
} from "./postgres.ts";
import { startGateway, type Gateway } from "./gateway/server.ts";
import { startFunctionHost, type FunctionHost } from "./functions/host.ts";
import { supervisePostgres } from "./supervise-postgres.ts";

export type { StackEnv } from "./env-file.ts";
export type { StackLog } from "./log.ts";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
/** The Supabase CLI's local ports (supabase/config.toml), preferred by `npm run stack`. */
export const DEFAULT_PG_PORT = 54322;
export const DEFAULT_GATEWAY_PORT = 54321;
/** The login role the gateway connects as; its password is local-only, like the CLI's. */
const AUTHENTICATOR_PASSWORD = "postgres";
const WEBHOOK_FUNCTION = "whatsapp-webhook";

export interface StackOptions {
  dataDir: string;
  /** Wipe the cluster first. */
  reset?: boolean;
  /** Preferred ports; when taken (or not given) any free port is used. */
  pgPort?: number;
  gatewayPort?: number;
  log?: StackLog;
  /** Where to write the env file once everything answers; null or absent writes none. */
  envFile?: string | null;
  /** Throw-away stacks (tests) run PostgreSQL without fsync. */
  ephemeral?: boolean;
  /** Preload pg_cron when installed (default true); false mimics a server without it. */
  pgCron?: boolean;
  /** The checkout whose supabase/ folder is served; defaults to this one. */
  repoRoot?: string;
}

export interface StackHandle {
  env: StackEnv;
  /** The directory the cluster actually lives in (may differ from dataDir/pg, see postgres.ts). */
  clusterDir: string;
  /** Pids of the processes the stack runs: the postmaster and one per function. */
  pids(): number[];
  /** Restarts every function process (same ports), e.g. after its code changed. */
  restartFunctions(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts everything; on any failure stops what already started and rethrows. */
export async function startStack(options: StackOptions): Promise<StackHandle> {
  const log = options.log ?? silentLog;
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });

  const lock = acquireLock(dataDir);
  // What to undo, in start order; stopping walks it backwards and logs each step.
  const stops: Array<{ what: string; stop: () => Promise<void> }> = [{ what: "lock released", stop: async () => lock.release() }];
  const stopAll = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const { what, stop } of stops.splice(0).reverse()) {
      try {
        await stop();
        log(what);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "the stack did not stop cleanly");
  };

  try {
    const clusterDir = await resolveClusterDir(path.join(dataDir, "pg"), log);
    // A lock from a dead process means that stack was killed: its server may still run.
    await stopStrayServer(clusterDir, log);
    if (options.reset) {
      log("reset: wiping the database");
      wipeCluster(clusterDir);
      rmSync(path.join(dataDir, "jwt-secret"), { force: true });
      mkdirSync(clusterDir, { recursive: true });
      await resolveClusterDir(clusterDir, silentLog);
    }

    const pgPort = await choosePort(options.pgPort);
    const cluster: Cluster = await startCluster({ dir: clusterDir, port: pgPort, ephemeral: options.ephemeral ?? false, pgCron: options.pgCron ?? true, log });
    stops.push({ what: "PostgreSQL stopped", stop: () => cluster.stop() });
    log(`PostgreSQL listening on 127.0.0.1:${pgPort}${cluster.created ? " (new cluster)" : ""}${cluster.pgCron ? " with pg_cron" : ""}`);
    const supervisor = supervisePostgres(cluster, log);
    stops.push({ what: "PostgreSQL no longer supervised", stop: async () => supervisor.stop() });

    const { channelId, channelSecret } = await prepareDatabase(cluster, repoRoot, log);

    const keys = await makeApiKeys(loadOrCreateSecret(path.join(dataDir, "jwt-secret")));
    const gatewayPort = await choosePort(options.gatewayPort);
    const supabaseUrl = `http://127.0.0.1:${gatewayPort}`;
    const authenticatorUrl = `postgresql://authenticator:${AUTHENTICATOR_PASSWORD}@127.0.0.1:${pgPort}/${DATABASE}`;

    const functions: FunctionHost = await startFunctionHost({
      repoRoot,
      env: {
        SUPABASE_URL: supabaseUrl,
        SUPABASE_ANON_KEY: keys.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
        SUPABASE_DB_URL: cluster.superuserUrl,
      },
      log,
    });
    stops.push({ what: "functions stopped", stop: () => functions.stop() });

    const gateway: Gateway = await startGateway({
      port: gatewayPort,
      jwtSecret: keys.jwtSecret,
      databaseUrl: authenticatorUrl,
      functions: functions.targets,
      log,
    });
    stops.push({ what: "gateway stopped", stop: () => gateway.stop() });
    await gateway.waitUntilReady();
    log(`gateway answering on ${supabaseUrl} (functions: ${[...functions.targets.keys()].join(", ") || "none"})`);

    const env: StackEnv = {
      SUPABASE_URL: supabaseUrl,
      SUPABASE_ANON_KEY: keys.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
      SUPABASE_JWT_SECRET: keys.jwtSecret,
      DATABASE_URL: cluster.superuserUrl,
      FUNCTION_URL: `${supabaseUrl}/functions/v1/${WEBHOOK_FUNCTION}`,
      CHANNEL_ID: channelId,
      CHANNEL_SECRET: channelSecret,
    };
    if (options.envFile) {
      writeEnvFile(options.envFile, env);
      const envFile = options.envFile;
      stops.splice(1, 0, { what: `${envFile} removed`, stop: async () => rmSync(envFile, { force: true }) });
    }
    const pids = (): number[] => [runningPostmasterPid(clusterDir), ...functions.pids()].filter((pid): pid is number => pid !== null);
    return { env, clusterDir, pids, restartFunctions: () => functions.restart(), stop: stopAll };
  } catch (error) {
    await stopAll().catch((stopError: unknown) => log(`also failed to stop: ${String(stopError)}`));
    throw error;
  }
}

/** Migrates, seeds, generates slots, lets the gateway log in, and reads the demo channel. */
async function prepareDatabase(
  cluster: Cluster,
  repoRoot: string,
  log: StackLog,
): Promise<{ channelId: string; channelSecret: string }> {
  const client = new pg.Client({ connectionString: cluster.superuserUrl });
  await client.connect();
  try {
    const outcome = await migrate(client, repoRoot, log);
    log(
      `migrations: ${outcome.applied.length} applied, ${outcome.alreadyApplied} already applied` +
        `${outcome.seeded ? "; seed.sql applied" : ""}` +
        `${outcome.slotsGenerated ? "; slots generated" : "; no generate_slots() yet"}`,
    );
    for (const name of outcome.applied) log(`  applied ${name}`);
    await client.query(`alter role authenticator with login password '${AUTHENTICATOR_PASSWORD}'`);
    return await readDemoChannel(client);
  } finally {
    await client.end();
  }
}

/**
 * The demo clinic's channel (its id is fixed in supabase/seed.sql), which stack.env names so that
 * `npm start`, `npm run chat` and the tests talk to the demo clinic even once other clinics and
 * channels exist (picking the lowest id used to name whichever channel sorted first). Empty values
 * while the channels table or the demo channel does not exist.
 */
export const DEMO_CHANNEL_ID = "c4a77e10-0000-4000-8000-000000000001";

export async function readDemoChannel(client: pg.ClientBase): Promise<{ channelId: string; channelSecret: string }> {
  const table = await client.query<{ exists: boolean }>("select to_regclass('public.channels') is not null as exists");
  if (!table.rows[0]?.exists) return { channelId: "", channelSecret: "" };
  const row = await client.query<{ id: string; secret: string }>(
    "select id::text as id, secret from public.channels where id = $1",
    [DEMO_CHANNEL_ID],
  );
  return { channelId: row.rows[0]?.id ?? "", channelSecret: row.rows[0]?.secret ?? "" };
}
