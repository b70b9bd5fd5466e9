import assert from "node:assert/strict";
import { day, find, only, settings } from "../testing.ts";
import { numericDateParsers } from "./numeric-date.ts";

const dayFirst = numericDateParsers(settings("es"));
const monthFirst = numericDateParsers(settings("en", "2026-11-25", "month_first"));

Deno.test("3/4 is 3 April day first and March 4 month first", () => {
  assert.deepEqual(only("3/4", dayFirst), [day("2027-04-03")]);
  assert.deepEqual(only("3/4", monthFirst), [day("2027-03-04")]);
});

Deno.test("dots, two- and four-digit years, ISO dates", () => {
  assert.deepEqual(only("25.12", dayFirst), [day("2026-12-25")]);
  assert.deepEqual(only("3/4/27", dayFirst), [day("2027-04-03")]);
  assert.deepEqual(only("25-12-2026", dayFirst), [day("2026-12-25")]);
  assert.deepEqual(only("2026-12-25", monthFirst), [day("2026-12-25")]);
  assert.deepEqual(only("2026-13-05", monthFirst), [{ kind: "unsure", reason: "no_such_day" }]);
});

Deno.test("'10.12' is 10:12 or 10 December: unsure, unless a day marker says which", () => {
  assert.deepEqual(only("10.12", dayFirst), [{ kind: "unsure", reason: "time_or_date" }]);
  assert.deepEqual(only("el 10.12", dayFirst), [day("2026-12-10")]);
  assert.deepEqual(find("10.30", dayFirst), [], "dotted dates are day first only: no 30th month");
  assert.deepEqual(find("10.30", monthFirst), []);
});

Deno.test("not dates: '24/7', a dash date without its year, a price, a phone number", () => {
  assert.deepEqual(find("open 24/7", dayFirst), []);
  assert.deepEqual(find("3-4", dayFirst), []);
  assert.deepEqual(find("25/13", dayFirst), []);
  assert.deepEqual(find("call 555-12-34", dayFirst), []);
});
