/**
 * One way to call a Postgres function through supabase-js: the result is parsed with zod, and a
 * failure becomes an RpcError that says whether retrying may help (`transient`: network down,
 * gateway unavailable, serialization failure, deadlock, statement timeout) or not (`rejected`:
 * the database refused, e.g. a raised BKnnn error). The HTTP layer answers transient ones 503.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { z } from "zod";

export type RpcFailureKind = "transient" | "rejected";

/** HTTP statuses from the gateway that mean "try again": PostgREST's connection errors and proxies. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([0, 502, 503, 504, 520]);

/** SQLSTATE prefixes and codes whose failure is about the moment, not the request. */
const TRANSIENT_SQLSTATE_PREFIXES = ["08", "53", "57P"] as const;
const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set(["40001", "40P01", "55P03", "57014"]);
/** PostgREST's own codes for "could not reach or use the database". */
const TRANSIENT_POSTGREST_CODES: ReadonlySet<string> = new Set(["PGRST000", "PGRST001", "PGRST002", "PGRST003"]);

export class RpcError extends Error {
  override readonly name = "RpcError";
  constructor(
    readonly fn: string,
    readonly kind: RpcFailureKind,
    /** SQLSTATE, a PostgREST code, or "" for a network failure. */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(`${fn}: ${message}`);
  }
}

export function isTransientFailure(status: number, code: string): boolean {
  if (TRANSIENT_STATUSES.has(status)) return true;
  if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_POSTGREST_CODES.has(code)) return true;
  return TRANSIENT_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix));
}

/** Calls `fn` with named arguments and parses its result; throws RpcError on any failure. */
export async function callRpc<S extends z.ZodType>(
  db: SupabaseClient,
  fn: string,
  args: Record<string, unknown>,
  resultSchema: S,
): Promise<z.infer<S>> {
  const { data, error, status } = await db.rpc(fn, args);
  if (error) {
    const code = error.code ?? "";
    const kind: RpcFailureKind = isTransientFailure(status, code) ? "transient" : "rejected";
    throw new RpcError(fn, kind, code, status, error.message);
  }
  const parsed = resultSchema.safeParse(data);
  if (!parsed.success) {
    // The database answered something this code does not understand: a deploy mismatch, not
    // something a retry fixes.
    const path = parsed.error.issues[0]?.path.map(String).join(".") ?? "";
    throw new RpcError(fn, "rejected", "unexpected_result", status, `unexpected result shape at '${path}'`);
  }
  return parsed.data;
}
