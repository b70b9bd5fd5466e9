/**
 * FAQ search through the `search_faqs` RPC: each entry matched in its own language (stemming,
 * accents folded, trigram similarity), the patient's language first.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { z } from "zod";
import { callRpc } from "../../_shared/rpc.ts";
import { LANGUAGES } from "../locales/types.ts";
import type { SearchFaqs } from "./types.ts";

/** search_faqs' rows, best first (also as begin_turn reads them ahead: turn/prefetch.ts). */
export const matchRowsSchema = z.array(
  z.object({ id: z.uuid(), question: z.string(), answer: z.string(), language: z.enum(LANGUAGES), score: z.number() }),
);

export function rpcSearchFaqs(db: SupabaseClient): SearchFaqs {
  return (clinicId, query, limit, language) =>
    callRpc(db, "search_faqs", { p_clinic_id: clinicId, p_query: query, p_limit: limit, p_language: language }, matchRowsSchema);
}
