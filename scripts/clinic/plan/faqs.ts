/**
 * Plans the FAQ: the file's entries, language by language, become exactly the clinic's. An entry is
 * recognised by its id, else by its language and question (a row without a language counts as
 * written in the clinic's); a changed question without an id is a new entry replacing the old.
 */
import { LANGUAGES, type ClinicFile, type Language } from "../file/schema.ts";
import type { Change } from "./changes.ts";
import { fieldChanges, given, RowClaims } from "./compare.ts";
import type { NewId } from "./catalog.ts";
import type { CurrentState } from "./state.ts";

const QUESTION_PREVIEW_CHARS = 50;

function preview(question: string): string {
  return question.length <= QUESTION_PREVIEW_CHARS ? question : `${question.slice(0, QUESTION_PREVIEW_CHARS - 1)}…`;
}

export function planFaqs(file: ClinicFile, current: CurrentState, clinicId: string, clinicLanguage: Language, newId: NewId): Change[] {
  if (file.faqs === undefined) return [];
  const rows = new RowClaims(current.faqs);
  const removed: Change[] = [];
  const updated: Change[] = [];
  const added: Change[] = [];
  for (const language of LANGUAGES) {
    (file.faqs[language] ?? []).forEach((entry, index) => {
      const row =
        entry.id !== undefined
          ? rows.byId(entry.id)
          : rows.byKey((r) => (r.language ?? clinicLanguage) === language && r.question === entry.question, ["faqs", language, index, "question"], "FAQ entries with this question");
      const what = `FAQ ${language} "${preview(entry.question)}"`;
      const fields = { language, question: entry.question, answer: entry.answer, keywords: entry.keywords, enabled: entry.enabled ?? true };
      if (row === undefined) {
        added.push({ table: "faqs", action: "insert", what, values: given({ id: entry.id ?? newId("faq", `${language} ${entry.question}`), clinic_id: clinicId, ...fields }) });
        return;
      }
      const diff = fieldChanges(fields, row);
      if (diff) updated.push({ table: "faqs", action: "update", what, id: row.id, ...diff });
    });
  }
  for (const row of rows.unclaimed()) {
    removed.push({ table: "faqs", action: "delete", what: `FAQ ${row.language ?? clinicLanguage} "${preview(row.question)}"`, id: row.id, why: "no longer in the file" });
  }
  return [...removed, ...updated, ...added];
}
