import { describe, expect, it } from "vitest";
import { RETRY_BACKOFF, backoffDelay } from "./backoff.ts";

const middle = () => 0.5;

describe("backoffDelay", () => {
  it("starts at the initial delay and doubles", () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(RETRY_BACKOFF, attempt, middle))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never exceeds the cap, even with the largest jitter", () => {
    expect(backoffDelay(RETRY_BACKOFF, 30, () => 0.999999)).toBe(RETRY_BACKOFF.maxMs);
  });

  it("spreads delays by the jitter fraction", () => {
    expect(backoffDelay(RETRY_BACKOFF, 0, () => 0)).toBe(800);
    expect(backoffDelay(RETRY_BACKOFF, 0, () => 0.999999)).toBe(1_200);
  });
});
