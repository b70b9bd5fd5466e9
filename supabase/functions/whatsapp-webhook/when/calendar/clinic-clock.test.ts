import assert from "node:assert/strict";
import { wallClock } from "./clinic-clock.ts";

Deno.test("23:00 in New York is already tomorrow in UTC, and still today on the clinic's calendar", () => {
  const clock = wallClock(new Date("2026-11-23T04:00:00Z"), "America/New_York");
  assert.deepEqual(clock, { day: "2026-11-22", hour: 23, minute: 0, offsetMinutes: -300 });
});

Deno.test("the offset follows daylight saving: New York before and after the March change", () => {
  assert.equal(wallClock(new Date("2026-03-08T06:59:00Z"), "America/New_York").offsetMinutes, -300);
  assert.equal(wallClock(new Date("2026-03-08T07:00:00Z"), "America/New_York").offsetMinutes, -240);
});

Deno.test("zones without daylight saving keep one offset all year", () => {
  for (const instant of ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]) {
    assert.equal(wallClock(new Date(instant), "America/Sao_Paulo").offsetMinutes, -180);
    assert.equal(wallClock(new Date(instant), "America/Mexico_City").offsetMinutes, -360);
  }
});

Deno.test("a zone that does not exist is a configuration error, not a guess", () => {
  assert.throws(() => wallClock(new Date(), "Mars/Olympus_Mons"), RangeError);
});
