/**
 * The gateway remembers how a function is declared so that later calls take one round trip
 * (scripts/stack/gateway/rpc.ts), but a function changed in the database is called as it is now,
 * at once, without a reload: dropped and created with other parameters, made volatile, or dropped.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "@supabase/supabase-js";
import { withDb } from "../function-http/support.ts";
import { stackEnv } from "./stack-env.ts";

const env = stackEnv();
const name = `gwcache_${randomUUID().slice(0, 8)}`;
const service = createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, { auth: { persistSession: false, autoRefreshToken: false } });

const define = (sql: string): Promise<void> =>
  withDb(env.DATABASE_URL, async (db) => {
    await db.query(sql);
    const found = await db.query<{ signature: string }>("select p.oid::regprocedure::text as signature from pg_proc p where p.proname = $1", [name]);
    for (const { signature } of found.rows) await db.query(`grant execute on function ${signature} to service_role`);
  });

afterAll(() => define(`drop function if exists public.${name}(int); drop function if exists public.${name}(text)`));

describe("a function changed after the gateway called it", () => {
  it("is called as it is declared now: other parameters, other volatility, or gone", async () => {
    await define(`create function public.${name}(p_number int) returns text language sql stable as
                    $$ select 'number ' || p_number || ' ' || current_setting('transaction_read_only') $$`);
    expect((await service.rpc(name, { p_number: 1 })).data).toBe("number 1 on");
    expect((await service.rpc(name, { p_number: 2 })).data).toBe("number 2 on");

    await define(`drop function public.${name}(int);
                  create function public.${name}(p_word text) returns text language sql stable as
                    $$ select 'word ' || p_word $$`);
    expect((await service.rpc(name, { p_word: "two" })).data).toBe("word two");

    await define(`create or replace function public.${name}(p_word text) returns text language sql volatile as
                    $$ select 'word ' || p_word || ' ' || current_setting('transaction_read_only') $$`);
    expect((await service.rpc(name, { p_word: "three" })).data).toBe("word three off");

    await define(`drop function public.${name}(text)`);
    const gone = await service.rpc(name, { p_word: "four" });
    expect(gone.status).toBe(404);
    expect(gone.error?.code).toBe("PGRST202");
  });
});
