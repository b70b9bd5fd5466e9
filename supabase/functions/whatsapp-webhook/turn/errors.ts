/**
 * The turn layer's one error type. `transient`: the database was unreachable or busy, or concurrent
 * turns of the same conversation kept winning; retrying the same request later can succeed (the
 * HTTP layer answers 503). `internal`: the database answered something the turn cannot use, which a
 * retry will not fix (the HTTP layer answers 500 and logs it as a bug). An RPC the database refused
 * for a reason the turn does not handle is not wrapped: it reaches the HTTP layer as a rejected
 * RpcError, also a 500.
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
