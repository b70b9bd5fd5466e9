/**
 * How much latency the gateway adds to an RPC: the same trivial function called (a) straight
 * through pg, one statement on a pooled connection, and (b) through /rest/v1/rpc with the service
 * key (JWT check, role switch, settings, lookup, call, commit); (c) an HTTP server that answers at
 * once shows what fetch and HTTP alone cost, whoever serves. Prints figures; asserts nothing.
 *
 *   npx tsx scripts/stack/bench-gateway.ts [calls]
 */
import http from "node:http";
import pg from "pg";
import { percentile } from "../bench/percentile.ts";
import { startIsolatedStack } from "../test/isolated-stack.ts";

const DEFAULT_CALLS = 2000;
const WARM_UP_CALLS = 200;
const PARALLEL_CLIENTS = 8;

async function measure(calls: number, once: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARM_UP_CALLS; i += 1) await once(i);
  const samples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    await once(i);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function throughput(calls: number, once: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL_CLIENTS }, async () => {
      while (next < calls) await once(next++);
    }),
  );
  return calls / ((performance.now() - started) / 1000);
}

const row = (label: string, samples: readonly number[]): string =>
  `${label.padEnd(28)} p50 ${percentile(samples, 50).toFixed(3)} ms   p95 ${percentile(samples, 95).toFixed(3)} ms   p99 ${percentile(samples, 99).toFixed(3)} ms`;

const calls = Number(process.argv[2] ?? DEFAULT_CALLS);
const stack = await startIsolatedStack(() => {});
const pool = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: PARALLEL_CLIENTS });
try {
  await pool.query(
    `create function public.bench_echo(p int) returns int language sql stable as $$ select p $$;
     grant execute on function public.bench_echo(int) to service_role`,
  );
  const direct = async (i: number): Promise<void> => {
    await pool.query("select public.bench_echo($1)", [i]);
  };
  const headers = {
    apikey: stack.env.SUPABASE_SERVICE_ROLE_KEY,
    authorization: `Bearer ${stack.env.SUPABASE_SERVICE_ROLE_KEY}`,
    "content-type": "application/json",
  };
  const viaGateway = async (i: number): Promise<void> => {
    const response = await fetch(`${stack.env.SUPABASE_URL}/rest/v1/rpc/bench_echo`, {
      method: "POST",
      headers,
      body: JSON.stringify({ p: i }),
    });
    if ((await response.json()) !== i) throw new Error(`unexpected answer ${response.status}`);
  };

  const floor = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200, { "content-type": "application/json" }).end("0"));
  });
  await new Promise<void>((resolve) => floor.listen(0, "127.0.0.1", () => resolve()));
  const floorAddress = floor.address();
  const floorUrl = `http://127.0.0.1:${typeof floorAddress === "object" && floorAddress ? floorAddress.port : 0}/`;
  const httpOnly = async (): Promise<void> => {
    await (await fetch(floorUrl, { method: "POST", headers, body: "{}" })).json();
  };

  const floorSamples = await measure(calls, httpOnly);
  floor.close();
  const directSamples = await measure(calls, direct);
  const gatewaySamples = await measure(calls, viaGateway);
  console.log(`${calls} sequential calls each, after ${WARM_UP_CALLS} to warm up:`);
  console.log(row("pg, one statement", directSamples));
  console.log(row("fetch to an instant server", floorSamples));
  console.log(row("gateway /rest/v1/rpc", gatewaySamples));
  const p50 = (samples: readonly number[]): number => percentile(samples, 50);
  console.log(`added over pg at p50: ${(p50(gatewaySamples) - p50(directSamples)).toFixed(3)} ms, ` +
    `of which HTTP itself ${p50(floorSamples).toFixed(3)} ms and the gateway's own work ` +
    `${(p50(gatewaySamples) - p50(directSamples) - p50(floorSamples)).toFixed(3)} ms`);
  console.log(`throughput with ${PARALLEL_CLIENTS} parallel callers:`);
  console.log(`  pg       ${(await throughput(calls, direct)).toFixed(0)} calls/s`);
  console.log(`  gateway  ${(await throughput(calls, viaGateway)).toFixed(0)} calls/s`);
} finally {
  await pool.end();
  await stack.stop();
}
