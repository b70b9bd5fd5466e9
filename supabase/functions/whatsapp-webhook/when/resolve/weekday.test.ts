import assert from "node:assert/strict";
import { resolveWeekday } from "./weekday.ts";

const MONDAY = "2026-11-23", WEDNESDAY = "2026-11-25", FRIDAY = "2026-11-27", SATURDAY = "2026-11-28", SUNDAY = "2026-11-29";
const day = (value: string) => ({ kind: "day", day: value });

Deno.test("a bare weekday is the first one after today", () => {
  assert.deepEqual(resolveWeekday(WEDNESDAY, 5, null, "en"), day(FRIDAY));
  assert.deepEqual(resolveWeekday(WEDNESDAY, 1, null, "en"), day("2026-11-30"));
});

Deno.test("a bare weekday said on that weekday is unsure: today, or a week from today", () => {
  assert.deepEqual(resolveWeekday(FRIDAY, 5, null, "es"), { kind: "unsure", reason: "weekday_is_today", days: [FRIDAY, "2026-12-04"] });
});

Deno.test("'next friday' while Friday is still ahead this week is unsure, with both Fridays", () => {
  assert.deepEqual(resolveWeekday(MONDAY, 5, "next", "en"), { kind: "unsure", reason: "next_weekday", days: [FRIDAY, "2026-12-04"] });
  assert.deepEqual(resolveWeekday(MONDAY, 5, "next", "pt").kind, "unsure");
});

Deno.test("'next monday' once Monday has passed this week is Monday of next week", () => {
  assert.deepEqual(resolveWeekday(WEDNESDAY, 1, "next", "en"), day("2026-11-30"));
  assert.deepEqual(resolveWeekday(SATURDAY, 1, "next", "es"), day("2026-11-30"));
});

Deno.test("'next friday' said on a Friday is a week from today", () => {
  assert.deepEqual(resolveWeekday(FRIDAY, 5, "next", "en"), day("2026-12-04"));
});

Deno.test("'next monday' said on a Sunday is unsure in every language (it is tomorrow)", () => {
  for (const language of ["en", "es", "pt"] as const) {
    assert.equal(resolveWeekday(SUNDAY, 1, "next", language).kind, "unsure", language);
  }
});

Deno.test("on a Sunday English 'next tuesday' is unsure; Spanish 'el próximo martes' is the coming Tuesday", () => {
  assert.equal(resolveWeekday(SUNDAY, 2, "next", "en").kind, "unsure");
  assert.deepEqual(resolveWeekday(SUNDAY, 2, "next", "es"), day("2026-12-01"));
});

Deno.test("'this friday' ahead this week is that Friday; on a Friday, or once past, it is unsure", () => {
  assert.deepEqual(resolveWeekday(MONDAY, 5, "this", "en"), day(FRIDAY));
  assert.equal(resolveWeekday(FRIDAY, 5, "this", "en").kind, "unsure");
  assert.deepEqual(resolveWeekday(FRIDAY, 1, "this", "en"), { kind: "unsure", reason: "this_weekday", days: [MONDAY, "2026-11-30"] });
});

Deno.test("'this coming friday' is the first Friday ahead, even on a Friday", () => {
  assert.deepEqual(resolveWeekday(MONDAY, 5, "coming", "en"), day(FRIDAY));
  assert.deepEqual(resolveWeekday(FRIDAY, 5, "coming", "en"), day("2026-12-04"));
});

Deno.test("'last monday' is the latest Monday before today", () => {
  assert.deepEqual(resolveWeekday(WEDNESDAY, 1, "last", "en"), day(MONDAY));
  assert.deepEqual(resolveWeekday(MONDAY, 1, "last", "en"), day("2026-11-16"));
});

Deno.test("a recurring weekday is unsure", () => {
  assert.deepEqual(resolveWeekday(WEDNESDAY, 1, "recurring", "es"), { kind: "unsure", reason: "recurring" });
});
