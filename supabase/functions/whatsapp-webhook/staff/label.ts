/** How staff see a patient named: "Ana Lopez (+15550107711)", the number alone, or "A patient". */
import type { StaffTexts } from "../locales/types.ts";

export function patientLabel(texts: StaffTexts, name: string | null, phone: string | null): string {
  const named = name?.trim() ?? "";
  if (named !== "" && phone !== null) return `${named} (${phone})`;
  return named !== "" ? named : phone ?? texts.somePatient;
}

/** Longest quote of a patient's message an alert carries; the chat in Studio has the rest. */
export const MAX_QUOTE_CHARS = 300;

export function quote(text: string): string {
  const chars = Array.from(text.trim());
  return chars.length <= MAX_QUOTE_CHARS ? chars.join("") : `${chars.slice(0, MAX_QUOTE_CHARS).join("")}…`;
}
