/**
 * Helpers the section planners share: comparing a file's values with a row's, and matching the
 * file's entries to rows (by id, else by a natural key), each row matched at most once.
 */
import type { SqlValue } from "./changes.ts";

/** A problem only the database's contents reveal (two rows named alike), at a field of the file. */
export class PlanError extends Error {
  override name = "PlanError";
  constructor(
    readonly path: readonly PropertyKey[],
    message: string,
  ) {
    super(message);
  }
}

/** A translation map without empty languages, keys in a fixed order (jsonb does not keep order). */
export function cleanMap(map: Readonly<Record<string, string | undefined>> | null | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {})
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

export function sameValue(a: SqlValue | undefined, b: SqlValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => item === b[i]);
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    return JSON.stringify(cleanMap(a as Record<string, string>)) === JSON.stringify(cleanMap(b as Record<string, string>));
  }
  return a === b;
}

/** The fields `desired` gives (undefined = not given) that differ from `current`. */
export function fieldChanges(
  desired: Readonly<Record<string, SqlValue | undefined>>,
  row: object,
): { set: Record<string, SqlValue>; before: Record<string, SqlValue> } | null {
  const current = row as Readonly<Record<string, SqlValue | undefined>>;
  const set: Record<string, SqlValue> = {};
  const before: Record<string, SqlValue> = {};
  for (const [column, value] of Object.entries(desired)) {
    if (value === undefined || sameValue(value, current[column])) continue;
    set[column] = value;
    before[column] = current[column] ?? null;
  }
  return Object.keys(set).length === 0 ? null : { set, before };
}

/** Only the given fields: `{a: 1, b: undefined}` → `{a: 1}`. */
export function given(values: Readonly<Record<string, SqlValue | undefined>>): Record<string, SqlValue> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, SqlValue] => entry[1] !== undefined));
}

/** The database's rows of one table, each claimed by at most one entry of the file. */
export class RowClaims<T extends { id: string }> {
  private readonly claimed = new Set<string>();
  constructor(private readonly rows: readonly T[]) {}

  /** The row with this id, if unclaimed; claims it. */
  byId(id: string): T | undefined {
    const row = this.rows.find((r) => r.id === id && !this.claimed.has(r.id));
    if (row) this.claimed.add(row.id);
    return row;
  }

  /**
   * The one unclaimed row `matches` accepts; claims it. Several: a PlanError at `path` saying to
   * give the id (`what` names the kind of row).
   */
  byKey(matches: (row: T) => boolean, path: readonly PropertyKey[], what: string): T | undefined {
    const found = this.rows.filter((r) => !this.claimed.has(r.id) && matches(r));
    if (found.length > 1) {
      throw new PlanError(path, `${found.length} ${what} in the database match this entry (ids ${found.map((r) => r.id).join(", ")}): give the id of the one it means`);
    }
    const row = found[0];
    if (row) this.claimed.add(row.id);
    return row;
  }

  unclaimed(): T[] {
    return this.rows.filter((r) => !this.claimed.has(r.id));
  }
}
