/**
 * Two claims at the same moment never hand out the same message and never wait for each other:
 * claim_outbox locks with FOR UPDATE SKIP LOCKED. Runs on two real database sessions, one of them
 * holding its claim in an open transaction.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import pg from "pg";
import { createChannel, deleteChannel, newSecret, stackEnv } from "./support.ts";

const env = stackEnv();
const MESSAGES = 6;
const FIRST_CLAIM = 4;
let first: pg.Client;
let second: pg.Client;
let channelId: string;

beforeAll(async () => {
  first = new pg.Client({ connectionString: env.databaseUrl });
  second = new pg.Client({ connectionString: env.databaseUrl });
  await Promise.all([first.connect(), second.connect()]);
  channelId = await createChannel(first, env.channelId, { secret: newSecret() });
  for (let i = 0; i < MESSAGES; i += 1) {
    await first.query(
      // Staff alerts: the one kind addressed to a bare phone number (no patient, no consent rule).
      `insert into public.outbox (clinic_id, channel_id, phone, kind, params, send_after)
       select clinic_id, id, '+15550000000', 'staff_alert', jsonb_build_object('patient', $2::text, 'reason', 'test'),
              now() - make_interval(secs => $3) from public.channels where id = $1`,
      [channelId, `patient ${i} ${randomUUID()}`, MESSAGES - i],
    );
  }
});

afterAll(async () => {
  await deleteChannel(first, channelId);
  await Promise.all([first.end(), second.end()]);
});

test("a claim skips rows another open claim holds instead of waiting or taking them", async () => {
  await first.query("begin");
  try {
    const held = await first.query<{ id: string }>("select id from public.claim_outbox($1, $2)", [channelId, FIRST_CLAIM]);
    expect(held.rows).toHaveLength(FIRST_CLAIM);
    // lock_timeout turns a would-be wait into an error, so waiting cannot pass unnoticed.
    await second.query("set lock_timeout = '2s'");
    const other = await second.query<{ id: string }>("select id from public.claim_outbox($1, 20)", [channelId]);
    expect(other.rows).toHaveLength(MESSAGES - FIRST_CLAIM);
    const heldIds = new Set(held.rows.map((row) => row.id));
    expect(other.rows.filter((row) => heldIds.has(row.id))).toEqual([]);
  } finally {
    await first.query("rollback");
  }
});
