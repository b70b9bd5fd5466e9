/**
 * What a turn needs from the outside world, passed in so the turn is testable: the database
 * (supabase-js with the service role, RPCs only), the FAQ answerer, the clock and the logger.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { AnswerQuestion } from "../whatsapp-webhook/faq/types.ts";
import type { Logger } from "./logger.ts";
import type { InboundMessage } from "../../../shared/contract/index.ts";

export interface TurnDeps {
  db: SupabaseClient;
  answerQuestion: AnswerQuestion;
  now: () => Date;
  log: Logger;
}

/** The channel the request was signed for, resolved by the `channel_secrets` RPC. */
export interface ChannelContext {
  id: string;
  clinicId: string;
  clinicName: string;
}

export interface TurnInput {
  channel: ChannelContext;
  message: InboundMessage;
}

export interface TurnResult {
  conversationId: string;
  response: string | null;
  duplicate: boolean;
}

export type RunTurn = (deps: TurnDeps, input: TurnInput) => Promise<TurnResult>;
