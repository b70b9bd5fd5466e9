/**
 * Whether one arm's p99 is above another's by more than chance (issue 10 §2: a slow Claude must not
 * raise other patients' p99). A p99 of a thousand turns is decided by its ten worst, so two arms
 * drawn from one distribution differ by tens of percent from run to run; a bare "B ≤ 1.1 × A" read
 * noise as often as effects (A against an identical A′ differed by up to 1.47×). So the ratio
 * p99(B) / p99(A) comes with a bootstrap interval, and B counts as raised only when even the
 * interval's lower end is above 1 + allowance: the data show a raise beyond the allowance. That
 * the rule still sees real raises is tested (tail-compare.test.ts) and shown by its power figures.
 */
import { percentile } from "../percentile.ts";

export interface TailComparison {
  /** p99(other) / p99(base). */
  ratio: number;
  /** The ratio's central `confidence` bootstrap interval. */
  low: number;
  high: number;
  /** low > 1 + allowance. */
  raised: boolean;
}

export interface TailCompareOptions {
  allowance?: number;
  resamples?: number;
  confidence?: number;
  /** Seed of the resampling, so that a run's verdict can be recomputed from its samples. */
  seed?: number;
}

const P = 99;

/** mulberry32: a small seeded generator; Math.random cannot be seeded. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function p99(values: ArrayLike<number>): number {
  return percentile(Float64Array.from(values).sort(), P);
}

function resampledP99(values: readonly number[], random: () => number, into: Float64Array): number {
  for (let i = 0; i < into.length; i += 1) into[i] = values[Math.floor(random() * values.length)]!;
  return percentile(into.sort(), P);
}

export function compareP99(base: readonly number[], other: readonly number[], options: TailCompareOptions = {}): TailComparison {
  const { allowance = 0.1, resamples = 2_000, confidence = 0.9, seed = 1 } = options;
  if (base.length === 0 || other.length === 0) return { ratio: Number.NaN, low: Number.NaN, high: Number.NaN, raised: false };
  const random = seeded(seed);
  const baseBuffer = new Float64Array(base.length);
  const otherBuffer = new Float64Array(other.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r += 1) {
    ratios[r] = resampledP99(other, random, otherBuffer) / resampledP99(base, random, baseBuffer);
  }
  ratios.sort();
  const tail = (1 - confidence) / 2;
  const low = ratios[Math.floor(tail * resamples)]!;
  const high = ratios[Math.min(resamples - 1, Math.ceil((1 - tail) * resamples) - 1)]!;
  return { ratio: p99(other) / p99(base), low, high, raised: low > 1 + allowance };
}

/**
 * The windows of an interleaved comparison, `count` of them (a power of two): the Thue–Morse order
 * (A B B A B A A B …), which gives both arms the same share of any slow drift of the machine (a
 * linear one exactly from four windows, a quadratic one from eight).
 */
export function thueMorse(count: number): Array<"A" | "B"> {
  return Array.from({ length: count }, (_, i) => {
    let bits = 0;
    for (let n = i; n > 0; n >>= 1) bits += n & 1;
    return bits % 2 === 0 ? "A" : "B";
  });
}
