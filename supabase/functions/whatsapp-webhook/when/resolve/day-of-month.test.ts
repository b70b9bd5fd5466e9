import assert from "node:assert/strict";
import { resolveDayOfMonth } from "./day-of-month.ts";

Deno.test("the 7th is this month's while ahead, else next month's", () => {
  assert.deepEqual(resolveDayOfMonth("2026-11-05", 7), { kind: "day", day: "2026-11-07" });
  assert.deepEqual(resolveDayOfMonth("2026-11-25", 7), { kind: "day", day: "2026-12-07" });
  assert.deepEqual(resolveDayOfMonth("2026-12-25", 7), { kind: "day", day: "2027-01-07" });
});

Deno.test("the 7th said on the 7th is unsure: today or next month", () => {
  assert.deepEqual(resolveDayOfMonth("2026-11-07", 7), {
    kind: "unsure",
    reason: "day_of_month_is_today",
    days: ["2026-11-07", "2026-12-07"],
  });
});

Deno.test("the 31st in a 30-day month, or the 30th when February is next, is unsure", () => {
  assert.deepEqual(resolveDayOfMonth("2026-11-22", 31), { kind: "unsure", reason: "no_such_day" });
  assert.deepEqual(resolveDayOfMonth("2027-01-31", 30), { kind: "unsure", reason: "no_such_day" });
  assert.deepEqual(resolveDayOfMonth("2028-01-31", 29), { kind: "day", day: "2028-02-29" });
});
