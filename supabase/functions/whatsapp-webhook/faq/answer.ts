/**
 * Answers a patient's question from the clinic's FAQ. Search decides WHAT may be said (the
 * matched rows); Claude, when configured, only phrases it. Without a key, on an error, a timeout,
 * a cut-off or an empty reply, the best row's answer is sent as written: a patient always gets
 * the clinic's own words rather than nothing (in their language when the clinic wrote the entry in
 * it: search ranks those first).
 */
import type Anthropic from "@anthropic-ai/sdk";
import type { Logger } from "../../_shared/logger.ts";
import { buildPrompt } from "./prompt.ts";
import type { AnswerQuestion, FaqAnswer, FaqMatch, SearchFaqs } from "./types.ts";

/** How many FAQ rows search returns and Claude sees. */
export const FAQ_MATCH_LIMIT = 3;
/** Enough for a few WhatsApp sentences; a longer answer is cut off and replaced by the verbatim row. */
export const CLAUDE_MAX_TOKENS = 400;

export interface ClaudeSettings {
  client: Anthropic;
  model: string;
}

export interface AnswerOptions {
  searchFaqs: SearchFaqs;
  /** null when no ANTHROPIC_API_KEY is configured: answers are the best row, verbatim. */
  claude: ClaudeSettings | null;
  log: Logger;
}

function verbatim(best: FaqMatch): FaqAnswer {
  return { kind: "answered", text: best.answer, source: "verbatim", faqIds: [best.id] };
}

async function phrase(claude: ClaudeSettings, prompt: { system: string; user: string }): Promise<string | null> {
  const message = await claude.client.messages.create({
    model: claude.model,
    max_tokens: CLAUDE_MAX_TOKENS,
    system: prompt.system,
    messages: [{ role: "user", content: prompt.user }],
  });
  // A reply cut off mid-sentence is worse than the clinic's own text.
  if (message.stop_reason === "max_tokens") return null;
  const text = message.content
    .flatMap((block) => (block.type === "text" ? [block.text] : []))
    .join("")
    .trim();
  return text === "" ? null : text;
}

export function createAnswerQuestion(options: AnswerOptions): AnswerQuestion {
  const { searchFaqs, claude, log } = options;
  return async (input) => {
    const matches = input.readAhead?.limit === FAQ_MATCH_LIMIT
      ? input.readAhead.matches
      : await searchFaqs(input.clinicId, input.question, FAQ_MATCH_LIMIT, input.language);
    const best = matches[0];
    if (best === undefined) return { kind: "no_match" };
    if (claude === null) return verbatim(best);

    const prompt = buildPrompt(input, matches);
    try {
      const text = await phrase(claude, prompt);
      if (text === null) {
        log.warn("faq_claude_fallback", { reason: "empty_or_truncated", faq_id: best.id });
        return verbatim(best);
      }
      return { kind: "answered", text, source: "claude", faqIds: matches.map((match) => match.id) };
    } catch (error) {
      // Claude is an optional nicety: its failure must never fail the patient's turn.
      log.warn("faq_claude_fallback", { reason: "error", error, faq_id: best.id });
      return verbatim(best);
    }
  };
}
