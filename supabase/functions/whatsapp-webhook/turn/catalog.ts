/**
 * The clinic's catalog kept between turns (issue 10 §2). Building it was about a quarter of
 * PostgreSQL's time per turn though it changes only when staff edit the clinic; now begin_turn
 * builds it only when the copy held here is stale. The database decides staleness: the function
 * offers the key of its copy, and begin_turn answers with the current key and, only when they
 * differ, the catalog. A key names one catalog version of one clinic on one local date (triggers on
 * every table the catalog reads give the clinic a new version in the edit's transaction), so the
 * first turn after a staff edit commits gets the new catalog.
 *
 * Pure: run-turn.ts does the I/O. Turns run concurrently, so a turn uses the copy it offered (or
 * what it was sent), never whatever the map holds by the time its answer arrives.
 */
import type { Catalog, TurnContext, TurnStart } from "./context.ts";
import { TurnError } from "./errors.ts";

/** Clinics whose catalog one function instance keeps; the least recently used goes first. */
export const MAX_CACHED_CLINICS = 100;

/** A catalog as begin_turn built it, under the key it gave. */
export interface KeptCatalog {
  key: string;
  catalog: Catalog;
}

export class CatalogCache {
  readonly #entries = new Map<string, KeptCatalog>();

  constructor(private readonly capacity = MAX_CACHED_CLINICS) {}

  /** The copy to offer begin_turn for a clinic, if any (and it becomes the most recently used). */
  offer(clinicId: string): KeptCatalog | null {
    const kept = this.#entries.get(clinicId);
    if (kept === undefined) return null;
    this.#entries.delete(clinicId);
    this.#entries.set(clinicId, kept);
    return kept;
  }

  /** Keeps a catalog begin_turn sent, under its clinic's id, dropping the least recently used beyond capacity. */
  keep(kept: KeptCatalog): void {
    const clinicId = kept.catalog.clinic.id;
    this.#entries.delete(clinicId);
    this.#entries.set(clinicId, kept);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity) break;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * A kept catalog is shared by every later turn of its clinic, so it is frozen all the way down: code
 * that changed it in place would throw here instead of changing other patients' turns.
 */
function frozen<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

/** The copies of this function instance, shared by its turns. */
export const clinicCatalogs = new CatalogCache();

/**
 * The turn's context from begin_turn's answer: with the catalog it sent (kept for later turns when
 * it came with a key), or with the offered copy when begin_turn confirmed that copy's key.
 */
export function withCatalog(began: TurnStart, offered: KeptCatalog | null, cache: CatalogCache): TurnContext {
  const { catalogKey, clinic, services, providers, ...turn } = began;
  if (clinic !== undefined && services !== undefined && providers !== undefined) {
    const catalog: Catalog = { clinic, services, providers };
    if (catalogKey !== null) cache.keep({ key: catalogKey, catalog: frozen(catalog) });
    return { ...turn, ...catalog };
  }
  if (clinic === undefined && services === undefined && providers === undefined && offered !== null && catalogKey === offered.key) {
    return { ...turn, ...offered.catalog };
  }
  throw new TurnError("internal", `begin_turn sent no usable catalog (offered key ${offered?.key ?? "none"}, current ${catalogKey ?? "none"})`);
}
