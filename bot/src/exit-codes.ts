/**
 * The bot process's exit statuses (sysexits.h where one fits), shared with `npm start`, which
 * tells a refusal the bot explained from a crash.
 */
/** A crash or a failed shutdown. */
export const EXIT_FAILURE = 1;
/** A configuration error, distinct from a crash so PM2 logs tell them apart (EX_CONFIG). */
export const EXIT_CONFIG = 78;
/** Another bot holds this bot's session, queue or port (EX_UNAVAILABLE). */
export const EXIT_UNAVAILABLE = 69;
