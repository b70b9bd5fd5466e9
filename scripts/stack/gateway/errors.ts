/**
 * PostgREST's error body and its SQLSTATE → HTTP status table (PostgREST's Error.hs,
 * serverErrorStatus, v12/v13). The gateway's own failures use the same body with PGRST codes.
 */

export interface ErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

/** A failure the gateway answers itself, with PostgREST's status, code and optional headers. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = "GatewayError";
  }
}

export function gatewayError(
  status: number,
  code: string,
  message: string,
  extra: { details?: string | null; hint?: string | null; headers?: Record<string, string> } = {},
): GatewayError {
  return new GatewayError(status, { code, message, details: extra.details ?? null, hint: extra.hint ?? null }, extra.headers);
}

/** The platform's answer to a request body over `limitBytes` (PostgREST's or an Edge Function's). */
export function payloadTooLarge(limitBytes: number): GatewayError {
  return gatewayError(413, "413", `Request body too large: the limit is ${limitBytes} bytes`);
}

/** The fields of a Postgres error as node-pg exposes them. */
export interface PgErrorFields {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function isPgError(error: unknown): error is PgErrorFields & Error {
  return error instanceof Error && typeof (error as PgErrorFields).code === "string" && "severity" in error;
}

/**
 * The status PostgREST answers for a SQLSTATE. `authed` is true when the request's role is not the
 * anonymous one: insufficient privilege is then 403, else 401 (log in and try again).
 */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
  switch (code) {
    case "23503":
    case "23505":
      return 409;
    case "25006":
      return 405;
    case "21000":
      return message.endsWith("requires a WHERE clause") ? 400 : 500;
    case "22023":
      return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
    case "53400":
      return 500;
    case "57P01":
      return 503;
    case "P0001":
      return 400;
    case "42883":
    case "42P01":
      return 404;
    case "42P17":
      return 500;
    case "42501":
      return authed ? 403 : 401;
  }
  const customStatus = /^PT(\d{3})$/.exec(code);
  if (customStatus) return Number(customStatus[1]);
  switch (code.slice(0, 2)) {
    case "08":
      return 503;
    case "09":
      return 500;
    case "0L":
    case "0P":
      return 403;
    case "25":
      return 500;
    case "28":
      return 403;
    case "2D":
    case "38":
    case "39":
    case "3B":
    case "40":
      return 500;
    case "53":
      return 503;
    case "54":
    case "55":
    case "57":
    case "58":
    case "F0":
    case "HV":
    case "P0":
    case "XX":
      return 500;
    default:
      return 400;
  }
}

/** PostgREST's answer to a Postgres error: its status and `{code, message, details, hint}`. */
export function fromPgError(error: PgErrorFields, authed: boolean): GatewayError {
  const code = error.code ?? "";
  const status = statusForSqlState(code, error.message, authed);
  const headers: Record<string, string> = status === 401 ? { "www-authenticate": "Bearer" } : {};
  return new GatewayError(
    status,
    { code, message: error.message, details: error.detail ?? null, hint: error.hint ?? null },
    headers,
  );
}
