/**
 * Wires the real dependencies from a parsed Config: the service-role supabase-js client, FAQ
 * search and Claude, the logger and the clock. index.ts only reads the environment and serves.
 */
import { createClient } from "@supabase/supabase-js";
import type { RunTurn } from "../_shared/deps.ts";
import { createLogger, type Logger } from "../_shared/logger.ts";
import type { Config } from "./config.ts";
import { createAnswerQuestion } from "./faq/answer.ts";
import { createClaude } from "./faq/claude.ts";
import { rpcSearchFaqs } from "./faq/search.ts";
import { createHandler, type Handler } from "./http/handler.ts";

export function createApp(config: Config, runTurn: RunTurn, log?: Logger): Handler {
  const logger = log ?? createLogger({ level: config.logLevel });
  const db = createClient(config.supabaseUrl, config.serviceKey, {
    // A server-side client: no session to keep or refresh.
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  const answerQuestion = createAnswerQuestion({
    searchFaqs: rpcSearchFaqs(db),
    claude: createClaude(config.anthropic),
    log: logger,
  });
  return createHandler({ db, runTurn, answerQuestion, now: () => new Date(), log: logger, logPatientText: config.logPatientText });
}
