/** One percentile definition for every benchmark, so their figures compare. */
const PERCENT = 100;

/**
 * The p-th percentile (0..100) of ascending `sorted` by nearest rank: the smallest sample with at
 * least p % of the samples at or below it. NaN when there are no samples.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / PERCENT) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
