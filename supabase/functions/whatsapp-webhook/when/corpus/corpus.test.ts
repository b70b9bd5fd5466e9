/**
 * The corpus: over 200 utterances per language, each read at 21 fixed clocks in 5 zones (near
 * midnight, around daylight-saving changes, month and year ends, every weekday). Prints one line
 * of counts per language and fails on any wrong reading.
 */
import assert from "node:assert/strict";
import { CORPORA, LANGUAGES } from "./corpora.ts";
import { runCorpus, summary } from "./run.ts";

const MIN_UTTERANCES = 150;
const SHOWN_FINDINGS = 15;

for (const language of LANGUAGES) {
  const rows = CORPORA[language];
  Deno.test(`corpus ${language}: at least ${MIN_UTTERANCES} distinct utterances, texts without a day or time among them`, () => {
    assert.ok(rows.length >= MIN_UTTERANCES, `${rows.length} rows`);
    assert.equal(new Set(rows.map(([text]) => text)).size, rows.length, "duplicate texts");
    assert.ok(rows.some(([, expect]) => expect === "none"));
  });

  Deno.test(`corpus ${language}: no wrong reading at any clock in any zone`, () => {
    const counts = runCorpus(language, rows);
    console.log(summary(counts));
    for (const finding of counts.unread.slice(0, SHOWN_FINDINGS)) {
      console.log(`  unread: ${JSON.stringify(finding.text)} at ${finding.wall} ${finding.zone}: ${JSON.stringify(finding.actual)}`);
    }
    const shown = counts.wrong.slice(0, SHOWN_FINDINGS).map((finding) =>
      `${JSON.stringify(finding.text)} at ${finding.wall} ${finding.zone}:\n    expected ${JSON.stringify(finding.expected)}\n    got      ${JSON.stringify(finding.actual)}`
    );
    assert.equal(counts.readings.wrong, 0, `wrong readings:\n  ${shown.join("\n  ")}`);
  });
}
