/**
 * Plans the clinic's message templates: the file's texts, kind by kind and language by language
 * (notice templates by name too), become exactly the clinic's. A template is recognised by its kind,
 * name and language; its text is what changes. One the file no longer lists is deleted (the
 * database refuses while a campaign still to be sent needs it, and apply reports that).
 */
import { LANGUAGES, type ClinicFile, type Language } from "../file/schema.ts";
import type { Change } from "./changes.ts";
import { fieldChanges, RowClaims } from "./compare.ts";
import type { NewId } from "./catalog.ts";
import type { CurrentState } from "./state.ts";

interface Entry {
  kind: string;
  name: string | null;
  language: Language;
  body: string;
  path: PropertyKey[];
}

/** Every text of the section, in the file's order. */
function entries(section: NonNullable<ClinicFile["templates"]>): Entry[] {
  const found: Entry[] = [];
  const add = (kind: string, name: string | null, texts: Partial<Record<Language, string>>, path: PropertyKey[]) => {
    for (const language of LANGUAGES) {
      const body = texts[language];
      if (body !== undefined) found.push({ kind, name, language, body, path: [...path, language] });
    }
  };
  for (const [kind, value] of Object.entries(section)) {
    if (value === undefined) continue;
    if (kind === "campaign") {
      for (const [name, texts] of Object.entries(value as Record<string, Partial<Record<Language, string>>>)) add(kind, name, texts, ["templates", kind, name]);
    } else {
      add(kind, null, value as Partial<Record<Language, string>>, ["templates", kind]);
    }
  }
  return found;
}

const label = (kind: string, name: string | null, language: string) => `template ${kind}${name === null ? "" : ` ${name}`} ${language}`;

export function planTemplates(file: ClinicFile, current: CurrentState, clinicId: string, newId: NewId): Change[] {
  if (file.templates === undefined) return [];
  const rows = new RowClaims(current.templates);
  const updated: Change[] = [];
  const added: Change[] = [];
  for (const entry of entries(file.templates)) {
    const row = rows.byKey(
      (r) => r.kind === entry.kind && r.name === entry.name && r.language === entry.language,
      entry.path,
      "templates of this kind, name and language",
    );
    const what = label(entry.kind, entry.name, entry.language);
    if (row === undefined) {
      const id = newId("template", `${entry.kind} ${entry.name ?? ""} ${entry.language}`);
      added.push({
        table: "message_templates",
        action: "insert",
        what,
        values: { id, clinic_id: clinicId, kind: entry.kind, name: entry.name, language: entry.language, body: entry.body },
      });
      continue;
    }
    const diff = fieldChanges({ body: entry.body }, row);
    if (diff) updated.push({ table: "message_templates", action: "update", what, id: row.id, ...diff });
  }
  const removed: Change[] = rows.unclaimed().map((row) => ({
    table: "message_templates",
    action: "delete",
    what: label(row.kind, row.name, row.language),
    id: row.id,
    why: "no longer in the file",
  }));
  return [...removed, ...updated, ...added];
}
