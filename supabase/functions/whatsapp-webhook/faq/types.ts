import type { Language } from "../locales/types.ts";

/**
 * The FAQ answering interface the turn calls. Claude (when configured) only rephrases the FAQ
 * rows that Postgres search matched; it never changes state, it only produces text.
 */

/** One earlier message of the conversation, oldest first, given to Claude as context. */
export interface HistoryEntry {
  direction: "in" | "out";
  body: string;
}

export interface FaqQuestion {
  clinicId: string;
  clinicName: string;
  question: string;
  /** The patient's language: searched first, and the language Claude answers in. */
  language: Language;
  history: readonly HistoryEntry[];
  /**
   * search_faqs' answer for this very question and language, read ahead by begin_turn
   * (turn/prefetch.ts), with the limit it was read with; used only when that is the answerer's.
   */
  readAhead?: { limit: number; matches: FaqMatch[] } | null;
}

/**
 * `answered`: text to send, phrased by Claude from the matched rows or the best row verbatim.
 * `no_match`: no FAQ row is relevant; the flow renders the honest "I don't know, talk to staff?".
 */
export type FaqAnswer =
  | { kind: "answered"; text: string; source: "claude" | "verbatim"; faqIds: string[] }
  | { kind: "no_match" };

export type AnswerQuestion = (input: FaqQuestion) => Promise<FaqAnswer>;

/**
 * One row returned by the `search_faqs` RPC, best first: in the patient's language when the clinic
 * wrote a relevant entry in it, else the clinic's language, else any.
 */
export interface FaqMatch {
  id: string;
  question: string;
  answer: string;
  language: Language;
  score: number;
}

export type SearchFaqs = (clinicId: string, query: string, limit: number, language: Language) => Promise<FaqMatch[]>;
