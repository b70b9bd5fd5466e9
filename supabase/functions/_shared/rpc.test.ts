/** RPC failures are classified so the HTTP layer knows which ones a retry may fix. */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { z } from "zod";
import { callRpc, isTransientFailure, RpcError } from "./rpc.ts";

function fakeDb(response: { data: unknown; error: { code?: string; message: string } | null; status: number }) {
  return { rpc: () => Promise.resolve(response) } as unknown as SupabaseClient;
}

async function failureOf(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RpcError);
    return error;
  }
  throw new Error("expected an RpcError");
}

Deno.test("network failures, unavailable gateways, timeouts, deadlocks and serialization failures are transient", () => {
  assert.ok(isTransientFailure(0, ""));
  assert.ok(isTransientFailure(503, "PGRST001"));
  assert.ok(isTransientFailure(500, "57014"));
  assert.ok(isTransientFailure(500, "40P01"));
  assert.ok(isTransientFailure(500, "40001"));
  assert.ok(isTransientFailure(503, "08006"));
});

Deno.test("refusals by the database are not transient", () => {
  assert.ok(!isTransientFailure(400, "P0001"));
  assert.ok(!isTransientFailure(400, "OB001"));
  assert.ok(!isTransientFailure(409, "23505"));
  assert.ok(!isTransientFailure(404, "PGRST202"));
});

Deno.test("a result is parsed with the given schema", async () => {
  const db = fakeDb({ data: [{ n: 1 }], error: null, status: 200 });
  assert.deepEqual(await callRpc(db, "f", {}, z.array(z.object({ n: z.number() }))), [{ n: 1 }]);
});

Deno.test("an error answer becomes an RpcError carrying its code and kind", async () => {
  const error = await failureOf(callRpc(fakeDb({ data: null, error: { code: "OB001", message: "not found" }, status: 400 }), "ack_outbox", {}, z.string()));
  assert.equal(error.kind, "rejected");
  assert.equal(error.code, "OB001");
  assert.equal(error.fn, "ack_outbox");
});

Deno.test("a result of an unexpected shape is a rejected RpcError, not a crash later", async () => {
  const error = await failureOf(callRpc(fakeDb({ data: { n: "one" }, error: null, status: 200 }), "f", {}, z.object({ n: z.number() })));
  assert.equal(error.kind, "rejected");
  assert.equal(error.code, "unexpected_result");
});
