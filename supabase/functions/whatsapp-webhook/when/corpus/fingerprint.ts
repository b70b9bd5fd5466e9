/**
 * A digest of every corpus reading (all languages, clocks and zones), so runs in processes with a
 * different zone of their own can be compared reading for reading. Run as a script, it prints
 * `{"serverOffsetMinutes", "digest", "readings"}` as one JSON line (corpus/server-zone.test.ts).
 */
import type { When } from "../types.ts";
import { CORPORA, LANGUAGES } from "./corpora.ts";
import { readCorpus } from "./run.ts";

export interface Fingerprint {
  /** What this process's own zone says about a fixed instant (proves the TZ took effect). */
  serverOffsetMinutes: number;
  digest: string;
  readings: number;
}

/** A fixed instant, in summer in the northern hemisphere. */
const PROBE = new Date("2026-07-01T12:00:00Z");

export async function fingerprint(): Promise<Fingerprint> {
  const readings: When[] = [];
  for (const language of LANGUAGES) {
    for (const sample of readCorpus(language, CORPORA[language])) readings.push(sample.actual);
  }
  const bytes = new TextEncoder().encode(JSON.stringify(readings));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return {
    serverOffsetMinutes: -PROBE.getTimezoneOffset(),
    digest: [...hash].map((byte) => byte.toString(16).padStart(2, "0")).join(""),
    readings: readings.length,
  };
}

if (import.meta.main) console.log(JSON.stringify(await fingerprint()));
