/**
 * Limits and header names of the bot ↔ function wire contract (ARCHITECTURE.md "Wire contract").
 * Both sides import these, so a limit is changed in exactly one place.
 */

/** Largest request body the function reads, in bytes (64 KiB). */
export const MAX_BODY_BYTES = 65_536;

/** Longest patient message accepted, in characters (Unicode code points). */
export const MAX_MESSAGE_CHARS = 4_096;

/** A request whose x-timestamp is further than this from the function's clock is rejected. */
export const MAX_CLOCK_SKEW_S = 300;

/** Most outbox rows one claim may return, and how many a claim asks for when it does not say. */
export const MAX_OUTBOX_CLAIM = 50;
export const DEFAULT_OUTBOX_CLAIM = 20;

/** Header names, lower case as `Headers` reports them. */
export const HEADER_CHANNEL_ID = "x-channel-id";
export const HEADER_TIMESTAMP = "x-timestamp";
export const HEADER_SIGNATURE = "x-signature";
export const HEADER_CONTENT_TYPE = "content-type";

/** The only content type the function accepts and answers with. */
export const JSON_CONTENT_TYPE = "application/json";

/** Prefix of the x-signature value, followed by the lowercase hex HMAC. */
export const SIGNATURE_PREFIX = "sha256=";

/** Paths relative to the function's base URL (FUNCTION_URL). */
export const TURN_PATH = "/";
export const OUTBOX_CLAIM_PATH = "/outbox/claim";
export const OUTBOX_ACK_PATH = "/outbox/ack";
export const DEAD_LETTER_PATH = "/dead-letter";
