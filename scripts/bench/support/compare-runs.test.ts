/** bench:compare's order of runs and its side-by-side figures. */
import { describe, expect, it } from "vitest";
import { armOrder, compareFigures, median } from "./compare-runs.ts";
import { figure, type ScenarioResult } from "./results.ts";

function saturation(turnsPerSecond: number, cpuMs: number | null): ScenarioResult {
  return {
    scenario: "saturation",
    title: "Saturation",
    seconds: 40,
    figures: [figure("turns/s", turnsPerSecond, "/s"), figure("CPU per turn, stack", cpuMs, "ms")],
    load: null,
    notes: [],
    details: {},
  };
}

describe("armOrder", () => {
  it("interleaves the trees so that neither always runs first or last", () => {
    expect(armOrder(1)).toEqual(["base", "this"]);
    expect(armOrder(2)).toEqual(["base", "this", "this", "base"]);
    expect(armOrder(4)).toEqual(["base", "this", "this", "base", "this", "base", "base", "this"]);
  });

  it("refuses a number of pairs that is not a whole number of at least one", () => {
    expect(() => armOrder(0)).toThrow(/at least 1/);
    expect(() => armOrder(1.5)).toThrow(/whole number/);
  });
});

describe("compareFigures", () => {
  it("puts each figure's runs side by side with medians and the ratio of this tree's to the base's", () => {
    const rows = compareFigures([
      { arm: "base", scenarios: [saturation(240, 6.8)] },
      { arm: "this", scenarios: [saturation(260, 6.2)] },
      { arm: "this", scenarios: [saturation(250, 6.4)] },
      { arm: "base", scenarios: [saturation(230, 7.0)] },
    ]);
    expect(rows).toHaveLength(2);
    const [turns, cpu] = rows;
    expect(turns).toMatchObject({ scenario: "saturation", label: "turns/s", unit: "/s", base: [240, 230], this: [260, 250] });
    expect(turns?.baseMedian).toBe(235);
    expect(turns?.thisMedian).toBe(255);
    expect(turns?.ratio).toBeCloseTo(255 / 235, 10);
    expect(cpu?.ratio).toBeCloseTo(6.3 / 6.9, 10);
  });

  it("leaves out figures with no value, and gives no ratio where a tree has none", () => {
    const rows = compareFigures([
      { arm: "base", scenarios: [saturation(240, null)] },
      { arm: "this", scenarios: [saturation(250, null)] },
    ]);
    expect(rows.map((r) => r.label)).toEqual(["turns/s"]);
    const only = compareFigures([{ arm: "this", scenarios: [saturation(250, 6)] }]);
    expect(only[0]?.baseMedian).toBeNull();
    expect(only[0]?.ratio).toBeNull();
  });
});

describe("median", () => {
  it("is the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
