/**
 * Builds the Claude client from configuration, or null when no API key is configured (answers are
 * then the best FAQ row, verbatim). Short timeout and at most one retry: the patient is waiting.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { ClaudeSettings } from "./answer.ts";

/** Claude must answer quickly or not at all. */
export const CLAUDE_TIMEOUT_MS = 4_000;
/** One retry at most (ARCHITECTURE.md "Claude"); worst case is two timeouts plus the SDK's backoff. */
export const CLAUDE_MAX_RETRIES = 1;

export interface ClaudeConfig {
  apiKey: string;
  model: string;
  baseURL: string | null;
}

export function createClaude(
  config: ClaudeConfig | null,
  limits: { timeoutMs: number; maxRetries: number } = { timeoutMs: CLAUDE_TIMEOUT_MS, maxRetries: CLAUDE_MAX_RETRIES },
): ClaudeSettings | null {
  if (config === null) return null;
  const client = new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseURL === null ? {} : { baseURL: config.baseURL }),
    timeout: limits.timeoutMs,
    maxRetries: limits.maxRetries,
  });
  return { client, model: config.model };
}
