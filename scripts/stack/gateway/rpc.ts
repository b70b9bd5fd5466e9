/**
 * One RPC call as PostgREST makes it: a transaction on a pooled `authenticator` connection that
 * first sets the search path, the caller's role and its per-role settings (PostgREST applies
 * `ALTER ROLE … SET` values itself, since `set role` does not), the JWT claims and the request
 * GUCs, then calls the function with named arguments taken from the JSON body through
 * json_to_record, so Postgres itself converts every value to the parameter's type.
 *
 * One round trip per call once the function is known (issue 10 §2): like PostgREST's schema
 * cache, the gateway remembers how each function it has called is declared (parameters, defaults,
 * volatility, result shape), and sends the settings and the call as one simple query of four
 * statements, which Postgres runs as one implicit transaction (no begin or commit to parse and
 * run). Unlike PostgREST, which must be told to reload (NOTIFY pgrst), it never trusts what it
 * remembers: the settings statement also checks that the catalog still declares the function as
 * remembered (the same pg_proc rows, volatility and number of defaults) and fails before the call
 * when not; the gateway then forgets it and takes the first-call path. That path (a function not
 * called before, or changed since) makes three round trips: begin; settings and the catalog
 * lookup (a prepared statement); the call and commit.
 *
 * The settings of the one-round-trip path read the catalog (the role's own settings, the function's
 * declaration); planned afresh on every call they cost PostgreSQL about 0.4 ms per RPC, more than a
 * trivial call itself. So they are two statements prepared once per pooled connection (SQL
 * PREPARE, run by EXECUTE inside the one simple query), split where `search_path` is set: a
 * prepared statement that runs while `search_path` changes under a role switch is planned again
 * on every call (the `authenticator` role may not use the `extensions` schema, the role it
 * switches to may), while one that runs before the change, or after it under the switched role,
 * keeps its plan.
 */
import type pg from "pg";
import type { Caller } from "./auth.ts";
import { ANON_ROLE } from "./auth.ts";
import { fromPgError, isPgError } from "./errors.ts";
import { chooseRoutine, EXPOSED_SCHEMA, routinesSql, takesWholeBody, toRoutine, type Routine, type RoutineRow } from "./routines.ts";
import { assertNever } from "../../../shared/assert-never.ts";

export const SEARCH_PATH = "public, extensions";

export interface RpcRequest {
  functionName: string;
  /** The parsed JSON body (POST) or the query parameters as strings (GET/HEAD). */
  args: unknown;
  /**
   * The same arguments as JSON text when the caller has it already (a POST's body as sent, like
   * PostgREST passes it to Postgres), so they are not stringified again; else `args` is.
   */
  argsJson?: string;
  /** GET and HEAD always run read-only, like PostgREST. */
  forceReadOnly: boolean;
  caller: Caller;
  method: string;
  /** The path PostgREST would see, e.g. /rpc/claim_slot. */
  path: string;
  headers: Record<string, string>;
}

export type RpcResult =
  | { kind: "no_content" }
  | { kind: "json"; body: string; rangeCount: number | null };

/**
 * The tag of the dollar-quoted literals below: a value that holds it (or ends with all of it but
 * the last `$`, which the closing tag would complete) cannot be quoted with it.
 */
const DOLLAR_TAG = "$pgrst$";
const DOLLAR_TAG_START = DOLLAR_TAG.slice(0, -1);

/**
 * A SQL string literal for any text. pg's escapeLiteral walks the text a character at a time in
 * JavaScript (a turn's RPC arguments are kilobytes of JSON: it showed in the gateway's profile);
 * a dollar-quoted literal needs no escaping at all, and means the same whatever
 * `standard_conforming_strings` says. NUL cannot be sent in a query either way.
 */
function literal(client: pg.PoolClient, value: string): string {
  return value.includes(DOLLAR_TAG_START) ? client.escapeLiteral(value) : DOLLAR_TAG + value + DOLLAR_TAG;
}

function callSql(client: pg.PoolClient, routine: Routine, request: RpcRequest): { from: string; call: string } {
  const fn = `${client.escapeIdentifier(routine.schema)}.${client.escapeIdentifier(routine.name)}`;
  const args = request.args;
  const argsJson = (): string => request.argsJson ?? JSON.stringify(args ?? {});
  if (takesWholeBody(routine)) {
    const type = routine.parameters[0]?.type ?? "jsonb";
    return { from: "", call: `${fn}(${literal(client, argsJson())}::${type})` };
  }
  const given = routine.parameters.filter((p) => Object.hasOwn(args as object, p.name));
  if (given.length === 0) return { from: "", call: `${fn}()` };
  const columns = given.map((p) => `${client.escapeIdentifier(p.name)} ${p.type}`).join(", ");
  const named = given
    .map((p) => `${p.variadic ? "variadic " : ""}${client.escapeIdentifier(p.name)} := pgrst_args.${client.escapeIdentifier(p.name)}`)
    .join(", ");
  return {
    from: `json_to_record(${literal(client, argsJson())}::json) as pgrst_args(${columns})`,
    call: `${fn}(${named})`,
  };
}

/** The SELECT that calls the function and renders PostgREST's response body as one text column. */
function selectSql(routine: Routine, from: string, call: string): string {
  const fromArgs = from ? ` from ${from}` : "";
  const lateral = from ? `from ${from}, lateral ${call}` : `from ${call}`;
  const shape = routine.returns;
  switch (shape.kind) {
    case "void":
      return `select ${call} as called, null::text as body, null::bigint as n${fromArgs}`;
    case "scalar":
      return `select to_json(${call})::text as body, null::bigint as n${fromArgs}`;
    case "row":
      return `select to_json(pgrst_call)::text as body, null::bigint as n ${lateral} as pgrst_call`;
    case "set_of_rows":
      return `select coalesce(json_agg(pgrst_call), '[]')::text as body, count(*) as n ${lateral} as pgrst_call`;
    case "set_of_scalars":
      return `select coalesce(json_agg(pgrst_call.pgrst_scalar), '[]')::text as body, count(*) as n ${lateral} as pgrst_call(pgrst_scalar)`;
    default:
      return assertNever(shape);
  }
}

/**
 * What the catalog says of a name's functions, compactly: which pg_proc rows, their volatility and
 * number of defaults, the parts of a declaration that `create or replace` can change (a changed
 * parameter list or result type is a new row). `nameExpression` is a SQL expression for the name.
 */
const fingerprintSql = (nameExpression: string): string => `
  select coalesce(string_agg(p.oid::text || p.provolatile::text || p.pronargdefaults::text, ',' order by p.oid), '')
    from pg_catalog.pg_proc p
   where p.pronamespace = '${EXPOSED_SCHEMA}'::regnamespace and p.proname = ${nameExpression} and p.prokind = 'f'`;

/** The role's own settings (`alter role … set`), applied for this transaction; `role` is a SQL expression. */
const roleSettingsSql = (role: string): string => `
  (select count(set_config(split_part(setting, '=', 1), substr(setting, strpos(setting, '=') + 1), true))
     from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
    where s.setrole = (select oid from pg_catalog.pg_roles where rolname = ${role})
      and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database())))`;

/**
 * First-call path, round trip 2: one prepared SELECT (planned once per pooled connection) that
 * sets the request's settings, applies the role's own settings and looks the function up. The
 * settings do not affect the catalog lookup, so the order in which Postgres evaluates the columns
 * does not matter.
 */
const SETUP_STATEMENT = "stack_gateway_setup";
const SETUP_SQL = `
  select set_config('search_path', $1, true) as search_path,
         set_config('role', $2, true) as role,
         set_config('request.jwt.claims', $3, true) as claims,
         set_config('request.method', $4, true) as method,
         set_config('request.path', $5, true) as path,
         set_config('request.headers', $6, true) as headers,
         ${roleSettingsSql("$2")} as role_settings,
         (select coalesce(json_agg(r), '[]') from (${routinesSql("$7")}) r) as routines,
         (${fingerprintSql("$7")}) as fingerprint`;

/** Set when the catalog no longer declares a remembered function as remembered (see below). */
const STALE_MARKER = "stack gateway: function changed since cached";

/** How a function was declared when the gateway last looked, by name. */
export interface RoutineCache {
  get(name: string): CachedRoutines | undefined;
  set(name: string, routines: CachedRoutines): void;
  delete(name: string): void;
}

export interface CachedRoutines {
  fingerprint: string;
  routines: Routine[];
}

/** A cache of the functions called through one gateway (bounded: names come from requests). */
export function createRoutineCache(maxEntries = 1000): RoutineCache {
  const byName = new Map<string, CachedRoutines>();
  return {
    get: (name) => byName.get(name),
    set(name, routines) {
      if (byName.size >= maxEntries) byName.clear();
      byName.set(name, routines);
    },
    delete: (name) => void byName.delete(name),
  };
}

/** The function the request's keys call, among the declarations. */
function routineFor(request: RpcRequest, routines: readonly Routine[]): Routine {
  const args = request.args;
  const bodyIsObject = typeof args === "object" && args !== null && !Array.isArray(args);
  const keys = bodyIsObject ? Object.keys(args) : [];
  return chooseRoutine(request.functionName, routines, keys, bodyIsObject);
}

type CallRow = { body: string | null; n: string | null };

function resultOf(routine: Routine, results: pg.QueryResult<CallRow>[]): RpcResult {
  const row = results.find((result) => result.fields.some((field) => field.name === "body"))?.rows[0];
  if (routine.returns.kind === "void") return { kind: "no_content" };
  const count = row?.n === null || row?.n === undefined ? null : Number(row.n);
  return { kind: "json", body: row?.body ?? "null", rangeCount: count };
}

/**
 * The one-round-trip path's settings, prepared once per pooled connection: the request's settings
 * (role, claims, method, path, headers), read-only mode when the call is read-only, and the check
 * that the function is declared as remembered; then the search path (a plain set_config, see
 * above: folded into either prepared statement it made PostgreSQL plan that statement again on
 * every call, measured at 0.3 ms per RPC); then the role's own settings, last as in PostgREST, so
 * that a role's `search_path` setting wins. `transaction_read_only` may be turned on at any point
 * of a transaction (only turning it off must come before its first query), so it needs no
 * statement of its own. The check compares with a value read from the catalog, so the failing
 * branch is no constant that the planner could evaluate (and fail on) ahead of time.
 */
const REQUEST_SETTINGS_STATEMENT = "stack_gateway_request_settings";
const ROLE_SETTINGS_STATEMENT = "stack_gateway_role_settings";
const PREPARE_KNOWN_PATH = `
  prepare ${REQUEST_SETTINGS_STATEMENT}(text, text, text, text, text, text, text, boolean) as
  select set_config('role', $1, true),
         set_config('request.jwt.claims', $2, true),
         set_config('request.method', $3, true),
         set_config('request.path', $4, true),
         set_config('request.headers', $5, true),
         case when $8 then set_config('transaction_read_only', 'on', true) end,
         (select case when f.fingerprint = $7 then 0
                      else ('${STALE_MARKER}: ' || f.fingerprint)::int end
            from (${fingerprintSql("$6")}) as f(fingerprint));
  prepare ${ROLE_SETTINGS_STATEMENT}(text) as select ${roleSettingsSql("$1")}`;

/** Pooled connections on which the statements above are prepared (a session keeps them until it ends). */
const preparedOn = new WeakSet<pg.PoolClient>();

async function prepareKnownPath(client: pg.PoolClient): Promise<void> {
  if (preparedOn.has(client)) return;
  await client.query(PREPARE_KNOWN_PATH);
  preparedOn.add(client);
}

/** The settings statements of the one-round-trip path for one request. */
function settingsSql(client: pg.PoolClient, request: RpcRequest, fingerprint: string, readOnly: boolean): string {
  const role = literal(client, request.caller.role);
  const requestSettings = [
    JSON.stringify(request.caller.claims),
    request.method,
    request.path,
    JSON.stringify(request.headers),
    request.functionName,
    fingerprint,
  ].map((value) => literal(client, value));
  return `execute ${REQUEST_SETTINGS_STATEMENT}(${role}, ${requestSettings.join(", ")}, ${readOnly});
select set_config('search_path', '${SEARCH_PATH}', true);
execute ${ROLE_SETTINGS_STATEMENT}(${role})`;
}

function isStale(error: unknown): boolean {
  return isPgError(error) && error.code === "22P02" && error.message.includes(STALE_MARKER);
}

/**
 * Runs the call; Postgres errors come back as PostgREST's GatewayError. A function called before
 * takes one round trip; one not called before (or changed since) takes three and is remembered.
 */
export async function callRpc(pool: pg.Pool, cache: RoutineCache, request: RpcRequest): Promise<RpcResult> {
  const cached = cache.get(request.functionName);
  if (cached !== undefined) {
    const answer = await onConnection(pool, request, (client) => callKnown(client, request, cached));
    if (answer !== "stale") return answer;
    cache.delete(request.functionName);
  }
  return onConnection(pool, request, (client) => callFirst(client, request, cache));
}

/**
 * The one round trip: the settings (with the check) and the call as one simple query of four
 * statements, which Postgres runs as one implicit transaction: committed after the last, rolled
 * back entirely when either fails (a stale declaration included), so no begin or commit is sent.
 */
async function callKnown(client: pg.PoolClient, request: RpcRequest, cached: CachedRoutines): Promise<RpcResult | "stale"> {
  // Keys that match none of the remembered declarations may match the current ones: look again.
  let routine: Routine;
  try {
    routine = routineFor(request, cached.routines);
  } catch {
    return "stale";
  }
  await prepareKnownPath(client);
  const { from, call } = callSql(client, routine, request);
  const readOnly = request.forceReadOnly || routine.readOnly;
  const query = `${settingsSql(client, request, cached.fingerprint, readOnly)};\n${selectSql(routine, from, call)}`;
  try {
    return resultOf(routine, (await client.query(query)) as unknown as pg.QueryResult<CallRow>[]);
  } catch (error) {
    if (isStale(error)) return "stale";
    throw error;
  }
}

/** The first call of a function: look it up in the same transaction, remember it, then call it. */
async function callFirst(client: pg.PoolClient, request: RpcRequest, cache: RoutineCache): Promise<RpcResult> {
  await client.query("begin");
  const setup = await client.query<{ routines: RoutineRow[]; fingerprint: string }>({
    name: SETUP_STATEMENT,
    text: SETUP_SQL,
    values: [
      SEARCH_PATH,
      request.caller.role,
      JSON.stringify(request.caller.claims),
      request.method,
      request.path,
      JSON.stringify(request.headers),
      request.functionName,
    ],
  });
  const routines = (setup.rows[0]?.routines ?? []).map(toRoutine);
  // Only names that exist are remembered: a function created later must be found at once.
  if (routines.length > 0) cache.set(request.functionName, { fingerprint: setup.rows[0]?.fingerprint ?? "", routines });
  const routine = routineFor(request, routines);
  const { from, call } = callSql(client, routine, request);
  const readOnly = request.forceReadOnly || routine.readOnly;
  const statements = [...(readOnly ? ["set transaction read only"] : []), selectSql(routine, from, call), "commit"];
  return resultOf(routine, (await client.query(statements.join(";\n"))) as unknown as pg.QueryResult<CallRow>[]);
}

/** A pooled connection for one call, rolled back on failure; Postgres errors become GatewayErrors. */
async function onConnection<T>(pool: pg.Pool, request: RpcRequest, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const authed = request.caller.role !== ANON_ROLE;
  let broken: Error | undefined;
  // A checked-out client whose backend dies (killed, server restarting) emits 'error' as well as
  // failing its query; pg.Pool listens only on idle clients, and an unheard 'error' event would
  // take the whole gateway down. The failing query reports it (503); the client is then discarded.
  const onConnectionError = (error: Error): void => {
    broken ??= error;
  };
  client.on("error", onConnectionError);
  try {
    return await use(client);
  } catch (error) {
    await client.query("rollback").catch((rollbackError: unknown) => {
      broken = rollbackError as Error;
    });
    if (isPgError(error)) throw fromPgError(error, authed);
    throw error;
  } finally {
    client.off("error", onConnectionError);
    client.release(broken);
  }
}
