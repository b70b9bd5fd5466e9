/**
 * A plan is a list of row changes, as data: which table, insert / update / delete, the values, and
 * a label saying what the row is ("provider Dr. Sarah Mitchell"). The same list is executed against
 * the database (db/statements.ts), printed as a diff (report.ts), and written as seed SQL (seed/).
 */

/** A channel's new secret: made when the change is executed (apply) or by SQL (seed), never planned. */
export const GENERATED_SECRET = Object.freeze({ generated: "channel-secret" as const });
export type GeneratedSecret = typeof GENERATED_SECRET;

export type SqlValue = string | number | boolean | null | readonly string[] | Readonly<Record<string, string | undefined>> | GeneratedSecret;

export type Table =
  | "clinics"
  | "providers"
  | "services"
  | "provider_services"
  | "working_hours"
  | "closures"
  | "faqs"
  | "message_templates"
  | "staff"
  | "channels";

interface ChangeBase {
  table: Table;
  /** What the row is, for people: `provider Dr. Sarah Mitchell`. */
  what: string;
}

export interface InsertRow extends ChangeBase {
  action: "insert";
  /** Every column given, `id` included. */
  values: Readonly<Record<string, SqlValue>>;
  /** A new channel: the name of the bot env file to write for it. */
  bot?: { name: string };
}

export interface UpdateRow extends ChangeBase {
  action: "update";
  id: string;
  set: Readonly<Record<string, SqlValue>>;
  before: Readonly<Record<string, SqlValue>>;
  /** Why, when the file did not say it directly ("no longer in the file"). */
  why?: string;
}

export interface DeleteRow extends ChangeBase {
  action: "delete";
  id: string;
  why?: string;
}

export type Change = InsertRow | UpdateRow | DeleteRow;

export interface Notice {
  level: "warning" | "note";
  message: string;
  /** The field of the file it concerns, when there is one. */
  path?: readonly PropertyKey[];
}

export interface Plan {
  clinicId: string;
  clinicName: string;
  /** The clinic row is new. */
  creates: boolean;
  changes: Change[];
  notices: Notice[];
  /** slot_minutes or the time zone of an existing clinic changed: free future slots are cut again. */
  recutSlots: boolean;
}

export function isGeneratedSecret(value: SqlValue): value is GeneratedSecret {
  return typeof value === "object" && value !== null && !Array.isArray(value) && (value as { generated?: unknown }).generated === GENERATED_SECRET.generated;
}
