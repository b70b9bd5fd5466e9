/** Settling a turn: results fed back depth first, one reply, conversation effects collected. */
import assert from "node:assert/strict";
import { settle, type Performer } from "./settle.ts";
import { initialState } from "../flow/state.ts";
import type { RequestEffect } from "../flow/effects.ts";
import type { FlowEvent } from "../flow/events.ts";
import { DRAFT, HOLD, makeContext, slotsOn, stateAt } from "../flow/testing.ts";

function recordingPerformer(answer: (effect: RequestEffect) => FlowEvent): Performer & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    request: (effect) => {
      calls.push(effect.type);
      return Promise.resolve({ event: answer(effect) });
    },
    releaseHold: () => {
      calls.push("release_hold");
      return Promise.resolve(1);
    },
  };
}

Deno.test("a lost claim settles in one turn: claim, reload the day, one reply with fresh times", async () => {
  const slots = slotsOn("2026-11-24", ["09:00", "10:30"]);
  const state = stateAt({ kind: "pick_time", draft: DRAFT, day: "2026-11-24", slots, shown: slots });
  const performer = recordingPerformer((effect) => {
    switch (effect.type) {
      case "claim_slot":
        return { type: "claim_result", draft: effect.draft, slot: effect.slot, outcome: { kind: "taken" } };
      case "load_slots":
        return { type: "slots_loaded", purpose: effect.purpose, slots: slots.slice(0, 1) };
      default:
        throw new Error(`unexpected ${effect.type}`);
    }
  });
  const settled = await settle(state, { type: "text", text: "2" }, makeContext(), performer);
  assert.deepEqual(performer.calls, ["claim_slot", "load_slots"]);
  assert.equal(settled.replies.length, 2);
  assert.match(settled.replies.join("\n\n"), /took that time[\s\S]*1\. 09:00/);
  assert.equal(settled.state.step.kind, "pick_time");
});

Deno.test("confirming a new patient's booking collects the name to store with the commit", async () => {
  const state = stateAt({ kind: "confirm_booking", draft: DRAFT, hold: HOLD, name: "Ana" });
  const performer = recordingPerformer((effect) => {
    if (effect.type !== "confirm_hold") throw new Error(`unexpected ${effect.type}`);
    return { type: "confirm_result", draft: effect.draft, hold: effect.hold, outcome: { kind: "confirmed", appointmentId: "a1", startsAt: HOLD.startsAt } };
  });
  const settled = await settle(state, { type: "text", text: "1" }, makeContext({ name: null }), performer);
  assert.equal(settled.patientName, "Ana");
  // The confirmation booked the hold, so leaving the step releases nothing and costs no round trip.
  assert.deepEqual(performer.calls, ["confirm_hold"]);
  assert.match(settled.replies.join(""), /confirmed/);
});

Deno.test("asking for staff is collected as a handoff with its reply", async () => {
  const settled = await settle(initialState(), { type: "text", text: "staff" }, makeContext(), recordingPerformer(() => {
    throw new Error("no request expected");
  }));
  assert.equal(settled.handoff, true);
  assert.equal(settled.replies.length, 1);
});

Deno.test("a language switch is collected for the commit and the rest of the turn speaks the new language", async () => {
  const slots = slotsOn("2026-11-23", ["10:00", "11:00"]);
  const performer = recordingPerformer((effect) => {
    switch (effect.type) {
      case "load_slots":
        return { type: "slots_loaded", purpose: effect.purpose, slots };
      case "claim_slot": {
        const hold = { slotId: effect.slot.slotId, startsAt: effect.slot.startsAt, holdUntil: "2026-11-22T10:05:00Z", providerId: effect.slot.providerId };
        return { type: "claim_result", draft: effect.draft, slot: effect.slot, outcome: { kind: "held", hold } };
      }
      default:
        throw new Error(`unexpected ${effect.type}`);
    }
  });
  const settled = await settle(initialState(), { type: "text", text: "quiero una cita de limpieza mañana a las 10" }, makeContext(), performer);
  assert.equal(settled.language, "es");
  assert.deepEqual(performer.calls, ["load_slots", "claim_slot"]);
  assert.match(settled.replies.join(""), /Confirme, por favor[\s\S]*Limpieza con Dra\. Ana Silva/);
});
