/**
 * Who wrote: the sender's phone number as E.164. WhatsApp v7 may address a person by LID (a
 * privacy id, `…@lid`); then the phone comes from `key.remoteJidAlt` or Baileys' LID mapping store,
 * and is `null` when neither knows it.
 */
import { isLidUser, isPnUser, jidDecode, type WAMessageKey } from "@whiskeysockets/baileys";

/** The part of Baileys' LID mapping store the bot uses. */
export interface LidLookup {
  getPNForLID(lid: string): Promise<string | null>;
}

/** E.164 allows at most 15 digits; WhatsApp user parts of phone JIDs are the digits alone. */
const MAX_E164_DIGITS = 15;
const DIGITS = /^\d+$/;

/** `+<digits>` from a phone-number JID (`15551234567:3@s.whatsapp.net` → `+15551234567`). */
export function phoneFromPnJid(jid: string | null | undefined): string | null {
  if (!jid || !isPnUser(jid)) return null;
  const user = jidDecode(jid)?.user;
  if (!user || !DIGITS.test(user) || user.length > MAX_E164_DIGITS || user.startsWith("0")) return null;
  return `+${user}`;
}

export async function resolveSenderPhone(key: WAMessageKey, lids: LidLookup | undefined): Promise<string | null> {
  const chatJid = key.remoteJid;
  if (!chatJid) return null;
  const direct = phoneFromPnJid(chatJid);
  if (direct) return direct;
  const alternate = phoneFromPnJid(key.remoteJidAlt);
  if (alternate) return alternate;
  if (isLidUser(chatJid) && lids) {
    return phoneFromPnJid(await lids.getPNForLID(chatJid));
  }
  return null;
}
