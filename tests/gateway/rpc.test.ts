/**
 * The gateway's /rest/v1/rpc through the real supabase-js client: roles and JWTs, function lookup,
 * result shapes and PostgREST's error bodies and statuses. Each run creates its own functions under
 * a unique prefix and drops them afterwards.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { signJwt } from "../../scripts/stack/keys.ts";
import { REST_BODY_LIMIT_BYTES } from "../../scripts/stack/gateway/server.ts";
import { withDb } from "../function-http/support.ts";
import { stackEnv } from "./stack-env.ts";

const env = stackEnv();
const prefix = `gwtest_${randomUUID().slice(0, 8)}_`;
const fn = (name: string): string => `${prefix}${name}`;
/** Seconds in the past for a token that has certainly expired, beyond any clock-skew allowance. */
const EXPIRED_AGO_S = 3600;

const client = (key: string): SupabaseClient =>
  createClient(env.SUPABASE_URL, key, { auth: { persistSession: false, autoRefreshToken: false } });

const service = client(env.SUPABASE_SERVICE_ROLE_KEY);
const anon = client(env.SUPABASE_ANON_KEY);

const definitions = [
  `create table public.${fn("items")} (id int primary key, label text not null)`,
  `grant select, insert on public.${fn("items")} to service_role`,
  `create function public.${fn("add")}(a int, b int default 10) returns int language sql as $$ select a + b $$`,
  `create function public.${fn("service_only")}() returns text language sql as $$ select 'secret' $$`,
  `create function public.${fn("echo_json")}(jsonb) returns jsonb language sql as $$ select $1 $$`,
  `create function public.${fn("raise_p0001")}() returns void language plpgsql as $$ begin raise exception 'nothing to do here'; end $$`,
  `create function public.${fn("raise_custom")}() returns void language plpgsql as $$
     begin raise exception 'slot already taken' using errcode = 'BK001', hint = 'pick another'; end $$`,
  `create function public.${fn("insert_item")}(p_id int) returns void language sql as $$
     insert into public.${fn("items")} values (p_id, 'x') $$`,
  `create function public.${fn("list_items")}() returns setof public.${fn("items")} language sql stable as $$
     select * from public.${fn("items")} order by id $$`,
  `create function public.${fn("one_item")}(p_id int) returns public.${fn("items")} language sql stable as $$
     select * from public.${fn("items")} where id = p_id $$`,
  `create function public.${fn("numbers")}() returns setof int language sql immutable as $$ select generate_series(1, 3) $$`,
  `create function public.${fn("do_nothing")}() returns void language sql as $$ select $$`,
  `create function public.${fn("total")}(variadic p_values int[]) returns int language sql immutable as $$
     select sum(v)::int from unnest(p_values) v $$`,
  `create function public.${fn("read_only_stable")}() returns text language sql stable as $$
     select current_setting('transaction_read_only') $$`,
  `create function public.${fn("read_only_volatile")}() returns text language sql volatile as $$
     select current_setting('transaction_read_only') $$`,
  `create function public.${fn("whoami")}() returns jsonb language sql stable as $$
     select jsonb_build_object('uid', auth.uid(), 'role', auth.role(), 'current_user', current_user,
       'timeout', current_setting('statement_timeout'), 'method', current_setting('request.method', true),
       'path', current_setting('request.path', true),
       'has_apikey_header', (current_setting('request.headers', true)::jsonb ? 'apikey')) $$`,
  `grant execute on function public.${fn("add")}(int, int), public.${fn("service_only")}(), public.${fn("echo_json")}(jsonb),
     public.${fn("raise_p0001")}(), public.${fn("raise_custom")}(), public.${fn("insert_item")}(int),
     public.${fn("list_items")}(), public.${fn("one_item")}(int), public.${fn("numbers")}(),
     public.${fn("do_nothing")}(), public.${fn("read_only_stable")}(),
     public.${fn("read_only_volatile")}(), public.${fn("total")}(int[]) to service_role`,
  `grant execute on function public.${fn("whoami")}() to anon, authenticated, service_role`,
  `create function public.${fn("settings")}() returns jsonb language sql stable as $$
     select jsonb_build_object('search_path', current_setting('search_path'), 'timeout', current_setting('statement_timeout'),
       'current_user', current_user, 'claims_role', auth.role(), 'path', current_setting('request.path', true),
       'read_only', current_setting('transaction_read_only')) $$`,
  `grant execute on function public.${fn("settings")}() to anon, authenticated, service_role`,
];

/** The signatures of this run's test functions. */
async function testFunctions(db: pg.Client): Promise<string[]> {
  const found = await db.query<{ signature: string }>(
    "select p.oid::regprocedure::text as signature from pg_proc p where p.proname like $1",
    [`${prefix}%`],
  );
  return found.rows.map((row) => row.signature);
}

beforeAll(() =>
  withDb(env.DATABASE_URL, async (db) => {
    for (const sql of definitions) await db.query(sql);
    // New functions are executable by PUBLIC by default; these tests grant explicitly, as migrations do.
    for (const signature of await testFunctions(db)) await db.query(`revoke execute on function ${signature} from public`);
  }),
);

afterAll(() =>
  withDb(env.DATABASE_URL, async (db) => {
    for (const signature of await testFunctions(db)) await db.query(`drop function ${signature}`);
    await db.query(`drop table if exists public.${fn("items")}`);
  }),
);

describe("calling functions", () => {
  it("the service role calls a function granted to it and gets the scalar result", async () => {
    const { data, error } = await service.rpc(fn("add"), { a: 1, b: 2 });
    expect(error).toBeNull();
    expect(data).toBe(3);
  });

  it("an argument with a default may be left out", async () => {
    const { data } = await service.rpc(fn("add"), { a: 1 });
    expect(data).toBe(11);
  });

  it("a single unnamed jsonb parameter receives the whole body", async () => {
    const { data } = await service.rpc(fn("echo_json"), { any: ["shape", 1] });
    expect(data).toEqual({ any: ["shape", 1] });
  });

  it("arguments arrive as sent, whatever text they hold: quotes, backslashes, dollar signs, the gateway's own quoting tag", async () => {
    // The gateway dollar-quotes the arguments ($pgrst$…$pgrst$) and falls back to escaping a value that holds the tag.
    for (const text of ["it's \\ \"quoted\" $$ $1 $pgrst$ x", "ends with the tag's start $pgrst", "ü\n\t€ 😀"]) {
      const { data, error } = await service.rpc(fn("echo_json"), { text, nested: { text } });
      expect(error).toBeNull();
      expect(data).toEqual({ text, nested: { text } });
    }
  });

  it("the body reaches Postgres as sent, as PostgREST passes it: a number beyond JavaScript's precision keeps its digits", async () => {
    const response = await fetch(`${env.SUPABASE_URL}/rest/v1/rpc/${fn("echo_json")}`, {
      method: "POST",
      headers: { apikey: env.SUPABASE_SERVICE_ROLE_KEY, authorization: `Bearer ${env.SUPABASE_SERVICE_ROLE_KEY}`, "content-type": "application/json" },
      body: '{"n": 12345678901234567890123}',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"n": 12345678901234567890123}');
  });

  it("a setof function answers an array of objects", async () => {
    await service.rpc(fn("insert_item"), { p_id: 1 });
    await service.rpc(fn("insert_item"), { p_id: 2 });
    const { data, error } = await service.rpc(fn("list_items"));
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 1, label: "x" }, { id: 2, label: "x" }]);
  });

  it("a function returning one composite answers an object", async () => {
    await service.rpc(fn("insert_item"), { p_id: 7 });
    const { data } = await service.rpc(fn("one_item"), { p_id: 7 });
    expect(data).toEqual({ id: 7, label: "x" });
  });

  it("a setof scalar function answers an array of values", async () => {
    const { data } = await service.rpc(fn("numbers"));
    expect(data).toEqual([1, 2, 3]);
  });

  it("a variadic parameter takes a JSON array", async () => {
    const { data, error } = await service.rpc(fn("total"), { p_values: [1, 2, 3] });
    expect(error).toBeNull();
    expect(data).toBe(6);
  });

  it("a void function answers 204 with no body", async () => {
    const response = await fetch(`${env.SUPABASE_URL}/rest/v1/rpc/${fn("do_nothing")}`, {
      method: "POST",
      headers: { apikey: env.SUPABASE_SERVICE_ROLE_KEY, "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("a stable function runs in a read-only transaction", async () => {
    const { data } = await service.rpc(fn("read_only_stable"));
    expect(data).toBe("on");
  });

  it("a volatile function runs in a read-write transaction", async () => {
    const { data } = await service.rpc(fn("read_only_volatile"));
    expect(data).toBe("off");
  });

  it("GET always runs read-only, so a writing function called with GET is refused with 405", async () => {
    const { status, error } = await service.rpc(fn("insert_item"), { p_id: 99 }, { get: true });
    expect(status).toBe(405);
    expect(error?.code).toBe("25006");
  });

  it("a stable function may also be called with GET and query parameters", async () => {
    const { data, error } = await service.rpc(fn("one_item"), { p_id: 7 }, { get: true });
    expect(error).toBeNull();
    expect(data).toEqual({ id: 7, label: "x" });
  });
});

describe("who the caller is", () => {
  it("the anon key cannot call a function granted only to the service role: 401 with PostgREST's body", async () => {
    const { data, error, status } = await anon.rpc(fn("service_only"));
    expect(data).toBeNull();
    expect(status).toBe(401);
    expect(error).toEqual({
      code: "42501",
      message: `permission denied for function ${fn("service_only")}`,
      details: null,
      hint: null,
    });
  });

  it("an authenticated user without the grant gets 403 instead", async () => {
    const token = await signJwt(env.SUPABASE_JWT_SECRET, { role: "authenticated", sub: randomUUID() });
    const { status, error } = await client(token).rpc(fn("service_only"));
    expect(status).toBe(403);
    expect(error?.code).toBe("42501");
  });

  it("the JWT's claims, the role's statement_timeout and the request settings are visible to SQL", async () => {
    const sub = randomUUID();
    const token = await signJwt(env.SUPABASE_JWT_SECRET, { role: "authenticated", sub });
    const { data } = await client(token).rpc(fn("whoami"));
    expect(data).toEqual({
      uid: sub,
      role: "authenticated",
      current_user: "authenticated",
      timeout: "8s",
      method: "POST",
      path: `/rpc/${fn("whoami")}`,
      has_apikey_header: true,
    });
  });

  it("a request without any key runs as anon with anon's statement_timeout", async () => {
    const response = await fetch(`${env.SUPABASE_URL}/rest/v1/rpc/${fn("whoami")}`, { method: "POST", body: "{}" });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ role: "anon", current_user: "anon", timeout: "3s" });
  });

  it("called again and again (the one-round-trip path, its statements prepared per connection), a function sees the settings of its first call, for every role", async () => {
    const token = await signJwt(env.SUPABASE_JWT_SECRET, { role: "authenticated", sub: randomUUID() });
    const expected = {
      anon: { current_user: "anon", claims_role: "anon", timeout: "3s" },
      authenticated: { current_user: "authenticated", claims_role: "authenticated", timeout: "8s" },
      service_role: { current_user: "service_role", claims_role: "service_role" },
    };
    const callers = { anon, authenticated: client(token), service_role: service };
    // More calls than connections in the pool times the plans a prepared statement is planned for.
    const calls = 60;
    for (const [role, caller] of Object.entries(callers)) {
      const answers = await Promise.all(Array.from({ length: calls }, () => caller.rpc(fn("settings"))));
      for (const { data, error } of answers) {
        expect(error).toBeNull();
        expect(data).toMatchObject({ ...expected[role as keyof typeof expected], search_path: "public, extensions", path: `/rpc/${fn("settings")}`, read_only: "on" });
        expect(data).toEqual(answers[0]?.data);
      }
    }
  });

  it("a token signed with another secret is refused with 401 PGRST301", async () => {
    const forged = await signJwt("not-the-stack-secret-but-long-enough-to-sign", { role: "service_role" });
    const { status, error } = await client(forged).rpc(fn("add"), { a: 1 });
    expect(status).toBe(401);
    expect(error?.code).toBe("PGRST301");
  });

  it("an expired token is refused with 401 PGRST303 JWT expired", async () => {
    const expired = await signJwt(env.SUPABASE_JWT_SECRET, { role: "service_role" }, Math.floor(Date.now() / 1000) - EXPIRED_AGO_S);
    const { status, error } = await client(expired).rpc(fn("add"), { a: 1 });
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: "PGRST303", message: "JWT expired" });
  });

  it("a token that is not a JWT at all is refused with 401 PGRST301", async () => {
    const { status, error } = await client("not-a-jwt").rpc(fn("add"), { a: 1 });
    expect(status).toBe(401);
    expect(error).toMatchObject({ code: "PGRST301", message: "Expected 3 parts in JWT; got 1" });
  });
});

describe("errors", () => {
  it("an unknown function is 404 PGRST202 with PostgREST's message and details", async () => {
    const { status, error } = await service.rpc(fn("missing"), { x: 1 });
    expect(status).toBe(404);
    expect(error).toEqual({
      code: "PGRST202",
      message: `Could not find the function public.${fn("missing")}(x) in the schema cache`,
      details: `Searched for the function public.${fn("missing")} with parameter x or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
      hint: null,
    });
  });

  it("arguments that name no parameter of an existing function are 404 PGRST202 with a hint", async () => {
    const { status, error } = await service.rpc(fn("add"), { c: 1 });
    expect(status).toBe(404);
    expect(error?.code).toBe("PGRST202");
    expect(error?.hint).toBe(`Perhaps you meant to call the function public.${fn("add")}(a, b)`);
  });

  it("a plain raise exception (P0001) is 400 with the message", async () => {
    const { status, error } = await service.rpc(fn("raise_p0001"));
    expect(status).toBe(400);
    expect(error).toEqual({ code: "P0001", message: "nothing to do here", details: null, hint: null });
  });

  it("a custom errcode like BK001 is 400 and keeps its code and hint", async () => {
    const { status, error } = await service.rpc(fn("raise_custom"));
    expect(status).toBe(400);
    expect(error).toEqual({ code: "BK001", message: "slot already taken", details: null, hint: "pick another" });
  });

  it("a unique violation is 409", async () => {
    await service.rpc(fn("insert_item"), { p_id: 50 });
    const { status, error } = await service.rpc(fn("insert_item"), { p_id: 50 });
    expect(status).toBe(409);
    expect(error?.code).toBe("23505");
  });

  it("an argument of the wrong type is 400 with Postgres's own message", async () => {
    const { status, error } = await service.rpc(fn("add"), { a: "not a number" });
    expect(status).toBe(400);
    expect(error?.code).toBe("22P02");
  });

  it("a body over the gateway's limit is 413", async () => {
    const response = await fetch(`${env.SUPABASE_URL}/rest/v1/rpc/${fn("echo_json")}`, {
      method: "POST",
      headers: { apikey: env.SUPABASE_SERVICE_ROLE_KEY, "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(REST_BODY_LIMIT_BYTES) }),
    });
    expect(response.status).toBe(413);
  });

  it("a CORS preflight is answered without a key", async () => {
    const response = await fetch(`${env.SUPABASE_URL}/rest/v1/rpc/${fn("add")}`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("apikey");
  });

  it("invalid JSON is 400 PGRST102", async () => {
    const response = await fetch(`${env.SUPABASE_URL}/rest/v1/rpc/${fn("add")}`, {
      method: "POST",
      headers: { apikey: env.SUPABASE_SERVICE_ROLE_KEY, "content-type": "application/json" },
      body: "{nope",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe("PGRST102");
  });
});
