/**
 * The turn layer's one error type. `transient`: the database was unreachable or busy, or concurrent
 * turns of the same conversation kept winning; retrying the same request later can succeed (the
 * HTTP layer answers 503). `internal`: the database answered something the turn cannot use, which a
 * retry will not fix.
 */
export type TurnErrorCode = "transient" | "internal";

export class TurnError extends Error {
  override readonly name = "TurnError";
  constructor(
    readonly code: TurnErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
