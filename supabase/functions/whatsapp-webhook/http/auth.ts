/**
 * Authenticates one request: the channel header names an enabled channel and the body is signed,
 * recently, with one of its secrets. Every failure is the same 401 to the client; the reason is
 * kept for the log only, so a prober learns nothing about which channels exist.
 */
import {
  HEADER_CHANNEL_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
} from "../../../../shared/contract/index.ts";
import { verifySignature } from "../../../../shared/signing/index.ts";
import type { ChannelContext } from "../../_shared/deps.ts";
import type { ChannelDirectory } from "./channel-directory.ts";
import { HttpError } from "./errors.ts";

const MS_PER_S = 1_000;

const unauthorized = (reason: string) =>
  new HttpError("unauthorized", "missing or invalid signature", reason);

export async function authenticate(
  headers: Headers,
  rawBody: string,
  channels: ChannelDirectory,
  now: Date,
): Promise<ChannelContext> {
  const channelId = headers.get(HEADER_CHANNEL_ID);
  const timestamp = headers.get(HEADER_TIMESTAMP);
  const signature = headers.get(HEADER_SIGNATURE);
  // Cheap refusals first, before any database lookup.
  if (channelId === null || timestamp === null || signature === null) throw unauthorized("missing");

  const nowS = now.getTime() / MS_PER_S;
  // With no secrets, verification can only fail; if it fails for a reason other than the MAC
  // (malformed or stale headers), refuse without touching the database.
  const precheck = await verifySignature({ secrets: [], timestamp, signature, rawBody, nowS });
  if (!precheck.ok && precheck.reason !== "bad_signature") throw unauthorized(precheck.reason);

  let channel = await channels.find(channelId);
  if (channel === null) throw unauthorized("unknown_channel");
  let result = await verifySignature({ secrets: channel.secrets, timestamp, signature, rawBody, nowS });
  if (!result.ok && result.reason === "bad_signature") {
    // The cached secrets may predate a rotation: look once more before refusing.
    const refreshed = await channels.refresh(channelId);
    if (refreshed === null) throw unauthorized("unknown_channel");
    if (refreshed !== channel) {
      channel = refreshed;
      result = await verifySignature({ secrets: channel.secrets, timestamp, signature, rawBody, nowS });
    }
  }
  if (!result.ok) throw unauthorized(result.reason);
  return { id: channel.id, clinicId: channel.clinicId, clinicName: channel.clinicName };
}
