/**
 * Finding the function a request means, the way PostgREST's schema cache does: by name in the
 * exposed schema and by the JSON keys given, which must name the function's parameters (those with
 * defaults may be left out); a function with a single unnamed json/jsonb parameter takes any body.
 * No match is PGRST202 (404), several are PGRST203 (300).
 */
import { gatewayError, type GatewayError } from "./errors.ts";

export const EXPOSED_SCHEMA = "public";

/** What the function returns decides the response's shape. */
export type ReturnShape =
  | { kind: "void" }
  | { kind: "scalar" }
  | { kind: "row" }
  | { kind: "set_of_rows" }
  | { kind: "set_of_scalars" };

export interface Parameter {
  name: string;
  type: string;
  hasDefault: boolean;
  /** A VARIADIC parameter takes its JSON array as the whole list of trailing arguments. */
  variadic: boolean;
}

export interface Routine {
  schema: string;
  name: string;
  parameters: Parameter[];
  /** STABLE or IMMUTABLE functions run in a read-only transaction. */
  readOnly: boolean;
  returns: ReturnShape;
}

/** One row of ROUTINES_SQL. */
export interface RoutineRow {
  name: string;
  volatility: string;
  returns_set: boolean;
  returns_void: boolean;
  returns_composite: boolean;
  n_defaults: number;
  arg_names: string[] | null;
  arg_modes: string[] | null;
  arg_types: string[];
}

/** The catalog query; `nameExpression` is a SQL expression for the function's name (a parameter). */
export const routinesSql = (nameExpression: string): string => `
  select p.proname as name, p.provolatile as volatility, p.proretset as returns_set,
         p.prorettype = 'pg_catalog.void'::pg_catalog.regtype as returns_void,
         (t.typtype = 'c' or p.prorettype = 'pg_catalog.record'::pg_catalog.regtype) as returns_composite,
         p.pronargdefaults as n_defaults, p.proargnames as arg_names, p.proargmodes::text[] as arg_modes,
         array(select pg_catalog.format_type(u.oid, null)
                 from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as u(oid, n)
                order by u.n) as arg_types
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    join pg_catalog.pg_type t on t.oid = p.prorettype
   where n.nspname = '${EXPOSED_SCHEMA}' and p.proname = ${nameExpression} and p.prokind = 'f'`;

const INPUT_MODES = new Set(["i", "b", "v"]);

export function toRoutine(row: RoutineRow): Routine {
  const inputs: Array<{ name: string; type: string; variadic: boolean }> = [];
  row.arg_types.forEach((type, index) => {
    const mode = row.arg_modes?.[index] ?? "i";
    if (INPUT_MODES.has(mode)) inputs.push({ name: row.arg_names?.[index] ?? "", type, variadic: mode === "v" });
  });
  const firstDefault = inputs.length - row.n_defaults;
  const parameters = inputs.map((input, index) => ({ ...input, hasDefault: index >= firstDefault }));
  return {
    schema: EXPOSED_SCHEMA,
    name: row.name,
    parameters,
    readOnly: row.volatility !== "v",
    returns: returnShape(row),
  };
}

function returnShape(row: RoutineRow): ReturnShape {
  if (row.returns_void) return { kind: "void" };
  if (row.returns_set) return row.returns_composite ? { kind: "set_of_rows" } : { kind: "set_of_scalars" };
  return row.returns_composite ? { kind: "row" } : { kind: "scalar" };
}

/** True for a function whose only parameter is an unnamed json or jsonb. */
export function takesWholeBody(routine: Routine): boolean {
  const only = routine.parameters[0];
  return routine.parameters.length === 1 && only !== undefined && only.name === "" && (only.type === "json" || only.type === "jsonb");
}

function acceptsKeys(routine: Routine, keys: readonly string[]): boolean {
  const names = new Set(routine.parameters.map((parameter) => parameter.name));
  if (!keys.every((key) => names.has(key))) return false;
  return routine.parameters.every((parameter) => parameter.hasDefault || keys.includes(parameter.name));
}

const signature = (routine: Routine): string =>
  `${routine.schema}.${routine.name}(${routine.parameters.map((p) => (p.name ? `${p.name} => ${p.type}` : p.type)).join(", ")})`;

/** Picks the one function the keys call; `wholeBody` is false when the body is no JSON object. */
export function chooseRoutine(
  name: string,
  candidates: readonly Routine[],
  keys: readonly string[],
  bodyIsObject: boolean,
): Routine {
  const byKeys = bodyIsObject ? candidates.filter((routine) => !takesWholeBody(routine) && acceptsKeys(routine, keys)) : [];
  const matches = byKeys.length > 0 ? byKeys : candidates.filter(takesWholeBody);
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw gatewayError(300, "PGRST203", `Could not choose the best candidate function between: ${matches.map(signature).join(", ")}`, {
      hint: "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
    });
  }
  throw notFound(name, candidates, keys);
}

function notFound(name: string, candidates: readonly Routine[], keys: readonly string[]): GatewayError {
  const qualified = `${EXPOSED_SCHEMA}.${name}`;
  const sorted = [...keys].sort();
  const withParams = sorted.length === 0
    ? "without parameters"
    : `with parameter${sorted.length === 1 ? "" : "s"} ${sorted.join(", ")}`;
  const message = sorted.length === 0
    ? `Could not find the function ${qualified} without parameters in the schema cache`
    : `Could not find the function ${qualified}(${sorted.join(", ")}) in the schema cache`;
  const nearest = candidates[0];
  const hint = nearest
    ? `Perhaps you meant to call the function ${qualified}(${nearest.parameters.map((p) => p.name).join(", ")})`
    : null;
  return gatewayError(404, "PGRST202", message, {
    details: `Searched for the function ${qualified} ${withParams} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    hint,
  });
}
