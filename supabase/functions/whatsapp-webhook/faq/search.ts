/** FAQ search through the `search_faqs` RPC (Postgres full-text plus trigram similarity). */
import type { SupabaseClient } from "@supabase/supabase-js";
import { z } from "zod";
import { callRpc } from "../../_shared/rpc.ts";
import type { SearchFaqs } from "./types.ts";

const matchRowsSchema = z.array(
  z.object({ id: z.uuid(), question: z.string(), answer: z.string(), score: z.number() }),
);

export function rpcSearchFaqs(db: SupabaseClient): SearchFaqs {
  return (clinicId, query, limit) =>
    callRpc(db, "search_faqs", { p_clinic_id: clinicId, p_query: query, p_limit: limit }, matchRowsSchema);
}
