/**
 * Sizes of the benchmark runs: the full sizes issue 10 asks for, or (BENCH_QUICK=1, `npm run bench
 * -- --quick`) small ones that only check the tools work and take a couple of minutes.
 */
export const QUICK = process.env.BENCH_QUICK === "1";

export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
