import { describe, expect, it } from "vitest";
import { waitBeforeSending } from "./traffic.ts";

describe("waitBeforeSending", () => {
  it("thinks the whole think time when the message still falls inside the run", () => {
    expect(waitBeforeSending(250, 1_000, 2_000)).toBe(250);
    expect(waitBeforeSending(0, 1_000, 2_000)).toBe(0);
  });

  it("stops a patient whose next message would come at or after the deadline, instead of sending it at the deadline", () => {
    // The old pacing slept until the deadline and sent whenever its timer fired a little early:
    // every patient thinking across the deadline sent at once.
    expect(waitBeforeSending(5_000, 1_000, 2_000)).toBeNull();
    expect(waitBeforeSending(1_000, 1_000, 2_000)).toBeNull();
    expect(waitBeforeSending(999.5, 1_000, 2_000)).toBe(999.5);
  });

  it("stops a patient once the deadline has passed, whatever the think time", () => {
    expect(waitBeforeSending(0, 2_000, 2_000)).toBeNull();
    expect(waitBeforeSending(0, 2_001, 2_000)).toBeNull();
  });
});
