/** auto_explain's notices grouped per statement, so a check run once per slot reads as one plan. */
import { describe, expect, it } from "vitest";
import { groupPlans } from "./explain.ts";

const notice = (ms: number, text: string, plan: string): string => `duration: ${ms} ms  plan:\nQuery Text: ${text}\n${plan}`;

describe("grouping auto_explain's plans", () => {
  it("keeps each statement once, with how often it ran, its total time and its slowest plan", () => {
    const grouped = groupPlans([
      notice(0.5, "select 1", "Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)"),
      notice(0.02, "not exists (\n  select 1 from closures\n)", "Result  (cost=0.00..0.01 rows=1 width=1) (actual time=0.010..0.010 rows=1 loops=1)"),
      notice(0.09, "not exists (\n  select 1 from closures\n)", "Result  (cost=0.00..0.01 rows=1 width=1) (actual time=0.090..0.090 rows=1 loops=1)"),
    ]);
    expect(grouped).toHaveLength(2);
    expect(grouped[0]).toMatch(/^-- ran 1×, 0\.500 ms in all:\nQuery Text: select 1\n/);
    expect(grouped[1]).toMatch(/^-- ran 2×, 0\.110 ms in all; the slowest run \(0\.090 ms\):\nQuery Text: not exists/);
    expect(grouped[1]).toContain("actual time=0.090..0.090");
  });
});
