/** Values as SQL literals, for the seed file (apply sends parameters instead: db/statements.ts). */
import { isGeneratedSecret, type SqlValue } from "../plan/changes.ts";

/**
 * A channel secret made by the database when the seed first runs: 64 hex characters from two v4
 * uuids (gen_random_uuid is core Postgres, so no extension is needed). Kept afterwards: the insert
 * skips a channel that exists.
 */
export const SEED_SECRET_SQL = "replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')";

export function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function literal(value: SqlValue): string {
  if (value === null) return "null";
  if (isGeneratedSecret(value)) return SEED_SECRET_SQL;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return quote(value);
  if (Array.isArray(value)) return value.length === 0 ? "'{}'" : `array[${value.map(quote).join(", ")}]`;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return quote(`{${entries.map(([key, text]) => `${JSON.stringify(key)}: ${JSON.stringify(text)}`).join(", ")}}`);
}
