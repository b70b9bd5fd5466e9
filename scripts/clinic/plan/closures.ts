/**
 * Plans closures: the file's upcoming closures become exactly the clinic's upcoming ones. A closure
 * is recognised by its practitioner (or none: the whole clinic) and its start and end instant;
 * only its reason can change in place. Closures that have already ended are history: neither
 * created nor removed.
 */
import { instantToWallClock, wallClockToInstant } from "../file/local-time.ts";
import type { ClinicFile } from "../file/schema.ts";
import type { Change, Notice } from "./changes.ts";
import { given, RowClaims } from "./compare.ts";
import type { NewId } from "./catalog.ts";
import type { CurrentState } from "./state.ts";

export interface ClosurePlan {
  changes: Change[];
  notices: Notice[];
}

const key = (providerId: string | null, startsAt: string, endsAt: string): string => `${providerId ?? "clinic"} ${startsAt} ${endsAt}`;

export function planClosures(
  file: ClinicFile,
  current: CurrentState,
  clinicId: string,
  providerIds: ReadonlyMap<string, string>,
  newId: NewId,
): ClosurePlan {
  const plan: ClosurePlan = { changes: [], notices: [] };
  if (file.closures === undefined) return plan;
  const timeZone = file.clinic.timezone;
  const nowMs = Date.parse(current.now);
  const rows = new RowClaims(current.closures.map((row) => ({ ...row, key: key(row.provider_id, row.starts_at, row.ends_at) })));
  const providerName = (id: string | null): string =>
    id === null ? "whole clinic" : ([...providerIds].find(([, pid]) => pid === id)?.[0] ?? current.providers.find((p) => p.id === id)?.name ?? id);
  const label = (providerId: string | null, startsAt: string, endsAt: string, reason: string | null | undefined): string =>
    `closure ${providerName(providerId)} ${instantToWallClock(startsAt, timeZone).replace("T", " ")} → ${instantToWallClock(endsAt, timeZone).replace("T", " ")}` +
    (reason ? ` (${reason})` : "");

  file.closures.forEach((entry, index) => {
    const startsAt = wallClockToInstant(entry.from, timeZone);
    const endsAt = wallClockToInstant(entry.to, timeZone);
    const providerId = entry.provider === undefined ? null : (providerIds.get(entry.provider) ?? null);
    if (Date.parse(endsAt) <= nowMs) {
      plan.notices.push({ level: "note", message: `closures[${index}] has already ended: left alone`, path: ["closures", index] });
      return;
    }
    const k = key(providerId, startsAt, endsAt);
    const row = rows.byKey((r) => r.key === k, ["closures", index], "identical closures");
    const what = label(providerId, startsAt, endsAt, row?.reason ?? entry.reason);
    if (row === undefined) {
      plan.changes.push({
        table: "closures",
        action: "insert",
        what,
        values: given({ id: newId("closure", k), clinic_id: clinicId, provider_id: providerId, starts_at: startsAt, ends_at: endsAt, reason: entry.reason }),
      });
    } else if (entry.reason !== undefined && entry.reason !== row.reason) {
      plan.changes.push({ table: "closures", action: "update", what, id: row.id, set: { reason: entry.reason }, before: { reason: row.reason } });
    }
  });
  for (const row of rows.unclaimed()) {
    plan.changes.push({ table: "closures", action: "delete", what: label(row.provider_id, row.starts_at, row.ends_at, row.reason), id: row.id, why: "no longer in the file: those times are bookable again" });
  }
  return plan;
}
