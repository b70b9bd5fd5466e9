/**
 * The planner: what to change so the database says what the clinic file says. Pure: it compares the
 * file with the clinic's rows (db/load.ts reads them; `seed` passes an empty database) and returns
 * the row changes in the order they can run: parents before children, new working hours before the
 * old ones go (so the slots they share stay), deletions of FAQ entries, staff and offers before the
 * rows that might take their place.
 */
import type { ClinicFile, Language } from "../file/schema.ts";
import { planCatalog, type NewId } from "./catalog.ts";
import type { Change, Plan } from "./changes.ts";
import { planChannels } from "./channels.ts";
import { planClosures } from "./closures.ts";
import { fieldChanges, given } from "./compare.ts";
import { planFaqs } from "./faqs.ts";
import { planStaff } from "./staff.ts";
import { planTemplates } from "./templates.ts";
import type { CurrentState } from "./state.ts";

export type { NewId } from "./catalog.ts";

/** The default of clinics.language, for FAQ rows without a language in a clinic the file does not say. */
const DEFAULT_LANGUAGE: Language = "en";

function planClinicRow(file: ClinicFile, current: CurrentState, newId: NewId): { id: string; changes: Change[]; recutSlots: boolean } {
  const { id: fileId, ...settings } = file.clinic;
  const what = `clinic ${settings.name}`;
  if (current.clinic === null) {
    const id = fileId ?? newId("clinic", settings.name);
    return { id, changes: [{ table: "clinics", action: "insert", what, values: given({ id, ...settings }) }], recutSlots: false };
  }
  const diff = fieldChanges(settings, current.clinic.settings);
  return {
    id: current.clinic.id,
    changes: diff ? [{ table: "clinics", action: "update", what, id: current.clinic.id, ...diff }] : [],
    // Free slots are cut on the clinic's wall clock in slot_minutes pieces: either changing re-cuts them.
    recutSlots: diff?.set.slot_minutes !== undefined || diff?.set.timezone !== undefined,
  };
}

export function planClinic(file: ClinicFile, current: CurrentState, newId: NewId): Plan {
  const clinic = planClinicRow(file, current, newId);
  const language = file.clinic.language ?? (current.clinic?.settings.language as Language | undefined) ?? DEFAULT_LANGUAGE;
  const catalog = planCatalog(file, current, clinic.id, newId);
  const closures = planClosures(file, current, clinic.id, catalog.providerIds, newId);
  const staff = planStaff(file, current, clinic.id, newId);
  return {
    clinicId: clinic.id,
    clinicName: file.clinic.name,
    creates: current.clinic === null,
    recutSlots: clinic.recutSlots,
    changes: [
      ...clinic.changes,
      ...catalog.upserts,
      ...catalog.offersAdded,
      ...catalog.hoursAdded,
      ...catalog.hoursRemoved,
      ...catalog.offersRemoved,
      ...closures.changes,
      ...catalog.switchedOff,
      ...planFaqs(file, current, clinic.id, language, newId),
      ...planTemplates(file, current, clinic.id, newId),
      ...staff.changes,
      ...planChannels(file, current, clinic.id, newId),
    ],
    notices: [...closures.notices, ...staff.notices],
  };
}
