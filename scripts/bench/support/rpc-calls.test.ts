/**
 * The gateway's RPC counters, which the benchmarks read to count a turn's round trips: a served
 * call counts once under its name with its time; a name that is no function does not count.
 */
import { describe, expect, it } from "vitest";
import { readRpcCalls, rpcCallsBetween, totalCalls } from "./rpc-calls.ts";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through npm test or vitest (global setup)`);
  return value;
}

async function rpc(name: string, args: unknown): Promise<number> {
  const key = env("SUPABASE_SERVICE_ROLE_KEY");
  const answer = await fetch(`${env("SUPABASE_URL")}/rest/v1/rpc/${name}`, {
    method: "POST",
    headers: { apikey: key, authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(args),
  });
  await answer.arrayBuffer();
  return answer.status;
}

describe("the gateway's RPC counters", () => {
  it("count each RPC served under its name, and no made-up name", async () => {
    const url = env("SUPABASE_URL");
    const before = await readRpcCalls(url);
    expect(before).not.toBeNull();
    expect(await rpc("channel_secrets", { p_channel_id: "00000000-0000-4000-8000-000000000000" })).toBe(200);
    expect(await rpc("channel_secrets", { p_channel_id: "00000000-0000-4000-8000-000000000000" })).toBe(200);
    expect(await rpc("no_such_function_here", {})).toBe(404);
    const made = rpcCallsBetween(before!, (await readRpcCalls(url))!);
    expect(Object.keys(made)).toEqual(["channel_secrets"]);
    expect(made.channel_secrets?.calls).toBe(2);
    expect(made.channel_secrets?.ms).toBeGreaterThan(0);
    expect(totalCalls(made)).toBe(2);
  });
});
