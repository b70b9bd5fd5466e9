/**
 * Hostile and malformed requests, generated with fast-check as plain data (./hostile-plans.ts)
 * and sent through the gateway: bad signatures, replays, stale and future timestamps, wrong types,
 * deep nesting, huge bodies, odd Unicode, wrong content types, methods and paths, outbox bodies.
 * Every answer must be a 4xx (a replay of a message already answered: 200 with that answer, marked
 * duplicate), never a 5xx or no answer, and the database must be unchanged afterwards, to the row.
 */
import type pg from "pg";
import fc from "fast-check";
import { newMessageId, type FunctionTarget } from "../../patient/client.ts";
import { MAX_CLOCK_SKEW_S } from "../../../shared/contract/index.ts";
import { signBody, signedHeaders } from "../../../shared/signing/index.ts";
import { mustBe, type Check } from "../support/checks.ts";
import { inBatches, withDatabase, type PartResult, type RunContext } from "../support/part.ts";
import { hostilePlan, type Captured, type Plan } from "./hostile-plans.ts";

export interface HostileOptions {
  requests: number;
  seed: number;
}

/** Valid messages sent first, so replays have something to replay. */
const CAPTURED_MESSAGES = 5;
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_EXAMPLES = 5;

interface Outcome {
  plan: Plan;
  status: number | null;
  error?: string;
  ok: boolean;
}

/** A table's rows as a digest, and (for tables with an `id`, small as they are here) the rows themselves. */
interface TableSnapshot {
  digest: string;
  rows: Map<string, Record<string, unknown>> | null;
}

/** Rows kept per table for saying what changed; larger tables keep only their digest. */
const MAX_ROWS_KEPT = 20_000;

/** Every table of the schemas the product writes, as a count and a digest of its rows. */
async function databaseSnapshot(db: pg.ClientBase): Promise<Map<string, TableSnapshot>> {
  const { rows: tables } = await db.query<{ name: string; has_id: boolean }>(
    `select format('%I.%I', t.schemaname, t.tablename) as name,
            exists (select 1 from information_schema.columns c
                     where c.table_schema = t.schemaname and c.table_name = t.tablename and c.column_name = 'id') as has_id
       from pg_tables t where t.schemaname in ('public', 'auth', 'private') order by 1`,
  );
  const snapshot = new Map<string, TableSnapshot>();
  for (const { name, has_id: hasId } of tables) {
    const { rows } = await db.query<{ n: string; md5: string | null }>(
      `select count(*)::text as n, md5(string_agg(t::text, E'\\n' order by t::text)) as md5 from ${name} t`,
    );
    const count = Number(rows[0]?.n ?? 0);
    let kept: TableSnapshot["rows"] = null;
    if (hasId && count <= MAX_ROWS_KEPT) {
      const all = await db.query<{ id: string; row: Record<string, unknown> }>(`select id::text as id, to_jsonb(t) as row from ${name} t`);
      kept = new Map(all.rows.map((r) => [r.id, r.row]));
    }
    snapshot.set(name, { digest: `${count}:${rows[0]?.md5 ?? ""}`, rows: kept });
  }
  return snapshot;
}

/** What differs between two snapshots: "schema.table.column" for changed values, or rows added/removed. */
export function differences(before: Map<string, TableSnapshot>, after: Map<string, TableSnapshot>): string[] {
  const found = new Set<string>();
  for (const [table, now] of after) {
    const then = before.get(table);
    if (then?.digest === now.digest) continue;
    if (then?.rows == null || now.rows === null) {
      found.add(`${table} (rows differ)`);
      continue;
    }
    for (const [id, row] of now.rows) {
      const old = then.rows.get(id);
      if (old === undefined) {
        found.add(`${table}: rows added`);
        continue;
      }
      for (const column of Object.keys(row)) if (JSON.stringify(row[column]) !== JSON.stringify(old[column])) found.add(`${table}.${column}`);
    }
    for (const id of then.rows.keys()) if (!now.rows.has(id)) found.add(`${table}: rows removed`);
  }
  return [...found].sort();
}

async function capture(target: FunctionTarget): Promise<Captured[]> {
  const captured: Captured[] = [];
  for (let i = 0; i < CAPTURED_MESSAGES; i += 1) {
    const phone = `+15559${String(i).padStart(6, "0")}`;
    const raw = JSON.stringify({
      messageId: newMessageId(),
      chatJid: `${phone.slice(1)}@s.whatsapp.net`,
      phone,
      pushName: "Replay Patient",
      message: i % 2 === 0 ? "hi" : "Is there parking?",
      timestamp: new Date().toISOString(),
    });
    const headers = await signedHeaders(target.channelId, target.channelSecret, raw, Date.now() / 1000);
    const answer = await fetch(target.functionUrl, { method: "POST", headers, body: raw });
    const body = (await answer.json()) as { response: string | null };
    if (answer.status !== 200) throw new Error(`a valid message was refused (${answer.status}) while preparing replays`);
    captured.push({ raw, headers, response: body.response });
  }
  return captured;
}

async function send(plan: Plan, base: string, target: FunctionTarget, captured: readonly Captured[]): Promise<Outcome> {
  const headers: Record<string, string> = {};
  const planBody = plan.body();
  let text: string | null = planBody.kind === "none" ? null : planBody.text;
  if (plan.contentType !== null) headers["content-type"] = plan.contentType;
  let expectDuplicateOf: Captured | null = null;
  const auth = plan.auth;
  switch (auth.kind) {
    case "none":
      break;
    case "headers":
      Object.assign(headers, auth.headers);
      break;
    case "signed": {
      const timestamp = typeof auth.timestamp === "string" ? auth.timestamp : String(Math.floor(Date.now() / 1000) + auth.timestamp.offsetS);
      const signature = await signBody(auth.secret ?? target.channelSecret, timestamp, auth.signedText ?? text ?? "");
      headers["x-channel-id"] = auth.channelId ?? target.channelId;
      headers["x-timestamp"] = timestamp;
      headers["x-signature"] = auth.mangle === undefined ? signature : auth.mangle(signature);
      break;
    }
    case "replay": {
      const original = captured[auth.index % captured.length]!;
      text = original.raw;
      Object.assign(headers, auth.fresh ? await signedHeaders(target.channelId, target.channelSecret, original.raw, Date.now() / 1000) : original.headers);
      const age = Date.now() / 1000 - Number(headers["x-timestamp"]);
      // A replay is still inside the signature's window: the function answers it as the redelivery it looks like.
      if (age <= MAX_CLOCK_SKEW_S) expectDuplicateOf = original;
      break;
    }
  }
  const withBody = plan.method !== "GET" && plan.method !== "HEAD";
  let body: BodyInit | undefined;
  if (withBody) {
    if (planBody.kind === "bytes") body = planBody.bytes;
    else if (planBody.kind === "stream") {
      const bytes = new TextEncoder().encode(planBody.text);
      body = new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) });
    } else if (text !== null) body = text;
  }
  try {
    const answer = await fetch(`${base}${plan.path}`, {
      method: plan.method,
      headers,
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(planBody.kind === "stream" ? { duplex: "half" } : {}),
    } as RequestInit);
    const reply = await answer.text();
    if (expectDuplicateOf !== null) {
      let parsed: { duplicate?: boolean; response?: string | null } = {};
      try {
        parsed = JSON.parse(reply) as typeof parsed;
      } catch {
        // Not JSON: judged below by the status.
      }
      const ok = answer.status === 200 && parsed.duplicate === true && parsed.response === expectDuplicateOf.response;
      return { plan, status: answer.status, ok, ...(ok ? {} : { error: reply.slice(0, 200) }) };
    }
    const ok = answer.status >= 400 && answer.status < 500;
    return { plan, status: answer.status, ok, ...(ok ? {} : { error: reply.slice(0, 200) }) };
  } catch (error) {
    return { plan, status: null, ok: false, error: `no answer: ${(error as Error).message}` };
  }
}

export async function hostileRun(context: RunContext, options: HostileOptions): Promise<PartResult> {
  const started = performance.now();
  const { stack } = context;
  const target: FunctionTarget = { functionUrl: stack.env.FUNCTION_URL, channelId: stack.env.CHANNEL_ID, channelSecret: stack.env.CHANNEL_SECRET };
  const base = stack.env.SUPABASE_URL;
  const captured = await capture(target);
  const before = await withDatabase(stack, databaseSnapshot);

  const plans = fc.sample(hostilePlan(stack.env.FUNCTION_URL.slice(base.length)), { numRuns: options.requests, seed: options.seed });
  const outcomes: Outcome[] = [];
  const line = context.progress("hostile");
  await inBatches(plans, CONCURRENCY, async (plan) => {
    outcomes.push(await send(plan, base, target, captured));
    if (outcomes.length % 100 === 0) line.update(`${outcomes.length} of ${plans.length} requests`);
  });
  const after = await withDatabase(stack, databaseSnapshot);
  const changed = [...after].filter(([table, snapshot]) => before.get(table)?.digest !== snapshot.digest).map(([table]) => table);
  const changes = differences(before, after);
  const cronRuns = changed.length === 0 ? 0 : await withDatabase(stack, (db) => cronJobsSince(db, started));

  const serverErrors = outcomes.filter((o) => o.status !== null && o.status >= 500);
  const accepted = outcomes.filter((o) => !o.ok && o.status !== null && o.status < 400);
  const unanswered = outcomes.filter((o) => o.status === null);
  const wrongReplays = outcomes.filter((o) => !o.ok && o.plan.auth.kind === "replay");
  const byCategory = new Map<string, Map<string, number>>();
  for (const o of outcomes) {
    const statuses = byCategory.get(o.plan.category) ?? new Map<string, number>();
    const key = String(o.status ?? "none");
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    byCategory.set(o.plan.category, statuses);
  }
  line.done(`${outcomes.length} requests: ${serverErrors.length} 5xx, ${accepted.length} accepted, ${unanswered.length} unanswered; tables changed: ${changed.join(", ") || "none"}`);
  const example = (o: Outcome): string => `${o.plan.category}: ${o.plan.method} ${o.plan.path.slice(0, 80)} → ${o.status ?? "no answer"} ${o.error ?? ""}`.trim();
  const checks: Check[] = [
    mustBe("requests sent", outcomes.length, options.requests),
    mustBe("answered 5xx", serverErrors.length, 0),
    mustBe("accepted though they had to be refused", accepted.length, 0),
    mustBe("replays not answered as the redelivery they are", wrongReplays.length, 0),
    mustBe("left without an answer", unanswered.length, 0),
    mustBe("tables changed", changed.length, 0),
  ];
  return {
    part: "hostile",
    title: `${options.requests.toLocaleString("en-US")} malformed or hostile requests (fast-check, seed ${options.seed})`,
    seconds: (performance.now() - started) / 1000,
    checks,
    facts: {
      ...Object.fromEntries([...byCategory].map(([category, statuses]) => [category, [...statuses].map(([s, n]) => `${s}×${n}`).join(" ")])),
      ...(changes.length > 0 ? { changed: changes.join(", ") } : {}),
    },
    notes: [
      ...[...serverErrors, ...accepted, ...unanswered, ...wrongReplays].slice(0, MAX_EXAMPLES).map((o) => `example: ${example(o)}`),
      ...(changed.length > 0 ? [`changed: ${changes.join(", ")}${cronRuns > 0 ? ` (pg_cron ran ${cronRuns} jobs meanwhile)` : ""}`] : []),
    ],
  };
}

/** pg_cron jobs that ran since `startedMs` (performance.now()), to tell a scheduled job's write from a leak. */
async function cronJobsSince(db: pg.ClientBase, startedMs: number): Promise<number> {
  const since = new Date(Date.now() - (performance.now() - startedMs));
  try {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from cron.job_run_details where start_time >= $1", [since]);
    return rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}
