/**
 * One RPC call as PostgREST makes it: a transaction on a pooled `authenticator` connection that
 * first sets the search path, the caller's role and its per-role settings (PostgREST applies
 * `ALTER ROLE … SET` values itself, since `set role` does not), the JWT claims and the request
 * GUCs, then calls the function with named arguments taken from the JSON body through
 * json_to_record, so Postgres itself converts every value to the parameter's type.
 *
 * Three round trips on success: begin; settings + catalog lookup (a prepared statement); the call
 * and commit in one simple query.
 */
import type pg from "pg";
import type { Caller } from "./auth.ts";
import { ANON_ROLE } from "./auth.ts";
import { fromPgError, isPgError } from "./errors.ts";
import { chooseRoutine, routinesSql, takesWholeBody, toRoutine, type Routine, type RoutineRow } from "./routines.ts";
import { assertNever } from "../../../shared/assert-never.ts";

export const SEARCH_PATH = "public, extensions";

export interface RpcRequest {
  functionName: string;
  /** The parsed JSON body (POST) or the query parameters as strings (GET/HEAD). */
  args: unknown;
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

function callSql(client: pg.PoolClient, routine: Routine, args: unknown): { from: string; call: string } {
  const fn = `${client.escapeIdentifier(routine.schema)}.${client.escapeIdentifier(routine.name)}`;
  if (takesWholeBody(routine)) {
    const type = routine.parameters[0]?.type ?? "jsonb";
    return { from: "", call: `${fn}(${client.escapeLiteral(JSON.stringify(args ?? {}))}::${type})` };
  }
  const given = routine.parameters.filter((p) => Object.hasOwn(args as object, p.name));
  if (given.length === 0) return { from: "", call: `${fn}()` };
  const columns = given.map((p) => `${client.escapeIdentifier(p.name)} ${p.type}`).join(", ");
  const named = given
    .map((p) => `${p.variadic ? "variadic " : ""}${client.escapeIdentifier(p.name)} := pgrst_args.${client.escapeIdentifier(p.name)}`)
    .join(", ");
  return {
    from: `json_to_record(${client.escapeLiteral(JSON.stringify(args))}::json) as pgrst_args(${columns})`,
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
 * Round trip 2: one prepared SELECT (planned once per pooled connection) that sets the request's
 * settings, applies the role's own settings and looks the function up. The settings do not affect
 * the catalog lookup, so the order in which Postgres evaluates the columns does not matter.
 */
const SETUP_STATEMENT = "stack_gateway_setup";
const SETUP_SQL = `
  select set_config('search_path', $1, true) as search_path,
         set_config('role', $2, true) as role,
         set_config('request.jwt.claims', $3, true) as claims,
         set_config('request.method', $4, true) as method,
         set_config('request.path', $5, true) as path,
         set_config('request.headers', $6, true) as headers,
         (select count(set_config(split_part(setting, '=', 1), substr(setting, strpos(setting, '=') + 1), true))
            from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as setting
           where s.setrole = (select oid from pg_catalog.pg_roles where rolname = $2)
             and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
         ) as role_settings,
         (select coalesce(json_agg(r), '[]') from (${routinesSql("$7")}) r) as routines`;

/** Runs the call; Postgres errors come back as PostgREST's GatewayError. */
export async function callRpc(pool: pg.Pool, request: RpcRequest): Promise<RpcResult> {
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
    await client.query("begin");
    const setup = await client.query<{ routines: RoutineRow[] }>({
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
    const routines = setup.rows[0]?.routines ?? [];
    const args = request.args;
    const bodyIsObject = typeof args === "object" && args !== null && !Array.isArray(args);
    const keys = bodyIsObject ? Object.keys(args) : [];
    const routine = chooseRoutine(request.functionName, routines.map(toRoutine), keys, bodyIsObject);

    const { from, call } = callSql(client, routine, args);
    const readOnly = request.forceReadOnly || routine.readOnly;
    const statements = [...(readOnly ? ["set transaction read only"] : []), selectSql(routine, from, call), "commit"];
    const results = (await client.query(statements.join(";\n"))) as unknown as pg.QueryResult<{ body: string | null; n: string | null }>[];
    const row = results.find((result) => result.fields.some((field) => field.name === "body"))?.rows[0];
    if (routine.returns.kind === "void") return { kind: "no_content" };
    const count = row?.n === null || row?.n === undefined ? null : Number(row.n);
    return { kind: "json", body: row?.body ?? "null", rangeCount: count };
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
