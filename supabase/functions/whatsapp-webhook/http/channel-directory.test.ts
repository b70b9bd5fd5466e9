/** The per-isolate channel cache: how long entries live, unknown ids, refresh limits, its bound. */
import assert from "node:assert/strict";
import {
  CHANNEL_CACHE_TTL_MS,
  type ChannelRecord,
  createChannelDirectory,
  MAX_CACHED_CHANNELS,
  UNKNOWN_CHANNEL_CACHE_TTL_MS,
} from "./channel-directory.ts";

const KNOWN = "6f1c7c1e-8a51-4c89-9a57-0d5c3b1f2e01";
const UNKNOWN = "00000000-0000-4000-8000-000000000000";

function setup() {
  const clock = { ms: 1_000_000 };
  const lookups: string[] = [];
  const record: ChannelRecord = { id: KNOWN, clinicId: KNOWN, clinicName: "Clinic", secrets: ["s"] };
  const directory = createChannelDirectory(async (id) => {
    lookups.push(id);
    return id === KNOWN ? record : null;
  }, () => clock.ms);
  return { clock, lookups, directory };
}

Deno.test("a found channel is served from the cache until its time to live passes", async () => {
  const { clock, lookups, directory } = setup();
  await directory.find(KNOWN);
  clock.ms += CHANNEL_CACHE_TTL_MS - 1;
  await directory.find(KNOWN);
  assert.equal(lookups.length, 1);
  clock.ms += 1;
  await directory.find(KNOWN);
  assert.equal(lookups.length, 2);
});

Deno.test("an unknown channel is remembered only briefly", async () => {
  const { clock, lookups, directory } = setup();
  assert.equal(await directory.find(UNKNOWN), null);
  assert.equal(await directory.find(UNKNOWN), null);
  assert.equal(lookups.length, 1);
  clock.ms += UNKNOWN_CHANNEL_CACHE_TTL_MS;
  await directory.find(UNKNOWN);
  assert.equal(lookups.length, 2);
});

Deno.test("an id that is not a uuid is never looked up", async () => {
  const { lookups, directory } = setup();
  assert.equal(await directory.find("demo-channel"), null);
  assert.equal(await directory.refresh("'; drop table channels; --"), null);
  assert.deepEqual(lookups, []);
});

Deno.test("the cache holds a bounded number of channels, dropping the oldest", async () => {
  const { lookups, directory } = setup();
  await directory.find(KNOWN);
  for (let i = 0; i < MAX_CACHED_CHANNELS; i += 1) {
    await directory.find(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
  }
  lookups.length = 0;
  await directory.find(KNOWN);
  assert.deepEqual(lookups, [KNOWN], "the oldest entry was evicted");
});
