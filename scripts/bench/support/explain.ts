/**
 * EXPLAIN (ANALYZE, BUFFERS) of an RPC and of every statement inside it: the RPCs are PL/pgSQL,
 * whose own plan is one "Function Scan", so auto_explain (loaded into the session, nested
 * statements on, plans sent to the client as notices) shows what they run.
 */
import type pg from "pg";

/** Loads auto_explain into this (superuser) session and has it send every plan to us as a notice. */
export async function explainEverything(client: pg.Client): Promise<void> {
  await client.query("load 'auto_explain'");
  for (const setting of ["log_min_duration = 0", "log_analyze = on", "log_buffers = on", "log_nested_statements = on", "log_timing = on", "log_level = notice"]) {
    await client.query(`set auto_explain.${setting}`);
  }
}

/**
 * auto_explain's notices grouped by statement: a statement run once per row (slot_is_free inside
 * available_slots) appears once, with how often it ran, its total time and its slowest plan.
 */
export function groupPlans(notices: readonly string[]): string[] {
  const groups = new Map<string, { runs: number; totalMs: number; slowestMs: number; plan: string }>();
  for (const notice of notices) {
    const ms = Number(/^duration: ([\d.]+) ms/.exec(notice)?.[1] ?? Number.NaN);
    const body = notice.replace(/^duration: [\d.]+ ms\s+plan:\n/, "");
    // The statement's text runs from "Query Text:" to the plan's root node, the first line with a cost.
    const lines = body.split("\n");
    const root = lines.findIndex((line) => line.includes("(cost="));
    const key = (root < 0 ? lines : lines.slice(0, root)).join("\n");
    const group = groups.get(key) ?? { runs: 0, totalMs: 0, slowestMs: -1, plan: body };
    group.runs += 1;
    group.totalMs += ms;
    if (ms > group.slowestMs) {
      group.slowestMs = ms;
      group.plan = body;
    }
    groups.set(key, group);
  }
  return [...groups.values()].map((g) =>
    `-- ran ${g.runs}×, ${g.totalMs.toFixed(3)} ms in all${g.runs > 1 ? `; the slowest run (${g.slowestMs.toFixed(3)} ms):` : ":"}\n${g.plan}\n`);
}

/** Runs `sql` (as service_role, as the function would) with auto_explain reporting every statement inside it, and returns the plans. */
export async function explainNested(client: pg.Client, sql: string, params: unknown[], rollback: boolean): Promise<string> {
  const plans: string[] = [];
  const onNotice = (notice: { message?: string }): void => void plans.push(notice.message ?? "");
  client.on("notice", onNotice);
  try {
    await client.query("begin");
    await client.query("set local role service_role");
    const top = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${sql}`, params);
    await client.query(rollback ? "rollback" : "commit");
    return [
      `-- ${sql}`,
      `-- parameters: ${JSON.stringify(params)}`,
      "",
      "== top level: EXPLAIN (ANALYZE, BUFFERS)",
      ...top.rows.map((r) => r["QUERY PLAN"]),
      "",
      "== statements inside the function (auto_explain: analyze, buffers, nested statements), in order of first run",
      ...groupPlans(plans),
    ].join("\n");
  } finally {
    client.off("notice", onNotice);
  }
}

