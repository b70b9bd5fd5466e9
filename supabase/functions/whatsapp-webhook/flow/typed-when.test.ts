/**
 * Typed days and times ("tomorrow", "next monday", "25/12", "10am", "14:30") read in the clinic's time
 * zone: month and year ends, closed weekends, daylight-saving changes, the booking horizon, the past.
 */
import assert from "node:assert/strict";
import { transition } from "./transition.ts";
import type { Effect } from "./effects.ts";
import { DR_SILVA, DRAFT, makeContext, replyOf, slotsOn, stateAt } from "./testing.ts";
import { NO_WISH } from "./facts.ts";
import { dayBounds, zonedInstant } from "./time.ts";
import { readWhen, type WhenContext } from "../when/index.ts";

const dayStep = stateAt({ kind: "pick_day", draft: DRAFT, days: ["2026-11-23"], wish: NO_WISH }, [
  { kind: "menu" },
  { kind: "pick_service", providerId: null, wish: NO_WISH },
]);
const when = (text: string, now: Date, timeZone: string, dateOrder: WhenContext["dateOrder"] = "day_first") =>
  readWhen(text, { now, timeZone, language: "en", dateOrder });
const dayOf = (text: string, now: Date, timeZone: string, dateOrder: WhenContext["dateOrder"] = "day_first") => {
  const read = when(text, now, timeZone, dateOrder);
  return read.kind === "when" ? read.day?.day ?? null : null;
};

function loadFor(text: string, ctx = makeContext()) {
  const t = transition(dayStep, { type: "text", text }, ctx);
  const load = t.effects.find((e) => e.type === "load_slots");
  return { t, load: load?.type === "load_slots" ? load : null };
}

Deno.test("'tomorrow' on the last day of November is the first of December", () => {
  const { load } = loadFor("tomorrow", makeContext({ now: new Date("2026-11-30T10:00:00Z") }));
  assert.equal(load?.purpose.kind === "times" && load.purpose.day, "2026-12-01");
  assert.equal(load?.from, "2026-12-01T00:00:00.000Z");
  assert.equal(load?.to, "2026-12-02T00:00:00.000Z");
});

Deno.test("'tomorrow' on New Year's Eve is 1 January of the next year", () => {
  const { load } = loadFor("tomorrow", makeContext({ now: new Date("2026-12-31T10:00:00Z") }));
  assert.equal(load?.purpose.kind === "times" && load.purpose.day, "2027-01-01");
});

Deno.test("numeric dates are day first: '3/12' is 3 December", () => {
  const { load } = loadFor("3/12");
  assert.equal(load?.purpose.kind === "times" && load.purpose.day, "2026-12-03");
});

Deno.test("a clinic writing month first (en-US) reads numeric dates month first; a day over 12 is still the day", () => {
  const now = new Date("2026-11-22T15:00:00Z");
  assert.equal(dayOf("12/3", now, "America/New_York", "month_first"), "2026-12-03");
  assert.equal(dayOf("25/12", now, "America/New_York", "month_first"), "2026-12-25");
  assert.equal(dayOf("12/3", now, "Europe/Lisbon"), "2027-03-12");
});

Deno.test("'next monday' said on a Sunday offers both Mondays it may mean; the one chosen loads its times", () => {
  const ctx = makeContext();
  const { t, load } = loadFor("next monday", ctx);
  assert.equal(load, null);
  assert.match(replyOf(t.effects), /^I'm not sure which day you mean, so here are the ones it could be\.\n\n\*Cleaning\*: which day suits you\?\n\n1\. Mon 23 Nov\n2\. Mon 30 Nov\n\n/);
  assert.equal(t.state.invalid, 0, "asking is not an invalid answer");
  const chosen = transition(t.state, { type: "text", text: "2" }, ctx);
  const times = chosen.effects.find((e) => e.type === "load_slots");
  assert.equal(times?.type === "load_slots" && times.purpose.kind === "times" && times.purpose.day, "2026-11-30");
});

Deno.test("'next monday' on a Wednesday is the Monday of next week", () => {
  const { load } = loadFor("next monday", makeContext({ now: new Date("2026-11-25T10:00:00Z") }));
  assert.equal(load?.purpose.kind === "times" && load.purpose.day, "2026-11-30");
});

Deno.test("two times at the time step ask for one, keep the times listed, and do not count as an invalid answer", () => {
  const ctx = makeContext();
  const state = timeStep("2026-11-24", ["09:00", "10:00", "11:00"]);
  const t = transition(state, { type: "text", text: "10 or 11am" }, ctx);
  assert.match(replyOf(t.effects), /^I'm not sure which time you mean: please type one time, like "10:00"\.\n\nFree times on \*Tue 24 Nov\*/);
  assert.equal(t.state.step.kind, "pick_time");
  assert.equal(t.state.invalid, 0);
  assert.ok(!t.effects.some((e) => e.type === "claim_slot" || e.type === "load_slots"));
});

Deno.test("an unclear day without candidates at the day step says what to type and shows the days again", () => {
  const { t, load } = loadFor("monday or tuesday");
  assert.equal(load, null);
  assert.match(replyOf(t.effects), /^I'm not sure which day you mean: please type one day, like "25\/12"\.\n\n\*Cleaning\*: which day suits you\?\n\n1\. Mon 23 Nov/);
});

Deno.test("a closed weekday is answered plainly and the days are offered again", () => {
  assert.ok(loadFor("saturday").load, "Saturdays are open");
  const sunday = loadFor("next sunday");
  assert.equal(sunday.load, null);
  assert.match(replyOf(sunday.t.effects), /closed on Sundays \(Sun 29 Nov\)[\s\S]*1\. Mon 23 Nov/);
});

Deno.test("a day the whole clinic is closed (a holiday) is answered plainly", () => {
  const { t, load } = loadFor("thursday", makeContext({ closedDays: ["2026-11-26"] }));
  assert.equal(load, null);
  assert.match(replyOf(t.effects), /the clinic is closed on Thu 26 Nov/);
});

Deno.test("a day beyond the booking horizon names the last bookable day", () => {
  const { t, load } = loadFor("25/12");
  assert.equal(load, null);
  assert.match(replyOf(t.effects), /Fri 25 Dec is too far ahead: we take bookings up to Sun 6 Dec/);
});

Deno.test("the last day inside the horizon can still be chosen", () => {
  const { load } = loadFor("5/12");
  assert.equal(load?.purpose.kind === "times" && load.purpose.day, "2026-12-05");
});

Deno.test("a day that has passed is answered plainly, not moved to next year", () => {
  const { t, load } = loadFor("21/11");
  assert.equal(load, null);
  assert.match(replyOf(t.effects), /Sat 21 Nov has already passed/);
});

Deno.test("a day with a time typed together looks for that time and claims it when free", () => {
  const ctx = makeContext();
  const { t, load } = loadFor("tomorrow at 3pm", ctx);
  assert.deepEqual(load?.purpose, {
    kind: "times",
    draft: DRAFT,
    day: "2026-11-23",
    wish: { day: "2026-11-23", range: null, time: { hour: 15, minute: 0, ambiguous: false }, part: null },
  });
  const loaded = transition(t.state, { type: "slots_loaded", purpose: load!.purpose, slots: slotsOn("2026-11-23", ["14:00", "15:00"]) }, ctx);
  const claim = loaded.effects.find((e) => e.type === "claim_slot");
  assert.equal(claim?.type === "claim_slot" && claim.slot.slotId, `slot-${DR_SILVA.id}-2026-11-23-15:00`);
});

Deno.test("a day with no free times left says so and offers the days that have some", () => {
  const ctx = makeContext();
  const { t, load } = loadFor("tuesday", ctx);
  const full = transition(t.state, { type: "slots_loaded", purpose: load!.purpose, slots: [] }, ctx);
  assert.match(replyOf(full.effects), /no free times left on Tue 24 Nov/);
  const again = full.effects.find((e) => e.type === "load_slots");
  assert.equal(again?.type === "load_slots" && again.purpose.kind, "days");
});

const timeStep = (day: string, times: string[], timeZone?: string) => {
  const slots = slotsOn(day, times, timeZone);
  return stateAt({ kind: "pick_time", draft: DRAFT, day, slots, shown: slots });
};

Deno.test("'10am' and '14:30' pick those free times", () => {
  const ctx = makeContext();
  const state = timeStep("2026-11-24", ["09:00", "10:00", "14:30"]);
  for (const [text, time] of [["10am", "10:00"], ["14:30", "14:30"]] as const) {
    const slotId = `slot-${DR_SILVA.id}-2026-11-24-${time}`;
    const t = transition(state, { type: "text", text }, ctx);
    const claim = t.effects.find((e) => e.type === "claim_slot");
    assert.equal(claim?.type === "claim_slot" && claim.slot.slotId, slotId, text);
  }
});

Deno.test("a time with no free slot offers the nearest free ones as new choices", () => {
  const ctx = makeContext();
  const state = timeStep("2026-11-24", ["09:00", "11:00", "13:30", "14:00", "16:00"]);
  const missing = transition(state, { type: "text", text: "14:30" }, ctx);
  assert.match(replyOf(missing.effects), /14:30 isn't free on Tue 24 Nov\. The nearest free times:\n1\. 13:30\n2\. 14:00\n3\. 16:00/);
  const chosen = transition(missing.state, { type: "text", text: "3" }, ctx);
  const claim = chosen.effects.find((e) => e.type === "claim_slot");
  assert.equal(claim?.type === "claim_slot" && claim.slot.slotId, `slot-${DR_SILVA.id}-2026-11-24-16:00`);
});

Deno.test("a time already past today is answered plainly", () => {
  const ctx = makeContext({ now: new Date("2026-11-23T10:00:00Z") });
  const t = transition(timeStep("2026-11-23", ["09:00", "15:00"]), { type: "text", text: "9am" }, ctx);
  assert.match(replyOf(t.effects), /09:00 today is too soon to book/);
  assert.ok(!t.effects.some((e) => e.type === "claim_slot"));
});

Deno.test("daylight saving ends in New York: 'tomorrow' is a 25-hour day and 10am is 15:00 UTC", () => {
  const timezone = "America/New_York";
  // The change is on Sunday 1 Nov 2026: a clinic open on Sundays.
  const ctx = makeContext({ now: new Date("2026-10-31T18:00:00Z"), timezone, openWeekdays: [1, 2, 3, 4, 5, 6, 7] });
  const { load } = loadFor("tomorrow", ctx);
  assert.equal(load?.from, "2026-11-01T04:00:00.000Z");
  assert.equal(load?.to, "2026-11-02T05:00:00.000Z");
  const state = timeStep("2026-11-01", ["09:00", "10:00"], timezone);
  assert.equal(state.step.kind === "pick_time" && state.step.slots[1]?.startsAt, "2026-11-01T15:00:00.000Z");
  const t = transition(state, { type: "text", text: "10am" }, ctx);
  const claim = t.effects.find((e) => e.type === "claim_slot");
  assert.equal(claim?.type === "claim_slot" && claim.slot.startsAt, "2026-11-01T15:00:00.000Z");
});

Deno.test("daylight saving starts in Lisbon: the day is 23 hours and the times after it shift by one hour", () => {
  const bounds = dayBounds("2027-03-28", "Europe/Lisbon");
  assert.equal(bounds.start.toISOString(), "2027-03-28T00:00:00.000Z");
  assert.equal(bounds.end.toISOString(), "2027-03-28T23:00:00.000Z");
  const ten = zonedInstant({ year: 2027, month: 3, day: 29, hour: 10, minute: 0 }, "Europe/Lisbon");
  assert.equal(ten.toISOString(), "2027-03-29T09:00:00.000Z");
});

Deno.test("a typed day is read in the clinic's time zone, not the server's", () => {
  // 23:30 UTC on 22 Nov is already 23 Nov in Tokyo.
  assert.equal(dayOf("tomorrow", new Date("2026-11-22T23:30:00Z"), "Asia/Tokyo"), "2026-11-24");
});

Deno.test("text that names no day or time is not mistaken for one", () => {
  assert.deepEqual(when("what are your hours", new Date("2026-11-22T10:00:00Z"), "Europe/Lisbon"), { kind: "none" });
});
