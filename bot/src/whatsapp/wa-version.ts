/**
 * The WhatsApp Web version to announce: fetched from web.whatsapp.com with a timeout, else the
 * version bundled with Baileys. Which one is used is logged, because a stale version shows up
 * later as a 405 close.
 */
import { DEFAULT_CONNECTION_CONFIG, fetchLatestWaWebVersion, type WAVersion } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import { describeError } from "../shared/errors.ts";

/** The fetch must not hold up start-up for long; the bundled version usually works. */
export const VERSION_FETCH_TIMEOUT_MS = 5_000;

export type VersionSource = "fetched" | "bundled";
export interface ResolvedVersion {
  version: WAVersion;
  source: VersionSource;
}

export type VersionProvider = () => Promise<ResolvedVersion>;

export function bundledVersion(): ResolvedVersion {
  return { version: DEFAULT_CONNECTION_CONFIG.version, source: "bundled" };
}

export function createVersionProvider(logger: Logger): VersionProvider {
  let cached: ResolvedVersion | undefined;
  return async () => {
    if (cached) return cached;
    try {
      const result = await fetchLatestWaWebVersion({ signal: AbortSignal.timeout(VERSION_FETCH_TIMEOUT_MS) });
      if (result.isLatest && !result.error) {
        cached = { version: result.version, source: "fetched" };
        logger.info({ version: result.version.join(".") }, "using the WhatsApp Web version fetched from web.whatsapp.com");
        return cached;
      }
      logger.warn({ error: describeError(result.error) }, "WhatsApp Web version fetch failed; using the bundled version");
    } catch (error) {
      logger.warn({ error: describeError(error) }, "WhatsApp Web version fetch failed; using the bundled version");
    }
    cached = bundledVersion();
    logger.info({ version: cached.version.join(".") }, "using the WhatsApp Web version bundled with Baileys");
    return cached;
  };
}
