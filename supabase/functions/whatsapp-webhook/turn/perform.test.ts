/** The slot engine's answers mapped to flow events: BKnnn refusals become outcomes, outages TurnError. */
import assert from "node:assert/strict";
import type { SupabaseClient } from "@supabase/supabase-js";
import { createPerformer } from "./perform.ts";
import { TurnError } from "./errors.ts";
import type { TurnContext } from "./context.ts";
import { silentLogger } from "../../_shared/logger.ts";
import { APPOINTMENT, DRAFT, HOLD } from "../flow/testing.ts";

type RpcAnswer = { data: unknown; error: { code: string; message: string } | null; status: number };

function performerAnswering(answer: RpcAnswer, calls: string[] = []) {
  const db = { rpc: (fn: string) => {
    calls.push(fn);
    return Promise.resolve(answer);
  } } as unknown as SupabaseClient;
  const context = {
    conversation: { id: "c1" },
    patient: { id: "p1" },
    clinic: { id: "k1", name: "Smile" },
    history: [],
  } as unknown as TurnContext;
  const deps = { db, answerQuestion: () => Promise.resolve({ kind: "no_match" as const }), now: () => new Date(), log: silentLogger };
  return createPerformer(deps, context, new Date("2026-11-22T10:00:00Z"));
}

const refused = (code: string): RpcAnswer => ({ data: null, error: { code, message: code }, status: 400 });
const slot = { slotId: HOLD.slotId, startsAt: HOLD.startsAt, providerId: HOLD.providerId };

Deno.test("a claim refused with BK001 means someone else took the time", async () => {
  const { event } = await performerAnswering(refused("BK001")).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(event.type === "claim_result" && event.outcome, { kind: "taken" });
});

Deno.test("a claim refused with BK004 means the patient's limit of upcoming appointments", async () => {
  const { event } = await performerAnswering(refused("BK004")).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(event.type === "claim_result" && event.outcome, { kind: "refused", reason: "limit_reached" });
});

Deno.test("a confirmation refused with BK007 or BK006 means the hold is gone", async () => {
  for (const code of ["BK006", "BK007"]) {
    const { event } = await performerAnswering(refused(code)).request({ type: "confirm_hold", draft: DRAFT, hold: HOLD });
    assert.deepEqual(event.type === "confirm_result" && event.outcome, { kind: "hold_expired" }, code);
  }
});

Deno.test("a reschedule confirms through reschedule_appointment, not confirm_hold", async () => {
  const calls: string[] = [];
  const draft = { ...DRAFT, rescheduleOf: { ...APPOINTMENT, appointmentId: "a0", startsAt: HOLD.startsAt } };
  const performer = performerAnswering({ data: { id: "a1", starts_at: HOLD.startsAt }, error: null, status: 200 }, calls);
  const { event } = await performer.request({ type: "confirm_hold", draft, hold: HOLD });
  assert.deepEqual(calls, ["reschedule_appointment"]);
  assert.deepEqual(event.type === "confirm_result" && event.outcome, { kind: "confirmed", appointmentId: "a1", startsAt: HOLD.startsAt });
});

Deno.test("a database outage becomes a transient TurnError, so the bot retries the message", async () => {
  await assert.rejects(
    performerAnswering({ data: null, error: { code: "PGRST000", message: "down" }, status: 503 })
      .request({ type: "claim_slot", draft: DRAFT, slot }),
    (error: unknown) => error instanceof TurnError && error.code === "transient",
  );
});

Deno.test("an unexpected refusal (a bug, not a patient's situation) is not dressed up as an outcome", async () => {
  await assert.rejects(
    performerAnswering(refused("BK009")).request({ type: "claim_slot", draft: DRAFT, slot }),
    (error: unknown) => !(error instanceof TurnError),
  );
});

Deno.test("a held claim names the practitioner whose slot it is", async () => {
  const answer = { starts_at: HOLD.startsAt, held_until: HOLD.holdUntil, provider_id: "prov-costa" };
  const { event } = await performerAnswering({ data: answer, error: null, status: 200 }).request({ type: "claim_slot", draft: DRAFT, slot });
  assert.deepEqual(event.type === "claim_result" && event.outcome, {
    kind: "held",
    hold: { slotId: slot.slotId, startsAt: HOLD.startsAt, holdUntil: HOLD.holdUntil, providerId: "prov-costa" },
  });
});
