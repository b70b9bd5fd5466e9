/** The chaos run's fault plan: every fault once, PostgreSQL's spread among the function kills. */
import { describe, expect, it } from "vitest";
import { faultPlan } from "./chaos.ts";

describe("the fault plan", () => {
  it("spreads three database faults among ten function kills, none first or last", () => {
    const plan = faultPlan({ functionKills: 10, databaseFaults: ["pg_restart_fast", "pg_stop_immediate", "pg_kill_9"] });
    expect(plan).toHaveLength(13);
    expect(plan.filter((f) => f === "kill_function")).toHaveLength(10);
    expect(plan.filter((f) => f !== "kill_function")).toEqual(["pg_restart_fast", "pg_stop_immediate", "pg_kill_9"]);
    expect(plan[0]).toBe("kill_function");
    expect(plan.at(-1)).toBe("kill_function");
  });

  it("puts a single database fault between function kills", () => {
    expect(faultPlan({ functionKills: 2, databaseFaults: ["pg_kill_9"] })).toEqual(["kill_function", "pg_kill_9", "kill_function"]);
  });
});
