/**
 * Round trips from the function to the database, counted where they arrive: the local gateway
 * keeps, per RPC name, how many calls it served and how long they took (GET /stack/rpc-calls, a
 * counter of the stand-in, not of PostgREST). Read before and after a turn that nothing else
 * overlaps, the difference is exactly that turn's RPCs; over a loaded window, their mean per turn.
 */
export type RpcCalls = Record<string, { calls: number; ms: number }>;

const RPC_CALLS_PATH = "/stack/rpc-calls";

/** The gateway's counters, or null when this gateway does not keep them (a stack of an older checkout). */
export async function readRpcCalls(supabaseUrl: string): Promise<RpcCalls | null> {
  const answer = await fetch(`${supabaseUrl.replace(/\/+$/, "")}${RPC_CALLS_PATH}`);
  if (answer.status !== 200) {
    await answer.arrayBuffer();
    return null;
  }
  return (await answer.json()) as RpcCalls;
}

/** The calls made between two readings, by RPC name (names with no new call left out). */
export function rpcCallsBetween(before: RpcCalls, after: RpcCalls): RpcCalls {
  const made: RpcCalls = {};
  for (const [name, end] of Object.entries(after)) {
    const start = before[name] ?? { calls: 0, ms: 0 };
    if (end.calls > start.calls) made[name] = { calls: end.calls - start.calls, ms: end.ms - start.ms };
  }
  return made;
}

export function totalCalls(calls: RpcCalls): number {
  return Object.values(calls).reduce((sum, entry) => sum + entry.calls, 0);
}
