/**
 * The request sent to Claude for one FAQ question. The system prompt carries the clinic's name and
 * only the FAQ rows that search matched; the patient's words and recent history go in the user
 * turn as quoted context. No tools: Claude can only write text, never change anything.
 */
import { BUNDLES } from "../locales/index.ts";
import type { FaqMatch, FaqQuestion } from "./types.ts";

/** How much earlier conversation Claude sees, and how much of each message. */
export const HISTORY_MAX_MESSAGES = 6;
export const HISTORY_ENTRY_MAX_CHARS = 500;

export interface ClaudePrompt {
  system: string;
  user: string;
}

function clip(text: string, maxChars: number): string {
  const chars = Array.from(text);
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars).join("")}…`;
}

export function buildPrompt(input: FaqQuestion, matches: readonly FaqMatch[]): ClaudePrompt {
  const entries = matches
    .map((match, index) => `FAQ ${index + 1}\nQ: ${match.question}\nA: ${match.answer}`)
    .join("\n\n");
  const system = [
    `You are the WhatsApp front desk of ${input.clinicName}, answering a patient's question.`,
    "Answer ONLY from the FAQ entries below. Do not add facts, prices, times or advice that they do not state.",
    `If they do not answer the question, say so briefly and offer to put the patient in touch with staff (they can reply "${BUNDLES[input.language].words.commands.staff[0]}").`,
    `Reply in the patient's language, ${BUNDLES[input.language].englishName}, unless their question is plainly written in another language; then reply in that one. Use at most a few short sentences.`,
    "Use WhatsApp formatting only: *bold*, _italic_, plain line breaks; no headings, tables or Markdown links.",
    "Never give medical advice or a diagnosis; for that, offer staff.",
    "",
    "FAQ entries:",
    entries,
  ].join("\n");

  const recent = input.history.slice(-HISTORY_MAX_MESSAGES);
  const transcript = recent
    .map((entry) => `${entry.direction === "in" ? "Patient" : "Clinic"}: ${clip(entry.body, HISTORY_ENTRY_MAX_CHARS)}`)
    .join("\n");
  const user = transcript === ""
    ? `Patient's question:\n${input.question}`
    : `Recent conversation (for context):\n${transcript}\n\nPatient's question:\n${input.question}`;
  return { system, user };
}
