/**
 * One row change as one parameterised statement. Values go as parameters (pg turns arrays into
 * Postgres arrays; translation maps are sent as JSON text for their jsonb columns), so nothing from
 * a clinic file is ever spliced into SQL. A new channel's secret is passed in by the executor.
 */
import { isGeneratedSecret, type Change, type SqlValue } from "../plan/changes.ts";

export interface Statement {
  text: string;
  values: unknown[];
}

/** Column names come from the planner, never from a file; this keeps that true. */
const IDENTIFIER = /^[a-z_]+$/;

function column(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a column name: ${name}`);
  return name;
}

function parameter(value: SqlValue, secret: string | undefined): unknown {
  if (isGeneratedSecret(value)) {
    if (secret === undefined) throw new Error("a new channel needs its secret");
    return secret;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

export function toStatement(change: Change, secret?: string): Statement {
  const table = `public.${column(change.table)}`;
  switch (change.action) {
    case "insert": {
      const entries = Object.entries(change.values);
      return {
        text: `insert into ${table} (${entries.map(([name]) => column(name)).join(", ")}) values (${entries.map((_, i) => `$${i + 1}`).join(", ")})`,
        values: entries.map(([, value]) => parameter(value, secret)),
      };
    }
    case "update": {
      const entries = Object.entries(change.set);
      return {
        text: `update ${table} set ${entries.map(([name], i) => `${column(name)} = $${i + 1}`).join(", ")} where id = $${entries.length + 1}`,
        values: [...entries.map(([, value]) => parameter(value, secret)), change.id],
      };
    }
    case "delete":
      return { text: `delete from ${table} where id = $1`, values: [change.id] };
  }
}
