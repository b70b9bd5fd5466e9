/** CPU accounting from /proc: the parsing, and the tree sum that keeps exited backends' time. */
import { describe, expect, it } from "vitest";
import { machineBusyMs, parseProcStat, processCpuMs, type ProcStat } from "./cpu.ts";

describe("reading /proc/<pid>/stat", () => {
  it("finds the fields after a command name that holds spaces and parentheses", () => {
    const fields = ["S", "41", ...Array.from({ length: 9 }, () => "0"), "120", "30", "7", "3", ...Array.from({ length: 30 }, () => "0")];
    const stat = parseProcStat(`4242 (postgres: x (idle)) ${fields.join(" ")}`);
    expect(stat).toEqual({ pid: 4242, ppid: 41, comm: "postgres: x (idle)", ownTicks: 150, reapedChildTicks: 10 });
  });

  it("counts a whole tree: its own time, what exited children left it, and its live descendants", () => {
    const tree: ProcStat[] = [
      { pid: 10, ppid: 1, comm: "postgres", ownTicks: 100, reapedChildTicks: 500 },
      { pid: 11, ppid: 10, comm: "postgres", ownTicks: 50, reapedChildTicks: 0 },
      { pid: 12, ppid: 11, comm: "worker", ownTicks: 5, reapedChildTicks: 0 },
      { pid: 20, ppid: 1, comm: "other", ownTicks: 999, reapedChildTicks: 0 },
    ];
    // 100 + 500 + 50 + 5 ticks at USER_HZ (100 on Linux): 6,550 ms.
    expect(processCpuMs(10, true, tree)).toBe(6_550);
  });

  it("counts busy time of the whole machine without idle and iowait", () => {
    // user nice system idle iowait irq softirq steal: 100 + 0 + 50 + 5 + 5 + 0 ticks busy.
    expect(machineBusyMs("cpu  100 0 50 9000 300 5 5 0 0 0\ncpu0 1 2 3\n")).toBe(1_600);
  });
});
