/**
 * How changes read for people: one line each, `+` added, `~` changed (old → new), `-` removed or
 * switched off, with why when the file did not say it directly. A channel's secret is never shown.
 */
import { isGeneratedSecret, type Change, type SqlValue } from "./plan/changes.ts";

const VALUE_PREVIEW_CHARS = 60;

export function formatValue(value: SqlValue | undefined): string {
  if (value === undefined || value === null) return "(empty)";
  if (isGeneratedSecret(value)) return "(new secret)";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[${value.join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? "{}" : `{${entries.map(([k, v]) => `${k}: ${v}`).join(", ")}}`;
  }
  if (typeof value === "string") {
    const text = value.length > VALUE_PREVIEW_CHARS ? `${value.slice(0, VALUE_PREVIEW_CHARS - 1)}…` : value;
    return JSON.stringify(text);
  }
  return String(value);
}

export function describeChange(change: Change): string {
  switch (change.action) {
    case "insert":
      return `+ ${change.what}`;
    case "update": {
      if (change.set.active === false || change.set.enabled === false) {
        if (Object.keys(change.set).length === 1) return `- ${change.what}${change.why ? `: ${change.why}` : ""}`;
      }
      const fields = Object.keys(change.set).map((column) => `${column} ${formatValue(change.before[column])} → ${formatValue(change.set[column])}`);
      return `~ ${change.what}: ${fields.join("; ")}${change.why ? ` (${change.why})` : ""}`;
    }
    case "delete":
      return `- ${change.what}${change.why ? `: ${change.why}` : ""}`;
  }
}
