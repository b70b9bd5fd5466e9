import assert from "node:assert/strict";
import { CatalogCache, type KeptCatalog, withCatalog } from "./catalog.ts";
import type { Catalog, TurnStart } from "./context.ts";
import { TurnError } from "./errors.ts";

function catalog(clinicId: string, name = "Smile"): Catalog {
  return {
    clinic: {
      id: clinicId, name, timezone: "Europe/Lisbon", holdMinutes: 5, horizonDays: 14, minNoticeMinutes: 60,
      sessionIdleMinutes: 30, humanIdleMinutes: 720, cooloffMinutes: 30, rateLimitPerMinute: 20,
      language: "en", locale: "en-GB", askProvider: false, hours: [], openWeekdays: [1, 2, 3, 4, 5], closedDays: [],
    },
    services: [{ id: "s1", name: "Cleaning", names: {}, keywords: [], durationMinutes: 30, providerIds: ["p1"] }],
    providers: [{ id: "p1", name: "Dr. Ana Silva", names: {} }],
  };
}

/** begin_turn's answer for a patient's message: with the catalog, or only its key. */
function started(catalogKey: string | null, sent: Catalog | null): TurnStart {
  return {
    duplicate: false,
    completed: false,
    conversationId: "c1",
    inboundMessageId: "m1",
    conversation: {
      id: "c1", mode: "bot", state: null, version: 1, pausedUntil: null, previousInboundAt: null, updatedAt: null, staffActivityAt: null,
    },
    patient: { id: "pt1", name: null, pushName: null, phone: null, language: null },
    history: [],
    inboundLastMinute: 1,
    prefetched: {},
    catalogKey,
    ...sent,
  };
}

Deno.test("a catalog begin_turn sends with its key is kept, and offered for the clinic's next turn", () => {
  const cache = new CatalogCache();
  const context = withCatalog(started("v1/2026-11-22", catalog("k1")), null, cache);
  assert.equal(context.clinic.name, "Smile");
  assert.equal(context.services[0]?.name, "Cleaning");
  assert.deepEqual(cache.offer("k1"), { key: "v1/2026-11-22", catalog: catalog("k1") });
  assert.equal(cache.offer("k2"), null, "nothing kept for another clinic");
});

Deno.test("a kept catalog cannot be changed in place by one turn under the others", () => {
  const cache = new CatalogCache();
  const context = withCatalog(started("v1/2026-11-22", catalog("k1")), null, cache);
  assert.throws(() => context.services.push(context.services[0]!), TypeError);
  assert.throws(() => (context.clinic.closedDays as string[]).push("2026-11-23"), TypeError);
  assert.throws(() => Object.assign(context.providers[0]!, { name: "Someone else" }), TypeError);
});

Deno.test("when begin_turn confirms the offered key, the turn runs on the offered copy", () => {
  const cache = new CatalogCache();
  const offered: KeptCatalog = { key: "v1/2026-11-22", catalog: catalog("k1") };
  const context = withCatalog(started("v1/2026-11-22", null), offered, cache);
  assert.equal(context.clinic.id, "k1");
  assert.deepEqual(context.providers, offered.catalog.providers);
  assert.equal(context.patient.id, "pt1");
});

Deno.test("after a staff edit begin_turn sends the new catalog: the turn uses it and it replaces the kept copy", () => {
  const cache = new CatalogCache();
  withCatalog(started("v1/2026-11-22", catalog("k1")), null, cache);
  const offered = cache.offer("k1");
  const context = withCatalog(started("v2/2026-11-22", catalog("k1", "Smile Dental")), offered, cache);
  assert.equal(context.clinic.name, "Smile Dental");
  assert.equal(cache.offer("k1")?.key, "v2/2026-11-22");
});

Deno.test("a turn runs on the copy it offered, even when a concurrent turn replaced the kept one meanwhile", () => {
  const cache = new CatalogCache();
  withCatalog(started("v1/2026-11-22", catalog("k1", "Old name")), null, cache);
  const offered = cache.offer("k1");
  withCatalog(started("v2/2026-11-22", catalog("k1", "New name")), null, cache);
  const context = withCatalog(started("v1/2026-11-22", null), offered, cache);
  assert.equal(context.clinic.name, "Old name", "the catalog begin_turn vouched for, by its key");
});

Deno.test("a catalog without a key (an older begin_turn) is used for the turn and not kept", () => {
  const cache = new CatalogCache();
  const context = withCatalog(started(null, catalog("k1")), null, cache);
  assert.equal(context.clinic.id, "k1");
  assert.equal(cache.size, 0);
});

Deno.test("no catalog and a key that is not the offered one is a defect, never a turn on a stale copy", () => {
  const cache = new CatalogCache();
  const offered: KeptCatalog = { key: "v1/2026-11-22", catalog: catalog("k1") };
  for (const [answer, copy] of [[started("v2/2026-11-22", null), offered], [started("v1/2026-11-22", null), null]] as const) {
    assert.throws(() => withCatalog(answer, copy, cache), (error) => error instanceof TurnError && error.code === "internal");
  }
  const partial = { ...started("v2/2026-11-22", null), clinic: catalog("k1").clinic };
  assert.throws(() => withCatalog(partial, offered, cache), TurnError);
});

Deno.test("the cache keeps at most its capacity, dropping the clinic least recently offered", () => {
  const cache = new CatalogCache(2);
  for (const id of ["k1", "k2"]) withCatalog(started(`${id}/v`, catalog(id)), null, cache);
  cache.offer("k1");
  withCatalog(started("k3/v", catalog("k3")), null, cache);
  assert.equal(cache.size, 2);
  assert.equal(cache.offer("k2"), null, "k2 was used least recently");
  assert.equal(cache.offer("k1")?.key, "k1/v");
  assert.equal(cache.offer("k3")?.key, "k3/v");
});
