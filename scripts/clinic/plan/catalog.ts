/**
 * Plans what patients book: practitioners (with their weekly hours), services, and who offers what.
 * Practitioners and services the file no longer lists are switched off, never deleted: appointments
 * point at them. Working hours and offers are replaced by the file's, row by row, so an unchanged
 * row is never touched (deleting working hours takes their free slots off the calendar).
 */
import { describeBlock, type HoursBlock } from "../file/hours.ts";
import type { ClinicFile } from "../file/schema.ts";
import type { Change } from "./changes.ts";
import { cleanMap, fieldChanges, given, RowClaims } from "./compare.ts";
import type { CurrentState } from "./state.ts";

export type NewId = (kind: string, key: string) => string;

export interface CatalogPlan {
  /** Inserts and updates of practitioners and services (switching on included). */
  upserts: Change[];
  offersAdded: Change[];
  hoursAdded: Change[];
  hoursRemoved: Change[];
  offersRemoved: Change[];
  /** Practitioners and services switched off. */
  switchedOff: Change[];
  /** Each listed practitioner's id, by the name the file gives. */
  providerIds: ReadonlyMap<string, string>;
}

const SWITCHED_OFF = "no longer in the file: switched off (active = false); its appointments stay";

function planProviders(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId, plan: CatalogPlan & { providerIds: Map<string, string> }): void {
  if (file.providers === undefined) return;
  const rows = new RowClaims(current.providers);
  file.providers.forEach((entry, index) => {
    const row = entry.id !== undefined ? rows.byId(entry.id) : rows.byKey((r) => r.name === entry.name, ["providers", index, "name"], "practitioners named so");
    const what = `provider ${entry.name}`;
    const translations = entry.name_translations === undefined ? undefined : cleanMap(entry.name_translations);
    if (row === undefined) {
      const id = entry.id ?? newId("provider", entry.name);
      plan.providerIds.set(entry.name, id);
      plan.upserts.push({ table: "providers", action: "insert", what, values: given({ id, clinic_id: clinicId, name: entry.name, name_translations: translations }) });
      return;
    }
    plan.providerIds.set(entry.name, row.id);
    const diff = fieldChanges({ name: entry.name, name_translations: translations, active: true }, row);
    if (diff) plan.upserts.push({ table: "providers", action: "update", what, id: row.id, ...diff, ...(diff.set.active === true ? { why: "listed again: switched on" } : {}) });
  });
  for (const row of rows.unclaimed().filter((r) => r.active)) {
    plan.switchedOff.push({ table: "providers", action: "update", what: `provider ${row.name}`, id: row.id, set: { active: false }, before: { active: true }, why: SWITCHED_OFF });
  }
}

function planHours(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId, plan: CatalogPlan): void {
  for (const entry of file.providers ?? []) {
    const blocks: readonly HoursBlock[] | undefined = entry.hours ?? file.hours;
    const providerId = plan.providerIds.get(entry.name);
    if (blocks === undefined || providerId === undefined) continue;
    const key = (b: HoursBlock) => `${b.weekday} ${b.start} ${b.end}`;
    const existing = current.hours.filter((h) => h.provider_id === providerId);
    const wanted = new Set(blocks.map(key));
    const have = new Set(existing.map(key));
    for (const block of blocks.filter((b) => !have.has(key(b)))) {
      plan.hoursAdded.push({
        table: "working_hours",
        action: "insert",
        what: `hours ${entry.name}: ${describeBlock(block)}`,
        values: { id: newId("working_hours", `${providerId} ${key(block)}`), clinic_id: clinicId, provider_id: providerId, weekday: block.weekday, start_time: block.start, end_time: block.end },
      });
    }
    for (const row of existing.filter((h) => !wanted.has(key(h)))) {
      plan.hoursRemoved.push({ table: "working_hours", action: "delete", what: `hours ${entry.name}: ${describeBlock(row)}`, id: row.id });
    }
  }
}

function planServices(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId, plan: CatalogPlan): void {
  if (file.services === undefined) return;
  const rows = new RowClaims(current.services);
  const providerNames = new Map([...plan.providerIds].map(([name, id]) => [id, name]));
  file.services.forEach((entry, index) => {
    const row = entry.id !== undefined ? rows.byId(entry.id) : rows.byKey((r) => r.name === entry.name, ["services", index, "name"], "services named so");
    const what = `service ${entry.name}`;
    const fields = {
      name: entry.name,
      name_translations: entry.name_translations === undefined ? undefined : cleanMap(entry.name_translations),
      description: entry.description,
      duration_minutes: entry.duration_minutes,
      price_cents: entry.price_cents,
      keywords: entry.keywords,
    };
    let serviceId: string;
    if (row === undefined) {
      serviceId = entry.id ?? newId("service", entry.name);
      plan.upserts.push({ table: "services", action: "insert", what, values: given({ id: serviceId, clinic_id: clinicId, ...fields }) });
    } else {
      serviceId = row.id;
      const diff = fieldChanges({ ...fields, active: true }, row);
      if (diff) plan.upserts.push({ table: "services", action: "update", what, id: row.id, ...diff, ...(diff.set.active === true ? { why: "listed again: switched on" } : {}) });
    }

    const offeredBy = new Set(entry.providers.map((name) => plan.providerIds.get(name) ?? name));
    const offers = current.offers.filter((o) => o.service_id === serviceId);
    const have = new Set(offers.map((o) => o.provider_id));
    for (const name of entry.providers) {
      const providerId = plan.providerIds.get(name);
      if (providerId === undefined || have.has(providerId)) continue;
      plan.offersAdded.push({
        table: "provider_services",
        action: "insert",
        what: `offer ${entry.name} by ${name}`,
        values: { id: newId("provider_services", `${providerId} ${serviceId}`), clinic_id: clinicId, provider_id: providerId, service_id: serviceId },
      });
    }
    for (const offer of offers.filter((o) => !offeredBy.has(o.provider_id))) {
      const name = providerNames.get(offer.provider_id) ?? current.providers.find((p) => p.id === offer.provider_id)?.name ?? offer.provider_id;
      plan.offersRemoved.push({ table: "provider_services", action: "delete", what: `offer ${entry.name} by ${name}`, id: offer.id });
    }
  });
  for (const row of rows.unclaimed().filter((r) => r.active)) {
    plan.switchedOff.push({ table: "services", action: "update", what: `service ${row.name}`, id: row.id, set: { active: false }, before: { active: true }, why: SWITCHED_OFF });
  }
}

export function planCatalog(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId): CatalogPlan {
  const plan = { upserts: [], offersAdded: [], hoursAdded: [], hoursRemoved: [], offersRemoved: [], switchedOff: [], providerIds: new Map<string, string>() };
  planProviders(file, current, clinicId, newId, plan);
  planHours(file, current, clinicId, newId, plan);
  planServices(file, current, clinicId, newId, plan);
  return plan;
}
