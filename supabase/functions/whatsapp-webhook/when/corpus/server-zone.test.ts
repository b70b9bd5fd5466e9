/**
 * The server's own zone does not matter: the whole corpus, run in Deno processes whose TZ is
 * Pacific/Kiritimati (UTC+14, the first to reach tomorrow) and America/St_Johns (UTC−3:30, with
 * daylight saving), reads exactly as it does here, reading for reading.
 */
import assert from "node:assert/strict";
import { fingerprint } from "./fingerprint.ts";

const SCRIPT = new URL("./fingerprint.ts", import.meta.url).pathname;
const CONFIG = new URL("../../../../../deno.json", import.meta.url).pathname;

const SERVER_ZONES = [
  { tz: "Pacific/Kiritimati", summerOffsetMinutes: 14 * 60 },
  { tz: "America/St_Johns", summerOffsetMinutes: -150 },
];

function runUnder(tz: string): Promise<Deno.CommandOutput> {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--config", CONFIG, SCRIPT],
    env: { TZ: tz },
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("the corpus reads the same, reading for reading, whatever the server's zone", async () => {
  const [here, ...outputs] = await Promise.all([fingerprint(), ...SERVER_ZONES.map((zone) => runUnder(zone.tz))]);
  for (const [index, zone] of SERVER_ZONES.entries()) {
    const output = outputs[index];
    assert.ok(output);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `the corpus under TZ=${zone.tz} failed:\n${stderr}`);
    const there = JSON.parse(new TextDecoder().decode(output.stdout));
    assert.equal(there.serverOffsetMinutes, zone.summerOffsetMinutes, `TZ=${zone.tz} did not take effect`);
    assert.equal(there.readings, here.readings);
    assert.equal(there.digest, here.digest, `readings differ under TZ=${zone.tz}`);
  }
});
