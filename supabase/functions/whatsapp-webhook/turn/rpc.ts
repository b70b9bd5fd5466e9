/**
 * The turn's RPC call: `callRpc` from _shared, with a transient database failure turned into
 * TurnError('transient') so the HTTP layer answers 503 and the bot retries the message later.
 */
import type { z } from "zod";
import { callRpc, RpcError } from "../../_shared/rpc.ts";
import type { TurnDeps } from "../../_shared/deps.ts";
import { TurnError } from "./errors.ts";

export async function turnRpc<S extends z.ZodType>(
  deps: TurnDeps,
  fn: string,
  args: Record<string, unknown>,
  schema: S,
): Promise<z.infer<S>> {
  try {
    return await callRpc(deps.db, fn, args, schema);
  } catch (error) {
    if (error instanceof RpcError && error.kind === "transient") {
      throw new TurnError("transient", error.message, { cause: error });
    }
    throw error;
  }
}
