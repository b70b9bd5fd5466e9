/** Random secrets the clinic tool makes: a channel's signing secret and a bot's /health token. */
import { randomBytes } from "node:crypto";

/** 256 bits, as hex: 64 characters (channels.secret needs at least 32). */
const CHANNEL_SECRET_BYTES = 32;
/** 192 bits, as hex: 48 characters (the bot wants at least 16), like `openssl rand -hex 24`. */
const HEALTH_TOKEN_BYTES = 24;

export const newChannelSecret = (): string => randomBytes(CHANNEL_SECRET_BYTES).toString("hex");
export const newHealthToken = (): string => randomBytes(HEALTH_TOKEN_BYTES).toString("hex");
