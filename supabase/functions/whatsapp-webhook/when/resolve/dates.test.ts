import assert from "node:assert/strict";
import { resolveDate, resolveNumericDate, yearlessDate, yearOf } from "./dates.ts";

Deno.test("a date without a year is the next one: 3 January on 20 December is next year's", () => {
  assert.equal(yearlessDate("2026-12-20", 1, 3), "2027-01-03");
  assert.equal(yearlessDate("2026-11-22", 6, 15), "2027-06-15");
  assert.equal(yearlessDate("2026-11-22", 11, 22), "2026-11-22");
});

Deno.test("a date without a year that passed within the last month is read as past, not as next year's", () => {
  assert.equal(yearlessDate("2026-11-22", 11, 21), "2026-11-21");
  assert.equal(yearlessDate("2027-01-02", 12, 28), "2026-12-28");
  assert.equal(yearlessDate("2026-11-22", 10, 1), "2027-10-01");
});

Deno.test("29 February without a year is the next leap day; 30 February is no day", () => {
  assert.equal(yearlessDate("2026-06-01", 2, 29), "2028-02-29");
  assert.deepEqual(resolveDate("2026-06-01", 2, 30, null), { kind: "unsure", reason: "no_such_day" });
});

Deno.test("two-digit years are this century; years far off are not years", () => {
  assert.equal(yearOf("27"), 2027);
  assert.equal(yearOf("2027"), 2027);
  assert.equal(yearOf("1999"), null);
});

Deno.test("numeric dates follow the locale: 3/4 is 3 April day first, March 4 month first", () => {
  const today = "2026-03-01";
  assert.equal(resolveNumericDate(today, { first: 3, second: 4, year: null }, "day_first"), "2026-04-03");
  assert.equal(resolveNumericDate(today, { first: 3, second: 4, year: null }, "month_first"), "2026-03-04");
});

Deno.test("when only the other order makes a date, that one is taken: 25/12 and 12/25 are Christmas in both", () => {
  const today = "2026-11-22";
  for (const order of ["day_first", "month_first"] as const) {
    assert.equal(resolveNumericDate(today, { first: 25, second: 12, year: null }, order), "2026-12-25");
    assert.equal(resolveNumericDate(today, { first: 12, second: 25, year: null }, order), "2026-12-25");
  }
  assert.equal(resolveNumericDate(today, { first: 25, second: 13, year: null }, "day_first"), null);
});

Deno.test("an ambiguous date past in the locale's reading and bookable in the other takes the bookable one", () => {
  const today = "2026-11-22";
  const bookable = (day: string) => day >= today && day <= "2026-12-20";
  // Day first, 12/11 is 12 November (past); month first it is 11 December (bookable).
  assert.equal(resolveNumericDate(today, { first: 12, second: 11, year: null }, "day_first", bookable), "2026-12-11");
  // Without `bookable` the locale's reading stands.
  assert.equal(resolveNumericDate(today, { first: 12, second: 11, year: null }, "day_first"), "2026-11-12");
  // Past in the locale's reading, but the other is not bookable either: the locale's reading stands.
  assert.equal(resolveNumericDate(today, { first: 2, second: 11, year: null }, "day_first", bookable), "2026-11-02");
});

Deno.test("a locale reading that is bookable stands even when the other is too", () => {
  const today = "2026-11-22";
  const bookable = () => true;
  assert.equal(resolveNumericDate(today, { first: 1, second: 12, year: null }, "day_first", bookable), "2026-12-01");
});
