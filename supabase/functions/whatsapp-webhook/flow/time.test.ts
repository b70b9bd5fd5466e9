import assert from "node:assert/strict";
import { dayBounds, localDay, minuteOfDay, wallClock } from "./time.ts";

/** Read straight from a fresh Intl formatter, as wallClock did before it remembered answers. */
function reference(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts: Record<string, number> = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    }).formatToParts(instant).filter((part) => part.type !== "literal").map((part) => [part.type, Number(part.value)]),
  );
  return { year: parts.year ?? -1, month: parts.month ?? -1, day: parts.day ?? -1, hour: parts.hour ?? -1, minute: parts.minute ?? -1 };
}

const ZONES = [
  "America/New_York", "America/Mexico_City", "America/Sao_Paulo", "Europe/Lisbon", "UTC",
  "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns",
];
/** Every 30 minutes (and 7 minutes past) over days around the 2026 daylight-saving changes. */
const INSTANTS = ["2026-03-07T00:00:00Z", "2026-04-04T00:00:00Z", "2026-10-03T00:00:00Z", "2026-10-24T00:00:00Z", "2026-10-31T00:00:00Z"]
  .flatMap((start) => Array.from({ length: 4 * 48 }, (_, i) => new Date(Date.parse(start) + i * 30 * 60_000 + (i % 3 === 0 ? 7 * 60_000 : 0))));

Deno.test("the wall clock, local day and minute of an instant are Intl's, read first and read again, in every zone", () => {
  for (let round = 0; round < 2; round += 1) {
    for (const zone of ZONES) {
      for (const instant of INSTANTS) {
        const expected = reference(instant, zone);
        assert.deepEqual({ ...wallClock(instant, zone) }, expected, `${zone} ${instant.toISOString()}`);
        const day = `${String(expected.year).padStart(4, "0")}-${String(expected.month).padStart(2, "0")}-${String(expected.day).padStart(2, "0")}`;
        assert.equal(localDay(instant, zone), day);
        assert.equal(minuteOfDay(instant, zone), expected.hour * 60 + expected.minute);
      }
    }
  }
});

Deno.test("a remembered wall clock cannot be changed by a caller", () => {
  const clock = wallClock(new Date("2026-11-24T15:30:00Z"), "America/New_York");
  assert.throws(() => {
    (clock as { hour: number }).hour = 0;
  }, TypeError);
  assert.equal(wallClock(new Date("2026-11-24T15:30:00Z"), "America/New_York").hour, 10);
});

Deno.test("an invalid instant or zone throws every time it is asked", () => {
  for (let round = 0; round < 2; round += 1) {
    assert.throws(() => wallClock(new Date("not a date"), "America/New_York"), RangeError);
    assert.throws(() => wallClock(new Date("2026-11-24T15:30:00Z"), "Mars/Olympus_Mons"), RangeError);
  }
});

Deno.test("day bounds across a daylight-saving change are the zone's midnights", () => {
  const { start, end } = dayBounds("2026-11-01", "America/New_York");
  assert.equal(start.toISOString(), "2026-11-01T04:00:00.000Z");
  assert.equal(end.toISOString(), "2026-11-02T05:00:00.000Z");
});
