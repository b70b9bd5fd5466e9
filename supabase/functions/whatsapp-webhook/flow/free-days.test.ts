/**
 * A list of days with no narrowing wish reads from the free times only each practitioner's first
 * of each local day (daysNeedFirstTimesOnly): the read-ahead's freeDays (turn/prefetch.ts) holds
 * just those, and the reply and the next step must be the same as from every free time.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { DR_COSTA, DR_SILVA, DRAFT, makeContext, NURSE_LIMA, slotsOn, stateAt } from "./testing.ts";
import { transition } from "./transition.ts";
import { daysNeedFirstTimesOnly } from "./results.ts";
import { localDay } from "./time.ts";
import type { SlotFact, Wish } from "./facts.ts";
import type { SlotsPurpose } from "./events.ts";

const NO_WISH: Wish = { day: null, range: null, time: null, part: null };
const DAYS = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"];
const TIMES = ["00:30", "09:00", "10:00", "10:30", "15:00", "16:30", "23:30"];
const PROVIDERS = [DR_SILVA.id, DR_COSTA.id, NURSE_LIMA.id];
const ALL = DAYS.flatMap((day) => PROVIDERS.flatMap((provider) => slotsOn(day, TIMES, undefined, provider)));

/** Each practitioner's first free time of each local day, in the order given. */
function firstsOfDays(slots: readonly SlotFact[], timeZone: string): SlotFact[] {
  const seen = new Set<string>();
  return slots.filter((slot) => {
    const key = `${slot.providerId} ${localDay(new Date(slot.startsAt), timeZone)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

Deno.test("only a days list with no time, part of the day or range wished for needs no more than the firsts", () => {
  const days = (wish: Wish): SlotsPurpose => ({ kind: "days", draft: DRAFT, wish });
  assert.equal(daysNeedFirstTimesOnly(days(NO_WISH)), true);
  assert.equal(daysNeedFirstTimesOnly(days({ ...NO_WISH, part: "morning" })), false);
  assert.equal(daysNeedFirstTimesOnly(days({ ...NO_WISH, time: { hour: 3, minute: 0, ambiguous: true } })), false);
  assert.equal(daysNeedFirstTimesOnly(days({ ...NO_WISH, range: { from: "2026-11-23", to: "2026-11-27" } })), false);
  assert.equal(daysNeedFirstTimesOnly({ kind: "times", draft: DRAFT, day: "2026-11-23", wish: NO_WISH }), false);
});

Deno.test("from each practitioner's first free time of each day, the days offered are those of every free time", () => {
  const ctx = makeContext();
  const state = stateAt({ kind: "pick_service", providerId: null, wish: NO_WISH });
  const provider = fc.constantFrom(null, ...PROVIDERS);
  fc.assert(
    fc.property(fc.subarray(ALL), provider, (free, providerId) => {
      // available_slots' order: by start, then practitioner.
      const slots = [...free].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.providerId.localeCompare(b.providerId));
      const purpose: SlotsPurpose = { kind: "days", draft: { ...DRAFT, providerId }, wish: NO_WISH };
      const fromAll = transition(state, { type: "slots_loaded", purpose, slots }, ctx);
      const fromFirsts = transition(state, { type: "slots_loaded", purpose, slots: firstsOfDays(slots, ctx.clinic.timezone) }, ctx);
      assert.deepEqual(fromFirsts, fromAll);
    }),
    { numRuns: 300 },
  );
});
