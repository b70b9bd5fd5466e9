/** The bot's one error type: a stable `code` for logs and /health, and a human message. */
export type BotErrorCode =
  | "config_invalid"
  | "directory_locked"
  | "port_in_use"
  | "queue_corrupt"
  | "function_rejected"
  | "function_unavailable"
  | "function_bad_response"
  | "socket_not_open"
  | "send_failed";

export class BotError extends Error {
  constructor(
    readonly code: BotErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BotError";
  }
}

/** A message for logs and /health from anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

// Defined in shared/ so the bot, the stack and the function can use one; re-exported so bot modules
// keep importing their error helpers from one place.
export { assertNever } from "../../../shared/assert-never.ts";
