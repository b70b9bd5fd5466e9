/**
 * The frame of one benchmark script: times it, prints its figures, publishes its result for
 * `npm run bench`, and turns an exception into a clear message and a non-zero exit.
 */
import { printFigures, publish, type ScenarioResult } from "./results.ts";

export type ScenarioBody = () => Promise<Omit<ScenarioResult, "scenario" | "title" | "seconds">>;

export async function runScenario(scenario: string, title: string, body: ScenarioBody): Promise<void> {
  const started = performance.now();
  try {
    const result: ScenarioResult = { scenario, title, seconds: 0, ...(await body()) };
    result.seconds = (performance.now() - started) / 1000;
    printFigures(result);
    publish(result);
  } catch (error) {
    console.error(`${scenario}: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
