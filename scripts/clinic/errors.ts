/**
 * What can stop an apply once the file is valid, each with the words an operator needs. The
 * database's own refusals (its triggers and constraints guard bookings) come through named: the
 * change it refused, its SQLSTATE and message, and its hint.
 */
import type { Change } from "./plan/changes.ts";
import { describeChange } from "./report.ts";

interface PgErrorFields {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
}

/** Secrets made in this run never reach a terminal, even inside a database error's detail. */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join("[secret]"), text);
}

export class ChangeRefused extends Error {
  override name = "ChangeRefused";
  readonly code: string | undefined;
  constructor(
    readonly change: Change | null,
    error: unknown,
    secrets: readonly string[] = [],
  ) {
    const fields = error as PgErrorFields;
    const lines = [
      change === null ? "the database refused the changes when committing them:" : `the database refused ${describeChange(change)}`,
      `  ${fields.code ?? "error"}: ${fields.message ?? String(error)}`,
    ];
    if (fields.detail) lines.push(`  detail: ${fields.detail}`);
    if (fields.hint) lines.push(`  hint: ${fields.hint}`);
    lines.push("Nothing was changed (the apply is one transaction).");
    super(redact(lines.join("\n"), secrets));
    this.code = fields.code;
  }
}

/** An upcoming appointment that this apply would leave unable to go ahead as booked. */
export interface RebookEntry {
  appointmentId: string;
  when: string;
  provider: string;
  service: string;
  reason: string;
}

export function describeRebooking(entry: RebookEntry): string {
  return `${entry.when} ${entry.provider}, ${entry.service} (${entry.reason})`;
}

export class RebookingRefused extends Error {
  override name = "RebookingRefused";
  constructor(readonly appointments: readonly RebookEntry[]) {
    super(
      [
        `${appointments.length} upcoming appointment${appointments.length === 1 ? "" : "s"} could no longer go ahead as booked:`,
        ...appointments.map((entry) => `  ${describeRebooking(entry)}`),
        "Nothing was changed. Move or cancel them first (Studio: appointments), or apply again with --allow-rebooking:",
        "they then appear in appointments_to_rebook and their patients are offered new times on WhatsApp.",
      ].join("\n"),
    );
  }
}

/** Something the apply needs that neither the file nor the command line gives. */
export class ApplyPreconditionError extends Error {
  override name = "ApplyPreconditionError";
}
