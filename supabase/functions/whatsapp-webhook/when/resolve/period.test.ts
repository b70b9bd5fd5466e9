import assert from "node:assert/strict";
import { resolvePeriod } from "./period.ts";

const WEDNESDAY = "2026-11-25", SATURDAY = "2026-11-28", SUNDAY = "2026-11-29";

Deno.test("this week runs from today to Sunday; next week is Monday to Sunday", () => {
  assert.deepEqual(resolvePeriod(WEDNESDAY, "this_week"), { kind: "range", from: WEDNESDAY, to: SUNDAY });
  assert.deepEqual(resolvePeriod(WEDNESDAY, "next_week"), { kind: "range", from: "2026-11-30", to: "2026-12-06" });
});

Deno.test("on a Sunday this week and next week are unsure (weeks start on Sunday in the Americas)", () => {
  assert.deepEqual(resolvePeriod(SUNDAY, "this_week"), { kind: "unsure", reason: "week_on_sunday" });
  assert.deepEqual(resolvePeriod(SUNDAY, "next_week"), { kind: "unsure", reason: "week_on_sunday" });
});

Deno.test("months: the rest of this one, all of the next", () => {
  assert.deepEqual(resolvePeriod("2026-12-30", "this_month"), { kind: "range", from: "2026-12-30", to: "2026-12-31" });
  assert.deepEqual(resolvePeriod("2026-12-30", "next_month"), { kind: "range", from: "2027-01-01", to: "2027-01-31" });
  assert.deepEqual(resolvePeriod("2028-01-31", "next_month"), { kind: "range", from: "2028-02-01", to: "2028-02-29" });
});

Deno.test("weekends: this one from a weekday or Saturday; on Sunday, or 'next' on a weekday, unsure", () => {
  assert.deepEqual(resolvePeriod(WEDNESDAY, "this_weekend"), { kind: "range", from: SATURDAY, to: SUNDAY });
  assert.deepEqual(resolvePeriod(SATURDAY, "this_weekend"), { kind: "range", from: SATURDAY, to: SUNDAY });
  assert.equal(resolvePeriod(SUNDAY, "this_weekend").kind, "unsure");
  assert.equal(resolvePeriod(WEDNESDAY, "next_weekend").kind, "unsure");
  assert.deepEqual(resolvePeriod(SATURDAY, "next_weekend"), { kind: "range", from: "2026-12-05", to: "2026-12-06" });
});
