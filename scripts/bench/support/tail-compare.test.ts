/** The Claude check's verdict rule: quiet when both arms are one distribution, loud when B's tail rises. */
import { describe, expect, it } from "vitest";
import { compareP99, thueMorse } from "./tail-compare.ts";

/** Turn latencies shaped like the bench's light load: a log-normal body around 16 ms with a long tail. */
function latencies(n: number, random: () => number, scale = 1): number[] {
  return Array.from({ length: n }, () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return 16 * Math.exp(0.45 * normal) * scale;
  });
}

function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const N = 900;
const SEEDS = 20;

describe("compareP99", () => {
  it("does not call B raised when A and B are drawn from one distribution (at most 1 seed in 20)", () => {
    let raised = 0;
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = generator(seed);
      if (compareP99(latencies(N, random), latencies(N, random), { resamples: 400 }).raised) raised += 1;
    }
    expect(raised).toBeLessThanOrEqual(SEEDS / 20);
  });

  it("calls B raised when a slow Claude blocks 3 % of others' turns behind it (800 ms more)", () => {
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = generator(seed);
      const blocked = latencies(N, random).map((ms) => (random() < 0.03 ? ms + 800 : ms));
      expect(compareP99(latencies(N, random), blocked, { resamples: 400 }).raised, `seed ${seed}`).toBe(true);
    }
  });

  it("calls B raised in most runs when every turn of B is half as slow again", () => {
    let raised = 0;
    for (let seed = 1; seed <= SEEDS; seed += 1) {
      const random = generator(seed);
      if (compareP99(latencies(N, random), latencies(N, random, 1.5), { resamples: 400 }).raised) raised += 1;
    }
    expect(raised).toBeGreaterThanOrEqual(SEEDS * 0.8);
  });

  it("gives the point ratio inside its interval, and the same verdict for the same seed", () => {
    const random = generator(7);
    const a = latencies(N, random);
    const b = latencies(N, random);
    const first = compareP99(a, b, { seed: 3 });
    expect(first.low).toBeLessThanOrEqual(first.ratio);
    expect(first.high).toBeGreaterThanOrEqual(first.ratio);
    expect(compareP99(a, b, { seed: 3 })).toEqual(first);
  });

  it("has nothing to say about an empty arm", () => {
    expect(compareP99([], [1, 2, 3]).raised).toBe(false);
    expect(Number.isNaN(compareP99([], [1]).ratio)).toBe(true);
  });
});

describe("thueMorse", () => {
  it("orders windows A B B A B A A B", () => {
    expect(thueMorse(8).join("")).toBe("ABBABAAB");
    expect(thueMorse(4).join("")).toBe("ABBA");
  });
});
