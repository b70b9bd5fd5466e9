/**
 * stack.env names the demo clinic's channel, however many clinics exist. Regression: it named the
 * channel with the lowest id, so once a second clinic existed `npm start`, `npm run chat` and the
 * tests talked to whichever clinic's channel sorted first.
 */
import { describe, expect, it } from "vitest";
import { DEMO_CHANNEL_ID, readDemoChannel } from "../../scripts/stack/stack.ts";
import { withDb } from "../function-http/support.ts";
import { stackEnv } from "./stack-env.ts";

describe("the channel stack.env names", () => {
  it("is the demo clinic's even when another clinic's channel sorts first", async () => {
    await withDb(stackEnv().DATABASE_URL, async (db) => {
      await db.query("begin");
      try {
        await db.query(`insert into public.clinics (id, name, timezone)
                        values ('00000000-0000-4000-8000-0000000000c1', 'Another Clinic', 'Europe/Lisbon')`);
        await db.query(`insert into public.channels (id, clinic_id, phone, secret)
                        values ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000c1',
                                '+351210000001', repeat('s', 64))`);
        const channel = await readDemoChannel(db);
        expect(channel.channelId).toBe(DEMO_CHANNEL_ID);
        expect(channel.channelSecret).not.toBe("s".repeat(64));
        expect(channel.channelSecret.length).toBeGreaterThanOrEqual(32);
      } finally {
        await db.query("rollback");
      }
    });
  });
});
