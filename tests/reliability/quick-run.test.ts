/**
 * The reliability run's small version (issue 10 §3), inside `npm test`: on a throw-away durable
 * stack of its own, with the real bot relay on a fake socket, every kind of check of
 * `npm run reliability`: hostile requests, messages delivered three times at once (to the function
 * and to the bot), and a run during which the function is killed twice and PostgreSQL's
 * postmaster killed with kill -9. About half a minute; the full sizes run with `npm run reliability`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { QUICK, formatReport, runReliability } from "../../scripts/reliability/reliability.ts";

/**
 * Failing checks that are known defects of the product, each pinned by its own test, with what
 * the run must see of them: anything else failing fails this test. None today (the last one, a
 * replay rewriting the patient row, was fixed; redelivery-changes-nothing.test.ts keeps it fixed).
 */
const KNOWN_PRODUCT_DEFECTS: ReadonlyMap<string, { fact: string; value: string }> = new Map();
/** A guard against a hung run, not a speed assertion: the run itself takes about half a minute. */
const HANG_GUARD_MS = 180_000;

const dir = mkdtempSync(path.join(tmpdir(), "reliability-quick-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the reliability run, small", () => {
  it("processes every message once, answers it once, books nothing twice, refuses what is hostile, and recovers from kills", async () => {
    const report = await runReliability(QUICK, dir, () => {});
    const failed = report.parts.flatMap((part) => part.checks.filter((c) => !c.ok).map((c) => ({ part, key: `${part.part}: ${c.check}` })));
    const unexpected = failed.filter(({ part, key }) => {
      const known = KNOWN_PRODUCT_DEFECTS.get(key);
      return known === undefined || part.facts[known.fact] !== known.value;
    });
    expect(unexpected.map(({ key }) => key), formatReport(report)).toEqual([]);
  }, HANG_GUARD_MS);
});
