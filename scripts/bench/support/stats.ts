/** Latency summaries of benchmark samples: percentiles overall and per step. */
import { percentile } from "../percentile.ts";
import type { TurnSample } from "./traffic.ts";

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Per step, in the order steps first appear. */
export function latencyByStep(samples: readonly TurnSample[]): Record<string, Latency> {
  const byStep = new Map<string, number[]>();
  for (const sample of samples) {
    const list = byStep.get(sample.step) ?? [];
    list.push(sample.ms);
    byStep.set(sample.step, list);
  }
  return Object.fromEntries([...byStep].map(([step, values]) => [step, latency(values)]));
}

/** Samples sent inside [fromMs, toMs). */
export function within(samples: readonly TurnSample[], fromMs: number, toMs: number): TurnSample[] {
  return samples.filter((s) => s.startedMs >= fromMs && s.startedMs < toMs);
}

/** `p50 12.3  p95 …` for a printed line. */
export function latencyLine(l: Latency): string {
  return `n=${String(l.n).padStart(5)}  p50 ${l.p50.toFixed(1)} ms  p95 ${l.p95.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms  max ${l.max.toFixed(1)} ms`;
}
