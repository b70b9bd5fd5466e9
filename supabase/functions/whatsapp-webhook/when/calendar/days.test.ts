import assert from "node:assert/strict";
import { addDays, daysBetween, isoWeekday, monthEnd, nextMonthStart, nextWeekday, validDay, weekStart } from "./days.ts";

Deno.test("adding days crosses month, year and leap-day boundaries on the calendar", () => {
  assert.equal(addDays("2026-11-30", 1), "2026-12-01");
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(addDays("2027-02-28", 1), "2027-03-01");
  assert.equal(addDays("2026-03-08", -1), "2026-03-07");
  assert.equal(daysBetween("2026-12-25", "2027-01-01"), 7);
});

Deno.test("ISO weekdays run from Monday (1) to Sunday (7), weeks start on Monday", () => {
  assert.equal(isoWeekday("2026-11-23"), 1);
  assert.equal(isoWeekday("2026-11-29"), 7);
  assert.equal(weekStart("2026-11-29"), "2026-11-23");
  assert.equal(weekStart("2026-11-23"), "2026-11-23");
});

Deno.test("the next weekday is strictly after the day, a week ahead when it is that weekday", () => {
  assert.equal(nextWeekday("2026-11-25", 5), "2026-11-27");
  assert.equal(nextWeekday("2026-11-27", 5), "2026-12-04");
  assert.equal(nextWeekday("2026-11-29", 1), "2026-11-30");
});

Deno.test("a day the month does not have is no day", () => {
  assert.equal(validDay({ year: 2026, month: 11, day: 31 }), null);
  assert.equal(validDay({ year: 2027, month: 2, day: 29 }), null);
  assert.equal(validDay({ year: 2028, month: 2, day: 29 }), "2028-02-29");
  assert.equal(validDay({ year: 2026, month: 13, day: 1 }), null);
  assert.equal(monthEnd("2028-02-10"), "2028-02-29");
  assert.equal(nextMonthStart("2026-12-31"), "2027-01-01");
});
