/**
 * Ids for the rows a seed creates that the file gives no id: derived from the clinic and the row's
 * natural key, so the same file always gives the same seed.sql (and its test can compare bytes).
 * Shaped as RFC 9562 version 8 ("custom") uuids.
 */
import { createHash } from "node:crypto";
import type { NewId } from "../plan/plan.ts";

const UUID_HEX_CHARS = 32;
/** The version nibble's position, and RFC 9562's variant nibble's (10xx). */
const VERSION_AT = 12;
const VARIANT_AT = 16;
const VARIANT_BITS = 0x8;
const VARIANT_MASK = 0x3;

export function stableId(namespace: string): NewId {
  return (kind, key) => {
    const hex = createHash("sha256").update(`${namespace}\u0000${kind}\u0000${key}`).digest("hex").slice(0, UUID_HEX_CHARS).split("");
    hex[VERSION_AT] = "8";
    hex[VARIANT_AT] = ((Number.parseInt(hex[VARIANT_AT] ?? "0", 16) & VARIANT_MASK) | VARIANT_BITS).toString(16);
    const h = hex.join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}
