/**
 * Regression: "deadlock detected" (a 503) when the bot delivered one message twice at once. The first
 * delivery's complete_turn marked the message processed and then waited for the conversation, which
 * the second delivery's begin_turn held while it waited, inserting the same WhatsApp id, for that
 * message row's update to end. 20261122150200_create_turn_functions.sql gives every turn RPC one
 * lock order (patient, conversation, message). The interleaving is forced here with a third
 * connection that holds the conversation until both RPCs are queued behind it, so the test fails
 * without the fix every time rather than once in a while.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newMessageId, jidOf } from "../../scripts/patient/client.ts";
import { databaseUrl } from "../db/support/database-url.ts";
import { Patient, target } from "./support.ts";

/** How long a call may take to start waiting for a lock before the test gives up on the setup. */
const LOCK_WAIT_DEADLINE_MS = 10_000;
const POLL_INTERVAL_MS = 20;
const DEADLOCK_SQLSTATE = "40P01";

/** A session acting as the function does through the gateway: role service_role, one RPC per transaction. */
async function serviceSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl(), application_name: "turn-lock-order-test" });
  await client.connect();
  await client.query("set role service_role");
  return client;
}

const sessions: pg.Client[] = [];
let observer: pg.Client;

beforeAll(async () => {
  observer = new pg.Client({ connectionString: databaseUrl() });
  await observer.connect();
});
afterAll(async () => {
  await Promise.all([...sessions, observer].map((client) => client.end()));
});

async function open(): Promise<pg.Client> {
  const session = await serviceSession();
  sessions.push(session);
  return session;
}

async function pidOf(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
  return rows[0]!.pid;
}

/** Resolves once backend `pid` is blocked on a lock (its call is queued), polling with a deadline. */
async function waitUntilBlocked(pid: number): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_DEADLINE_MS;
  for (;;) {
    const { rows } = await observer.query<{ waiting: boolean }>(
      "select coalesce(wait_event_type = 'Lock', false) as waiting from pg_stat_activity where pid = $1",
      [pid],
    );
    if (rows[0]?.waiting) return;
    if (Date.now() > deadline) throw new Error(`backend ${pid} never waited for a lock`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Settles a query into its value or its SQLSTATE, so both racers can be awaited together. */
async function outcome(query: Promise<pg.QueryResult<{ r: Record<string, unknown> }>>): Promise<{ value: Record<string, unknown> } | { sqlstate: string }> {
  try {
    const result = await query;
    return { value: result.rows[0]!.r };
  } catch (error) {
    return { sqlstate: (error as { code?: string }).code ?? String(error) };
  }
}

describe("a message delivered twice at once", () => {
  it("does not deadlock when the redelivery's begin_turn meets the first delivery's complete_turn", async () => {
    const patient = new Patient();
    await patient.ask("hi");
    const channelId = target().channelId;
    const messageId = newMessageId();
    const beginArgs = [channelId, messageId, jidOf(patient.phone), patient.phone, patient.pushName, "1", new Date().toISOString()];
    const beginSql = "select public.begin_turn($1, $2, $3, $4, $5, $6, $7) as r";

    const first = await open();
    const redelivery = await open();
    const holder = await open();
    const firstPid = await pidOf(first);
    const redeliveryPid = await pidOf(redelivery);

    // The first delivery has recorded the message and computed its answer.
    const { rows: [began] } = await first.query<{ r: { conversationId: string; inboundMessageId: string; conversation: { version: number; state: unknown } } }>(beginSql, beginArgs);
    const conversationId = began!.r.conversationId;

    // Something else holds the conversation for a moment (any turn of it would).
    await holder.query("begin");
    await holder.query("select 1 from public.conversations where id = $1 for update", [conversationId]);

    // The redelivery (past the patient, at the conversation) queues behind the holder first; the
    // first delivery's commit queues second. Without one lock order, the commit has already marked
    // the message when it queues, and the redelivery's insert of the same id then waits for it.
    const redelivered = outcome(redelivery.query(beginSql, beginArgs));
    await waitUntilBlocked(redeliveryPid);
    const completeSql = "select public.complete_turn($1, $2, $3, $4, 'bot', 'Which service would you like?') as r";
    const completeArgs = [conversationId, began!.r.conversation.version, began!.r.inboundMessageId, JSON.stringify(began!.r.conversation.state)];
    const committed = outcome(first.query(completeSql, completeArgs));
    await waitUntilBlocked(firstPid);
    await holder.query("commit");

    const [commit, redo] = await Promise.all([committed, redelivered]);
    expect(commit, "the first delivery's commit").not.toEqual({ sqlstate: DEADLOCK_SQLSTATE });
    expect(redo, "the redelivery's begin_turn").not.toEqual({ sqlstate: DEADLOCK_SQLSTATE });
    expect(commit).toEqual({ value: { ok: true, version: began!.r.conversation.version + 1 } });
    expect(redo).toMatchObject({ value: { duplicate: true, completed: false } });

    // The redelivery's own commit then loses, and its retry gets the stored reply.
    const { rows: [lost] } = await redelivery.query(completeSql, completeArgs);
    expect(lost!.r).toEqual({ ok: false, reason: "conflict" });
    const { rows: [retried] } = await redelivery.query(beginSql, beginArgs);
    expect(retried!.r).toMatchObject({ duplicate: true, completed: true, reply: "Which service would you like?" });
  });
});
