/**
 * Looks up a channel's clinic and accepted secrets through the `channel_secrets` RPC, cached per
 * isolate so a busy chat does not cost one extra database round trip per message.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { z } from "zod";
import { callRpc } from "../../_shared/rpc.ts";

/** How long a found channel is trusted before asking the database again. */
export const CHANNEL_CACHE_TTL_MS = 60_000;
/** Unknown channels are remembered more briefly, so a newly added one works within seconds. */
export const UNKNOWN_CHANNEL_CACHE_TTL_MS = 5_000;
/** A signature failure may refetch the channel (its secret may have just rotated), at most this often. */
export const MIN_REFRESH_INTERVAL_MS = 5_000;
/** Bounds memory when someone sends many made-up channel ids. */
export const MAX_CACHED_CHANNELS = 1_000;

export interface ChannelRecord {
  id: string;
  clinicId: string;
  clinicName: string;
  /** Current secret first, then previous ones still accepted during rotation. */
  secrets: readonly string[];
}

export interface ChannelDirectory {
  /** The enabled channel with this id, or null. Ids that are not uuids are never looked up. */
  find(channelId: string): Promise<ChannelRecord | null>;
  /** Like find, but bypasses a cached entry unless it was fetched very recently. */
  refresh(channelId: string): Promise<ChannelRecord | null>;
}

export type FetchChannel = (channelId: string) => Promise<ChannelRecord | null>;

const channelRowsSchema = z.array(
  z.object({ clinic_id: z.uuid(), clinic_name: z.string(), secrets: z.array(z.string()) }),
);

const uuidSchema = z.uuid();

/** The database side: one call of `channel_secrets`. */
export function rpcFetchChannel(db: SupabaseClient): FetchChannel {
  return async (channelId) => {
    const rows = await callRpc(db, "channel_secrets", { p_channel_id: channelId }, channelRowsSchema);
    const row = rows[0];
    if (row === undefined) return null;
    return { id: channelId, clinicId: row.clinic_id, clinicName: row.clinic_name, secrets: row.secrets };
  };
}

interface CacheEntry {
  record: ChannelRecord | null;
  fetchedAtMs: number;
}

export function createChannelDirectory(fetchChannel: FetchChannel, nowMs: () => number): ChannelDirectory {
  const cache = new Map<string, CacheEntry>();

  const load = async (channelId: string): Promise<ChannelRecord | null> => {
    const record = await fetchChannel(channelId);
    cache.delete(channelId);
    if (cache.size >= MAX_CACHED_CHANNELS) {
      // Maps iterate in insertion order, so the first key is the oldest entry.
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(channelId, { record, fetchedAtMs: nowMs() });
    return record;
  };

  const fresh = (entry: CacheEntry, ttlMs: number) => nowMs() - entry.fetchedAtMs < ttlMs;

  return {
    async find(channelId) {
      if (!uuidSchema.safeParse(channelId).success) return null;
      const entry = cache.get(channelId);
      if (entry !== undefined) {
        const ttl = entry.record === null ? UNKNOWN_CHANNEL_CACHE_TTL_MS : CHANNEL_CACHE_TTL_MS;
        if (fresh(entry, ttl)) return entry.record;
      }
      return load(channelId);
    },
    async refresh(channelId) {
      if (!uuidSchema.safeParse(channelId).success) return null;
      const entry = cache.get(channelId);
      if (entry !== undefined && fresh(entry, MIN_REFRESH_INTERVAL_MS)) return entry.record;
      return load(channelId);
    },
  };
}
